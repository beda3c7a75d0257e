"""A paginator whose total is cached: counting a large archive is slow."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CACHE_SECONDS = 60
GENERATION_KEY = "cms:count-generation"


def invalidate_counts(**kwargs):
    """Forget every cached total (an editor changed the content)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


class CachedCountPaginator(Paginator):
    """Keeps ``count`` for a minute under ``count_key``, which names the list.

    On 100 000 articles the ``COUNT(*)`` of a listing costs more than the page
    itself. The key comes from the view (what it lists), not from the SQL,
    whose "now" changes at every request. Editors' changes invalidate all
    totals at once; a scheduled article is counted within a minute.
    """

    def __init__(self, *args, count_key=None, **kwargs):
        self.count_key = count_key
        super().__init__(*args, **kwargs)

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        generation = cache.get_or_set(GENERATION_KEY, 0, None)
        digest = hashlib.sha256(f"{generation}:{self.count_key}".encode()).hexdigest()
        key = f"cms:count:{digest}"
        total = cache.get(key)
        if total is None:
            total = super().count
            cache.set(key, total, COUNT_CACHE_SECONDS)
        return total

    def page(self, number):
        """A full page even when the cached total is behind the table.

        Django's paginator stops a page at ``count``; with a total a minute
        old, a newly due article would push the last row of the page out.
        """
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(
            self.object_list[bottom : bottom + self.per_page], number, self
        )
