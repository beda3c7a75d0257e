"""A translation carries its original's reference: one statement, one number.

The original is the one of the two published first; its number is shown on
both (the page, the API and the PDF read the same fields). A number once
given is never given again, even after the article that had it took its
original's instead. The database refuses a number twice in one office, Hijri
year and language.
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from articles import services
from articles.models import Article, ReferenceCounter
from tests.articles.desk import (
    admin_url,
    field_errors,
    form_data,
    log_in,
    make_editor,
    versions_of,
)
from tests.factories import make_article, make_author, make_office

pytestmark = pytest.mark.django_db


def local(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


# Rabi' al-awwal 1448, and a few days later; and 1447.
IN_1448 = local(2026, 9, 1)
LATER_IN_1448 = local(2026, 9, 5)
IN_1447 = local(2026, 1, 1)


def make_draft(office, language="ar", **fields):
    fields.setdefault("published_at", IN_1448)
    return make_article(
        status=Article.Status.DRAFT,
        language=language,
        authors=[make_author(office=office)],
        office=office,
        **fields,
    )


def publish(article, **kwargs):
    return services.article_publish(article=article, **kwargs)


def stored(article):
    return Article.objects.get(pk=article.pk)


def link(article, partner, user=None):
    article = stored(article)
    article.translation = partner
    return services.article_save(article=article, user=user)


def unlink(article, user=None):
    article = stored(article)
    article.translation = None
    return services.article_save(article=article, user=user)


@pytest.fixture
def office():
    """An office that has published five statements this year already."""
    office = make_office()
    for _ in range(5):
        publish(make_draft(office))
    return office


def test_a_translation_published_after_its_original_carries_its_number(office):
    """The defect: 1448/006 in Arabic, 1448/007 for its English translation."""
    original = publish(make_draft(office))
    translation = make_draft(office, language="en", published_at=LATER_IN_1448)
    link(translation, original)

    publish(stored(translation))

    assert stored(original).reference == "1448/006"
    assert stored(translation).reference == "1448/006"
    # The translation took no number of its own: the next statement is 007.
    assert publish(make_draft(office)).reference == "1448/007"


def test_the_number_reads_the_same_on_both_pages_and_in_the_api(client, office):
    original = publish(make_draft(office, title="بيان عن المياه"))
    translation = make_draft(office, language="en", title="Statement on water")
    link(translation, original)
    publish(stored(translation))

    arabic = client.get(f"/ar/article/{original.slug}/").content.decode()
    english = client.get(f"/en/article/{translation.slug}/").content.decode()
    api = client.get(f"/api/v1/articles/{translation.pk}").json()

    assert "١٤٤٨/٠٠٦" in arabic
    assert "1448/006" in english and "1448/007" not in english
    assert api["reference"] == "1448/006"


def test_a_translation_published_before_its_original_gives_it_its_number(office):
    original = make_draft(office)
    translation = make_draft(office, language="en")
    link(original, translation)

    publish(stored(translation))
    publish(make_draft(office))  # another statement in between: 007
    publish(stored(original))

    assert stored(translation).reference == "1448/006"
    assert stored(original).reference == "1448/006"
    assert ReferenceCounter.objects.get(office=office).last_number == 7


def test_the_pair_keeps_the_year_of_its_first_publication(office):
    original = publish(make_draft(office, published_at=IN_1447))
    translation = make_draft(office, language="en")
    link(translation, original)

    publish(stored(translation))

    assert stored(translation).reference == stored(original).reference == "1447/001"


def test_a_draft_linked_to_a_published_statement_has_no_number_until_published(
    office,
):
    original = publish(make_draft(office))
    translation = make_draft(office, language="en")

    link(translation, original)

    assert stored(translation).reference == ""


@pytest.mark.parametrize("edited", ["original", "translation"])
def test_linking_two_published_statements_gives_the_later_the_earlier_ones_number(
    office, edited
):
    """Published apart by mistake (006 and 007), then linked: the one
    published later shows its original's number; its own is retired, never
    given to another statement, and its history says so."""
    original = publish(make_draft(office, published_at=IN_1448))
    translation = publish(make_draft(office, language="en", published_at=LATER_IN_1448))
    assert (original.reference, translation.reference) == ("1448/006", "1448/007")

    if edited == "original":
        link(original, translation, user=make_editor())
    else:
        link(translation, original, user=make_editor())

    assert stored(original).reference == "1448/006"
    assert stored(translation).reference == "1448/006"
    assert publish(make_draft(office)).reference == "1448/008"
    assert "1448/007" in versions_of(translation)[0].revision.comment
    assert "1448/006" in versions_of(translation)[0].revision.comment


def test_linking_in_the_admin_shows_one_number_on_both(client, office):
    original = publish(make_draft(office, published_at=IN_1448))
    translation = publish(make_draft(office, language="en", published_at=LATER_IN_1448))
    log_in(client, make_editor())
    url = admin_url("change", original.pk)
    data = form_data(client.get(url))
    data["translation"] = str(translation.pk)

    response = client.post(url, data)

    assert response.status_code == 302
    assert stored(translation).reference == stored(original).reference == "1448/006"


def test_unlinking_gives_the_later_one_a_number_of_its_own(office):
    """Unlinked, they are two statements: the one published first keeps the
    number, the other takes the office's next one."""
    original = publish(make_draft(office, published_at=IN_1448))
    translation = make_draft(office, language="en", published_at=LATER_IN_1448)
    link(translation, original)
    publish(stored(translation))

    unlink(original)

    assert stored(original).reference == "1448/006"
    assert stored(translation).reference == "1448/007"
    assert stored(translation).translation_id is None


