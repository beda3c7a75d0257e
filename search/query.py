"""Finding articles: one function from a reader's words and filters to a ranked list.

- Only published articles are found: the search starts from
  ``Article.objects.published()``, and the filters narrow it.
- Every word must match (after folding and stemming, ``search.terms``), and
  every phrase in quotes, its words together as typed.
- Ranking: a word in the title counts more than one in the excerpt, which
  counts more than one in the body; equal ranks, newest first.
- A very common word would rank most of the archive. The ranked set is the
  newest ``CMS_SEARCH_MAX_RESULTS`` matches. PostgreSQL finds them by
  walking the search documents newest first (their copy of the publication
  time is indexed, per edition), or, for a word rare in the edition,
  through the GIN index, and ranks them in the same query; a second query
  keeps those readers may see. The ranked ids (at most
  ``CMS_SEARCH_MAX_RESULTS`` numbers) give the total, and a page fetches
  its own ten articles. A search costs about the same on 100 000 articles as
  on 1 000.
"""

import datetime
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article, Author, Category
from core import cache, conf, i18n
from core.i18n import Language
from search.index import uses_tsvector
from search.models import SearchDocument
from search.terms import STOP_WORDS, as_written, parse_query

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


class RankedArticles(Sequence):
    """The ranked result: article ids, best first; a slice fetches its articles.

    ``len()`` (and ``count()``, for Django's paginator) is the number found.
    A slice is a list of articles with their categories, in rank order, in
    one query (the results page fetches the bylines it has not kept).
    """

    def __init__(self, ids):
        self.ids = list(ids)

    def __len__(self):
        return len(self.ids)

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            found = Article.objects.filter(pk__in=ids).select_related("category")
            found = found.in_bulk()
            return [found[pk] for pk in ids if pk in found]
        return self[index : index + 1 or None][0]

    def __iter__(self):
        return iter(self[:])


def search_articles(text, filters=Filters()):
    """Published articles matching every word of ``text``, best first.

    A ``RankedArticles``, empty when ``text`` has no word to search for.
    """
    query = parse_query(text)
    if not query:
        return RankedArticles([])
    visible = _filtered(Article.objects.published(), filters)
    matches = _matching_documents(query, filters)
    cap = conf.get("CMS_SEARCH_MAX_RESULTS")
    if filters.category is None and filters.author is None:
        rows = _newest_visible(matches, visible, cap)
    else:
        # A category's or an author's articles are found through their own
        # indexes: one query, the database joins them to the matches.
        rows = list(_newest(matches.filter(article__in=visible))[:cap])
    rows.sort(key=lambda row: (row[1], row[2], row[0]), reverse=True)
    return RankedArticles(article_id for article_id, _rank, _time in rows)


def _matching_documents(query, filters):
    """Documents with every word and phrase of ``query`` (``search.terms.Query``),
    in the edition and dates, with their ``rank``.

    Only the documents' own columns: the database walks them alone, newest
    first, for a common word, or goes through the GIN index for a rare one.
    """
    documents = SearchDocument.objects.all()
    editions = Language.values
    if filters.language and i18n.separate_editions():  # as in_edition
        editions = [filters.language]
    if (start := day_start(filters.date_from)) is not None:
        documents = documents.filter(published_at__gte=start)
    if (end := day_start(filters.date_to, days_after=1)) is not None:
        documents = documents.filter(published_at__lt=end)
    columns = [SearchDocument.vector_field(edition) for edition in editions]
    if uses_tsvector():
        lexemes = Lexemes(tsquery_text(query))
        documents = documents.filter(_any(columns, "exact", lexemes))
        vector = F(columns[0]) if len(columns) == 1 else Coalesce(*columns)
        rank = SearchRank(vector, lexemes, weights=RANK_WEIGHTS)
    else:
        for options in query.terms:
            documents = documents.filter(
                reduce(
                    operator.or_,
                    (_any(columns, "contains", f" {term}:") for term in options),
                )
            )
        for phrase in query.phrases:
            words = " ".join(word for word, _stemmed in phrase)
            documents = documents.filter(_any(columns, "contains", f" {words} "))
        rank = _fallback_rank(columns, query.terms)
    return documents.annotate(rank=rank)


