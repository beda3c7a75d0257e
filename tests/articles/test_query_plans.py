"""Readers' queries are served by indexes that match them: finding an article's
neighbours reads as much whatever the archive holds.

Measured on SQLite (the tests' database): the work a query does is the number
of steps of its virtual machine, which grows with every row it reads.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from articles import selectors
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


def test_the_next_scheduled_change_takes_as_long_to_find_on_a_larger_archive():
    """When the content next changes by itself (what kept pieces live for): the
    soonest publication and unpublication to come, each an index lookup."""
    category, authors = make_category(), [make_author()]
    soon = timezone.now() + timedelta(days=1)
    make_article(category=category, unpublish_at=soon)
    bulk_articles(10, categories=[category], authors=authors)
    few = steps(selectors.next_scheduled_change)

    bulk_articles(400, categories=[category], authors=authors)
    many = steps(selectors.next_scheduled_change)

    assert selectors.next_scheduled_change() == soon
    assert many <= few + 5, (few, many)
