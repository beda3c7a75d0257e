"""Watching what a page reads from the shared cache, and in how many trips."""

from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.core.cache import caches


@dataclass
class Reads:
    one_by_one: list = field(default_factory=list)  # keys read alone
    together: list = field(default_factory=list)  # lists of keys read at once

    def entries_one_by_one(self):
        """The entry names (``cms:<name>:…``) of the keys read alone."""
        return [key.split(":")[1] for key in self.one_by_one]

    def entries_together(self):
        return [{key.split(":")[1] for key in keys} for keys in self.together]


@contextmanager
def cache_reads():
    """The reads of the default cache within the block (``Reads``)."""
    backend = caches["default"]
    reads, inside = Reads(), []
    get, get_many = backend.get, backend.get_many

    def spy_get(key, *args, **kwargs):
        if not inside:  # the memory backend's get_many asks get for each key
            reads.one_by_one.append(key)
        return get(key, *args, **kwargs)

    def spy_get_many(keys, *args, **kwargs):
        reads.together.append(list(keys))
        inside.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    with (
        mock.patch.object(backend, "get", spy_get),
        mock.patch.object(backend, "get_many", spy_get_many),
    ):
        yield reads


def stored_keys(backend):
    """The keys a cache backend holds (this process's memory, or Redis under
    the backend's prefix), as it names them."""
    if not hasattr(backend, "client"):  # this process's memory
        return list(backend._cache)
    client = backend.client.get_client(write=False)  # django-redis
    return [key.decode() for key in client.keys(backend.make_key("*"))]