def test_an_unlinked_draft_takes_its_own_number_when_published(office):
    original = publish(make_draft(office, published_at=IN_1448))
    translation = make_draft(office, language="en", published_at=LATER_IN_1448)
    link(translation, original)
    publish(stored(translation))
    back = stored(translation)
    back.status = Article.Status.DRAFT
    services.article_save(article=back)

    unlink(translation)

    assert stored(translation).reference == ""
    assert publish(stored(translation)).reference == "1448/007"
    assert stored(original).reference == "1448/006"


def test_linking_to_another_translation_parts_the_first_and_joins_the_second(
    office,
):
    original = publish(make_draft(office, published_at=IN_1448))
    first = make_draft(office, language="en", published_at=LATER_IN_1448)
    link(first, original)
    publish(stored(first))
    second = publish(make_draft(office, language="en", published_at=local(2026, 9, 9)))

    link(original, second)

    assert stored(original).reference == "1448/006"
    assert stored(second).reference == "1448/006"
    # Published before the second, after the original: a number of its own.
    assert stored(first).reference == "1448/008"
    assert stored(first).translation_id is None


def test_a_pair_numbered_apart_before_this_rule_is_aligned_when_the_later_is_saved(
    office,
):
    """Pairs linked while each took its own number: saving the one published
    later gives it its original's; saving the original changes nothing else."""
    original = publish(make_draft(office, published_at=IN_1448))
    translation = publish(make_draft(office, language="en", published_at=LATER_IN_1448))
    Article.objects.filter(pk=original.pk).update(translation=translation)
    Article.objects.filter(pk=translation.pk).update(translation=original)

    services.article_save(article=stored(original))
    assert stored(translation).reference == "1448/007"

    services.article_save(article=stored(translation))
    assert stored(translation).reference == "1448/006"


def test_a_translation_of_another_office_keeps_its_own_number():
    """Numbers are per office: the service shares one only within an office
    (the desk refuses such a link)."""
    central, regional = make_office(), make_office()
    original = publish(make_draft(central))
    translation = make_draft(regional, language="en")
    link(translation, original)

    publish(stored(translation))

    assert stored(original).reference == stored(translation).reference == "1448/001"
    assert stored(translation).office == regional
    assert ReferenceCounter.objects.get(office=regional).last_number == 1


def test_two_articles_of_one_language_never_share_a_number(office):
    """A link between two articles of one language (the desk refuses it):
    each keeps its own number."""
    first = publish(make_draft(office))
    second = make_draft(office)
    link(second, first)

    publish(stored(second))

    assert stored(first).reference == "1448/006"
    assert stored(second).reference == "1448/007"


