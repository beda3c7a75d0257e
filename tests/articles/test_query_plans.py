"""Readers' queries are served by indexes that match them: finding an article's
neighbours, or the home's stories, reads as much whatever the archive holds,
and counting an edition reads an index alone.

Measured on SQLite (the tests' database): the work a query does is the number
of steps of its virtual machine, which grows with every row it reads.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import selectors, services
from articles.models import Article
from core import cache as cms_cache
from tests.factories import bulk_articles, make_article, make_author, make_category

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="counts SQLite's own steps"
    ),
]


def steps(run):
    """How many virtual-machine steps (in hundreds) SQLite takes for ``run()``."""
    taken = 0

    def tick():
        nonlocal taken
        taken += 1
        return 0  # go on

    connection.ensure_connection()
    connection.connection.set_progress_handler(tick, 100)
    try:
        run()
    finally:
        connection.connection.set_progress_handler(None, 100)
    return taken


def plans(run):
    """SQLite's plan of each query ``run()`` asks, as text."""
    with CaptureQueriesContext(connection) as queries:
        run()
    found = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            found.append("\n".join(row[-1] for row in cursor.fetchall()))
    return found


def neighbours(article):
    """The article's neighbours, found afresh (nothing kept)."""
    cache.clear()
    return selectors.article_neighbours(article)


def test_an_old_articles_neighbours_take_as_long_to_find_on_a_larger_archive():
    """The previous and next article in the category start from the article's
    place, not from the newest article or the oldest."""
    category = make_category()
    authors = [make_author()]
    long_ago = timezone.now() - timedelta(days=30)
    older = make_article(category=category, published_at=long_ago - timedelta(days=1))
    article = make_article(category=category, published_at=long_ago)
    bulk_articles(10, categories=[category], authors=authors)
    few = steps(lambda: neighbours(article))

    bulk_articles(400, categories=[category], authors=authors)
    many = steps(lambda: neighbours(article))

    found = neighbours(article)
    assert found.previous == older
    assert found.next.published_at > article.published_at
    assert many <= few + 5, (few, many)


def test_the_schedule_takes_as_long_to_read_on_a_larger_archive():
    """When the content next changes by itself, and what that touches (what
    kept pieces live for): the publications and unpublications of the
    coming hour, each a range scan of an index."""
    category, authors = make_category(), [make_author()]
    soon = timezone.now() + timedelta(minutes=30)
    taken_down = make_article(category=category, unpublish_at=soon)
    taken_down.tags.add("harbour")
    bulk_articles(10, categories=[category], authors=authors)
    horizon = timezone.now() + timedelta(hours=1)
    few = steps(lambda: services.scheduled_changes(horizon))

    bulk_articles(400, categories=[category], authors=authors)
    many = steps(lambda: services.scheduled_changes(horizon))

    ((moment, touched),) = services.scheduled_changes(horizon)
    assert moment == soon
    assert cms_cache.category_articles(category.pk) in touched
    assert cms_cache.tag_articles(taken_down.tags.get().pk) in touched
    assert many <= few + 5, (few, many)


def test_the_homes_stories_take_as_long_to_choose_on_a_larger_archive():
    """The lead, featured and section stories are the newest of each part:
    an index gives them in order, however many older articles there are
    (and however few are featured)."""
    news, opinion = make_category(position=1), make_category(position=2)
    authors = [make_author()]
    make_article(category=news, is_featured=True)
    bulk_articles(10, categories=[news, opinion], authors=authors)
    edition = selectors.edition_articles("en")
    sections = selectors.home_sections(selectors.category_tree("en"))

    def choose():
        selectors.home_candidates(edition, sections, for_display=False)

    few = steps(choose)
    bulk_articles(400, categories=[news, opinion], authors=authors)
    many = steps(choose)

    assert many <= few + 5, (few, many)


def test_counting_an_editions_articles_reads_an_index_alone():
    """The list's total and the category tree's counts: a large archive is
    counted from an index, without reading its articles' rows."""
    bulk_articles(4, categories=[make_category()], authors=[make_author()])
    edition = Article.objects.published().in_edition("en")

    # The home's list leaves out the stories above it.
    (total,) = plans(edition.exclude(pk__in=[0]).count)
    (per_category,) = plans(edition.counts_by_category)

    # Whichever of the edition's indexes SQLite picks (it depends on what it
    # knows of the tables), the articles' own rows are never read.
    for plan in (total, per_category):
        articles = [line for line in plan.splitlines() if "articles_article" in line]
        assert articles, plan
        assert all("COVERING INDEX article_edition" in line for line in articles), plan


@pytest.mark.django_db(transaction=True)
def test_migrating_gives_the_planner_statistics_for_the_new_indexes():
    """Without them SQLite guesses that an index starting with the status and
    the language finds a few rows, and walks a whole edition through it."""
    bulk_articles(20, categories=[make_category()], authors=[make_author()])
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([("articles", "0012_desk_list_index")])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)

    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'articles_article'")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"article_edition_idx", "article_edition_category_idx"} <= analysed