class Lexemes(SearchQuery):
    """A ``tsquery`` of our own lexemes (``tsquery_text``), taken as written:
    no text search configuration parses or stems them again."""

    def __init__(self, text):
        super().__init__(text)
        self.text = text

    def as_sql(self, compiler, connection, **extra_context):
        return "%s::tsquery", [self.text]


def tsquery_text(query):
    """``query`` as a ``tsquery``: each word one of its stems, each phrase its
    words as written at their places (a stop word leaves its place free)."""
    needed = [
        "(" + " | ".join(f"'{term}'" for term in options) + ")"
        for options in query.terms
    ]
    for phrase in query.phrases:
        placed = [
            (place, as_written(word))
            for place, (word, _stemmed) in enumerate(phrase)
            if word not in STOP_WORDS
        ]
        text, previous = "", None
        for place, lexeme in placed:
            if previous is not None:
                text += f" <{place - previous}> "
            text += f"'{lexeme}'"
            previous = place
        needed.append(f"({text})")
    return " & ".join(needed)


def _any(columns, lookup, value):
    """``Q``: one of the vector ``columns`` (one per edition) matches."""
    return reduce(operator.or_, (Q(**{f"{c}__{lookup}": value}) for c in columns))


def _newest(documents):
    """``(article_id, rank, published_at)`` rows, newest first."""
    return documents.order_by("-published_at", "-article_id").values_list(
        "article_id", "rank", "published_at"
    )


def _newest_visible(matches, visible, cap):
    """The newest ``cap`` matches that readers may see, a chunk at a time.

    Drafts, scheduled and hidden articles are few among the matches: a
    chunk a tenth larger than ``cap`` makes most searches one query for the
    matches and one checking them against ``visible``
    (``Article.objects.published()`` and the filters).
    """
    size = cap + cap // 10 + 1
    rows, newest = [], _newest(matches)
    while len(rows) < cap:
        chunk = list(newest[:size])
        shown = set(
            visible.filter(pk__in=[row[0] for row in chunk]).values_list(
                "pk", flat=True
            )
        )
        rows.extend(row for row in chunk if row[0] in shown)
        if len(chunk) < size:
            break
        last_id, _rank, last_time = chunk[-1]
        newest = _newest(matches).filter(
            Q(published_at__lt=last_time)
            | Q(published_at=last_time, article_id__lt=last_id)
        )
    return rows[:cap]


def cached_search(text, filters=Filters()):
    """``search_articles``, its ranked ids kept in the shared cache
    (``core.cache.SEARCH_RESULTS``, for its lifetime).

    Paging through the results searches once; an editor's change makes the
    ranking fresh at once (the content generation), and so does a scheduled
    article's time (nothing is kept past the next scheduled change).
    """
    key = (
        parse_query(text).key,
        filters.language,
        getattr(filters.category, "pk", None),
        getattr(filters.author, "pk", None),
        filters.date_from,
        filters.date_to,
    )
    ids = cache.remember(
        cache.SEARCH_RESULTS, *key, compute=lambda: search_articles(text, filters).ids
    )
    return RankedArticles(ids)


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


def _fallback_rank(columns, terms):
    """Ranking without PostgreSQL: points for each word (``Query.terms``: one
    of its stems), by the best part it is in.

    The vector columns hold ``" stem:A stem:C "``; Django escapes ``%`` and
    ``_`` in the ``LIKE`` patterns.
    """
    points = Value(0)
    for options in terms:
        points = points + Case(
            *(
                When(
                    reduce(
                        operator.or_,
                        (
                            _any(columns, "contains", f" {term}:{weight} ")
                            for term in options
                        ),
                    ),
                    then=Value(score),
                )
                for weight, score in FALLBACK_POINTS.items()
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    return points
