"""A publication time no list can read (an attack stored one in year 1).

PostgreSQL kept ``0001-01-01 00:00+03`` as a date before year 1 in UTC, and
reading the row back raised ``ValueError: year -1 is out of range``: the
article list answered 500 for everyone. Forms now refuse such dates (see
test_desk_scheduling); the database refuses them too, and a data migration
repairs rows stored before.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from tests.factories import make_article

# Year 1 at midnight in Makkah, as the database received it in UTC.
YEAR_ONE_IN_UTC = {
    "postgresql": "0001-01-01 00:00:00+03",
    "sqlite": "0000-12-31 21:00:00",
}


def store_raw(article_pk, column, value):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE articles_article SET {column} = %s WHERE id = %s",
            [value, article_pk],
        )


@pytest.mark.django_db
def test_the_database_refuses_a_time_no_zone_can_read_back():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        store_raw(article.pk, "published_at", YEAR_ONE_IN_UTC[connection.vendor])


@pytest.mark.django_db(transaction=True)
def test_the_migration_repairs_rows_stored_before(client):
    article = make_article(title="Stored in year one")
    executor = MigrationExecutor(connection)
    before = [("articles", "0005_verbose_names_for_links")]
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        store_raw(article.pk, "published_at", YEAR_ONE_IN_UTC[connection.vendor])
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)

    repaired = Article.objects.get(pk=article.pk)
    assert repaired.published_at == repaired.created_at
