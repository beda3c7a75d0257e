"""Which articles match a search: the API asks the site's search.

The same function the readers' search page uses (``search.query``), so the
API and the site always agree: Arabic and English folded alike, English
stemmed, every word required, best matches first (at most
``CMS_SEARCH_MAX_RESULTS``, the newest matches), with the ranking kept a
minute in the shared cache.
"""

from django.db.models import Case, IntegerField, Value, When

from search.query import cached_search


def matching_articles(query, articles):
    """The articles of ``articles`` (already filtered) that match ``query``,
    best first."""
    ids = cached_search(query).ids
    if not ids:
        return articles.none()
    position = Case(
        *(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)),
        output_field=IntegerField(),
    )
    return articles.filter(pk__in=ids).order_by(position)
