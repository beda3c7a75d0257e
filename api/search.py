"""Which articles match a search: the one function the API's search asks.

A stand-in until the site's search (the ``search`` app) is merged; then
``matching_articles`` becomes a call to that app's query function, so that
the API and the reader's search always agree.

The rule is the reader's search's: the text is folded with ``cms.text``
(``fold``/``words``: case, diacritics, Arabic letter forms). On PostgreSQL,
full-text search (configuration ``english``) over the title (weight A), the
excerpt (B) and the body (C), best matches first; elsewhere (SQLite), every
folded word must appear in the title, the excerpt or the body.
"""

from django.db import connection
from django.db.models import Q

from api.pagination import NEWEST_FIRST
from cms import text


def matching_articles(query, articles):
    """The articles of ``articles`` (already filtered) that match ``query``:
    on PostgreSQL best first, then newest first; elsewhere newest first."""
    words = text.words(query)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import (
            SearchQuery,
            SearchRank,
            SearchVector,
        )

        document = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("excerpt", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        wanted = SearchQuery(" ".join(words), config="english", search_type="plain")
        return (
            articles.annotate(document=document, rank=SearchRank(document, wanted))
            .filter(document=wanted)
            .order_by("-rank", *NEWEST_FIRST)
        )
    for word in words:
        articles = articles.filter(
            Q(title__icontains=word)
            | Q(excerpt__icontains=word)
            | Q(body__icontains=word)
        )
    return articles.order_by(*NEWEST_FIRST)
