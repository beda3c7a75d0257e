"""Page-number pagination for every API list.

A page says how many items the whole list has (``count``), and links to the
pages before and after it (``next``/``previous``: absolute addresses keeping
every other parameter, or ``null``). Lists keep a stable order (articles:
newest first, then by id), so that walking ``next`` sees every item once.

The total is kept in the shared cache (``core.cache.LIST_TOTAL``, until the
content changes) under a key naming the list and its filters
(``core.pagination.CachedCountPaginator``): counting 100 000 articles for
every page costs more than the page itself. A page past
the end is a 404 naming ``page``.
"""

from django.core.paginator import EmptyPage
from ninja import Schema
from pydantic import Field

from api.http import NotFound
from core.pagination import CachedCountPaginator

PAGE_SIZE = 20
# Articles' order in every list: a total order, so pages never overlap.
NEWEST_FIRST = ("-published_at", "-id")
MAX_PAGE_SIZE = 100


class PageParams(Schema):
    """Which page of a list, and how long pages are."""

    page: int = Field(1, ge=1, description="The page number, from 1.")
    page_size: int = Field(
        PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page (at most {MAX_PAGE_SIZE}).",
    )


def page_url(request, number):
    """The address of page ``number`` of the list ``request`` asked for."""
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request, items, params, *, key):
    """``{"count", "next", "previous", "results"}`` for a page of ``items``
    (an ordered queryset); ``key`` names the list for its cached total."""
    paginator = CachedCountPaginator(items, params.page_size, count_key=key)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        pages = paginator.num_pages
        raise NotFound(
            "page",
            f"Page {params.page} does not exist: the list has {pages} "
            f"page{'s' if pages != 1 else ''}.",
        ) from None
    return {
        "count": paginator.count,
        "next": page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_url(request, page.previous_page_number())
        if page.has_previous()
        else None,
        "results": list(page.object_list),
    }