def test_the_database_refuses_a_number_twice_in_one_language(office):
    first = publish(make_draft(office))
    other = make_draft(office)

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=other.pk).update(
            reference_year=first.reference_year,
            reference_number=first.reference_number,
        )


def test_the_database_lets_a_translation_carry_the_number(office):
    first = publish(make_draft(office))
    english = make_draft(office, language="en")

    Article.objects.filter(pk=english.pk).update(
        reference_year=first.reference_year, reference_number=first.reference_number
    )

    assert stored(english).reference == first.reference


# The desk -------------------------------------------------------------------


def test_the_desk_refuses_a_translation_of_another_office(client):
    central, regional = make_office(), make_office(name_en="Northern Office")
    arabic = make_draft(central, title="بيان")
    english = make_draft(regional, language="en", title="Statement")
    log_in(client, make_editor())
    url = admin_url("change", arabic.pk)
    data = form_data(client.get(url))
    data["translation"] = str(english.pk)

    response = client.post(url, data)

    assert response.status_code == 200
    [error] = field_errors(response, "translation")
    assert "same office" in error and "Northern Office" in error
    assert stored(arabic).translation_id is None


def test_the_desk_refuses_moving_one_of_a_pair_to_another_office(client):
    central, regional = make_office(), make_office()
    arabic = make_draft(central, title="بيان")
    english = make_draft(central, language="en", title="Statement")
    link(arabic, english)
    log_in(client, make_editor())
    url = admin_url("change", arabic.pk)
    data = form_data(client.get(url))
    data["office"] = str(regional.pk)

    response = client.post(url, data)

    assert response.status_code == 200
    [error] = field_errors(response, "office")
    assert "same office" in error
    assert stored(arabic).office == central


# At the same moment ------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite locks the "
    "whole database, so there is no race to test",
)
@pytest.mark.django_db(transaction=True)
def test_both_halves_published_at_the_same_moment_share_one_number():
    """Two editors publish a statement and its translation at once, while
    others publish unrelated statements: the pair gets one number, the
    others the next ones, without repeats or gaps."""
    office = make_office()
    pairs = []
    for _ in range(3):
        arabic, english = make_draft(office), make_draft(office, language="en")
        link(arabic, english)
        pairs.append((arabic.pk, english.pk))
    singles = [make_draft(office).pk for _ in range(2)]
    everyone = [pk for pair in pairs for pk in pair] + singles
    start = threading.Barrier(len(everyone), timeout=30)

    def publish_in_own_connection(pk):
        try:
            article = Article.objects.get(pk=pk)
            start.wait()
            return publish(article).reference_number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(everyone)) as pool:
        futures = {pk: pool.submit(publish_in_own_connection, pk) for pk in everyone}
        numbers = {pk: future.result(timeout=60) for pk, future in futures.items()}

    for arabic, english in pairs:
        assert numbers[arabic] == numbers[english]
    distinct = {numbers[pk] for pk in [arabic for arabic, _ in pairs] + singles}
    assert sorted(distinct) == list(range(1, len(pairs) + len(singles) + 1))
    assert ReferenceCounter.objects.get(office=office).last_number == len(distinct)


# The migration ---------------------------------------------------------------


def unique_constraints():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "articles_article")
    return {
        tuple(found[name]["columns"])
        for name in found
        if found[name]["unique"] and not found[name]["primary_key"]
    }


@pytest.mark.django_db(transaction=True)
def test_the_migration_replaces_the_constraint_both_ways():
    """Forwards and backwards, on SQLite and on PostgreSQL (where the index is
    built concurrently): the number is unique per office, year and
    language, and the rows are kept."""
    from django.db.migrations.executor import MigrationExecutor

    office = make_office()
    kept = publish(make_draft(office))
    old = ("office_id", "reference_year", "reference_number")
    new = (*old, "language")
    assert new in unique_constraints() and old not in unique_constraints()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate(
            [("articles", "0018_corrections_and_withdrawals")]
        )
        assert old in unique_constraints() and new not in unique_constraints()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)

    assert new in unique_constraints() and old not in unique_constraints()
    assert stored(kept).reference == "1448/001"
