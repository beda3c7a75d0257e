"""Finding articles: one function from a reader's words and filters to a ranked list.

- Only published articles are found: the search starts from
  ``Article.objects.published()``, and the filters narrow it.
- Every word must match (after folding and stemming, ``search.terms``).
- Ranking: a word in the title counts more than one in the excerpt, which
  counts more than one in the body; equal ranks, newest first.
- A very common word would rank most of the archive. The ranked set is the
  newest ``CMS_SEARCH_MAX_RESULTS`` matches: PostgreSQL then finds them by
  walking the publication-time index (or, for a rare word, the GIN index),
  and ranks a bounded number of rows, so a search costs about the same on
  100 000 articles as on 1 000.
"""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from articles.models import Article, Author, Category
from cms import conf
from search.index import CONFIG, uses_tsvector
from search.terms import query_terms, query_words

# ts_rank's weights for D, C, B, A: one title match outranks any number of
# body matches of the same word (ts_rank adds repeats with falling weights,
# at most about 1.6 times the first).
RANK_WEIGHTS = [0.05, 0.1, 0.3, 1.0]
# The fallback's points for a word found in the title, excerpt or body.
FALLBACK_POINTS = {"A": 4, "B": 2, "C": 1}


@dataclass(frozen=True)
class Filters:
    """What a reader narrowed the search to (``None``: not narrowed)."""

    language: str | None = None  # an edition, "ar" or "en"; None: both
    category: Category | None = None  # with its sub-categories
    author: Author | None = None
    date_from: datetime.date | None = None  # days in the site's time zone
    date_to: datetime.date | None = None


def search_articles(text, filters=Filters()):
    """Published articles matching every word of ``text``, best first.

    An empty queryset when ``text`` has no word to search for. The rows are
    plain articles annotated with ``rank``; add ``for_listing()`` to show them.
    """
    words = query_words(text)
    if not words:
        return Article.objects.none()
    candidates = _filtered(Article.objects.published(), filters)
    if uses_tsvector():
        query = SearchQuery(" ".join(words), config=CONFIG)
        matches = candidates.filter(search_document__vector=query)
        rank = SearchRank(F("search_document__vector"), query, weights=RANK_WEIGHTS)
    else:
        matches, rank = _fallback(candidates, query_terms(text))
    newest = matches.order_by("-published_at", "-pk").values("pk")
    newest = newest[: conf.get("CMS_SEARCH_MAX_RESULTS")]
    return (
        Article.objects.filter(pk__in=newest)
        .annotate(rank=rank)
        .order_by("-rank", "-published_at", "-pk")
    )


def _filtered(articles, filters):
    if filters.language:
        articles = articles.in_edition(filters.language)
    if filters.category is not None:
        articles = articles.in_category(filters.category)
    if filters.author is not None:
        articles = articles.filter(article_authors__author=filters.author)
    if (start := day_start(filters.date_from)) is not None:
        articles = articles.filter(published_at__gte=start)
    if (end := day_start(filters.date_to, days_after=1)) is not None:
        articles = articles.filter(published_at__lt=end)
    return articles


def day_start(day, days_after=0):
    """The start of ``day`` (+ ``days_after``) in the site's time zone.

    ``None`` when there is no day, or when it lies beyond what a database
    stores (years 1 and 9999): such a bound excludes nothing.
    """
    if day is None:
        return None
    try:
        start = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time.min)
            + datetime.timedelta(days=days_after)
        )
        start.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return start


def _fallback(articles, terms):
    """Matching and ranking without PostgreSQL: ``LIKE`` over the stems text.

    The vector column holds ``" stem:A stem:C "``; Django escapes ``%`` and
    ``_`` in the pattern.
    """
    points = Value(0)
    for term in terms:
        articles = articles.filter(search_document__vector__contains=f" {term}:")
        points = points + Case(
            *(
                When(
                    search_document__vector__contains=f" {term}:{weight} ",
                    then=Value(score),
                )
                for weight, score in FALLBACK_POINTS.items()
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    return articles, points
