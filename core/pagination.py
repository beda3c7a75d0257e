"""A paginator whose total is cached: counting a large archive is slow."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from core import cache


def asks_first_page(request, page_kwarg="page"):
    """Whether ``request`` asks a list for its first page, as the paginator
    reads the number: ``?page=``, ``?page=01`` and ``?page=١`` are page 1 too."""
    try:
        return int(request.GET.get(page_kwarg) or 1) == 1
    except ValueError:
        return False


class CachedCountPaginator(Paginator):
    """Keeps ``count`` in the shared cache under ``count_key``, which names the list.

    On 100 000 articles the ``COUNT(*)`` of a listing costs more than the page
    itself. The key comes from the view (what it lists), not from the SQL,
    whose "now" changes at every request. ``shows``: the dependency of what
    the list shows (``core.cache.listed``; every list by default), so that a
    change to it, by an editor or by the schedule, counts it again.
    """

    def __init__(self, *args, count_key=None, shows=cache.LISTS, **kwargs):
        self.count_key, self.shows = count_key, shows
        super().__init__(*args, **kwargs)

    @cached_property
    def count(self):
        if self.count_key is None:
            return self._count_rows()
        return cache.remember(
            cache.LIST_TOTAL, self.count_key, self.shows, compute=self._count_rows
        )

    def _count_rows(self):
        return super().count

    def page(self, number):
        """A full page even when the cached total is behind the table.

        Django's paginator stops a page at ``count``; with a total read just
        before a scheduled article's time, that article would push the last
        row of the page out.
        """
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(
            self.object_list[bottom : bottom + self.per_page], number, self
        )


class IdRangePaginator(Paginator):
    """Pages by ranges of ids: page *n* holds the rows whose id is in
    ``[(n - 1) × per_page, n × per_page)``, in id order.

    For lists read by machines (sitemaps), where a page may hold fewer rows
    than ``per_page``: any page costs one range scan on the primary key,
    however far it is (no ``OFFSET``, no ``COUNT(*)``), and a row stays on its
    page when others come or go.
    """

    @cached_property
    def num_pages(self):
        last = self.object_list.order_by("-pk").values_list("pk", flat=True).first()
        return 1 if last is None else last // self.per_page + 1

    def page(self, number):
        number = self.validate_number(number)
        first = (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gte=first, pk__lt=first + self.per_page)
        return self._get_page(rows.order_by("pk"), number, self)
