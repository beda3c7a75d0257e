"""Reads from the read replicas, writes to the primary.

With ``DATABASE_REPLICA_URLS`` set, the settings add ``replica_1``,
``replica_2``… beside ``default``, the primary. ``PrimaryReplicaRouter``
sends:

- every write (``save``, ``update``, ``delete``, ``select_for_update``,
  ``get_or_create``…) to the primary, and pins the rest of the request to it,
  so that a request reads what it has just written;
- the reads of a reader's page to one replica, chosen at random for the whole
  request, when ``ReplicaReadsMiddleware`` found the request may use one
  (``may_read_from_replica``): anyone's request (``core.audience``: a GET
  or HEAD without a session, a message waiting or credentials), while no
  content changed in the last
  ``CMS_REPLICA_LAG_SECONDS`` (a replica may not have the change yet, and
  whatever a page computes now is cached under the new content generation);
- every other read to the primary: POSTs (a form is checked against the
  rows it changes), signed-in editors (an editor who saves and reloads sees
  what they saved), and everything outside a request (management commands,
  cron jobs, the shell, the mail sent after a response);
- migrations to the primary only (the replicas copy it).

Which database a request reads from is a context variable: each thread (and
task) has its own, it is set when the request starts and cleared when it
ends, so it never leaks into another request.
"""

import random
from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections

from core import audience, cache

REPLICA_PREFIX = "replica_"

# The replica this request may read from; ``None``: the primary.
_read_alias: ContextVar[str | None] = ContextVar("cms_read_alias", default=None)


def replica_aliases():
    """The configured replicas' aliases (``replica_1``…), in order."""
    return [alias for alias in connections if alias.startswith(REPLICA_PREFIX)]


def may_read_from_replica(request):
    """Whether ``request`` may read from a replica (see the module): anyone's
    (``core.audience``), while no content changed recently."""
    return audience.is_anyones(request) and not cache.changed_recently()


def read_from_replica():
    """Let this request's reads go to a replica chosen at random, if any."""
    aliases = replica_aliases()
    _read_alias.set(random.choice(aliases) if aliases else None)


def pin_to_primary(**kwargs):
    """Read from the primary until the request ends (also a signal receiver)."""
    _read_alias.set(None)


def reading_from():
    """The alias the current request reads from."""
    return _read_alias.get() or DEFAULT_DB_ALIAS


class PrimaryReplicaRouter:
    """Writes and migrations to the primary; reads as ``reading_from()``."""

    def db_for_read(self, model, **hints):
        return reading_from()

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's rows: any two may be related.
        databases = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Decide, as a request starts, whether its reads may go to a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if replica_aliases() and may_read_from_replica(request):
            read_from_replica()
        try:
            return self.get_response(request)
        finally:
            pin_to_primary()


# Whatever happened before, a request starts and ends on the primary.
request_started.connect(pin_to_primary, dispatch_uid="cms-db-router-start")
request_finished.connect(pin_to_primary, dispatch_uid="cms-db-router-finish")
