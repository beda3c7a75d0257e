"""Reference numbers: per office and Hijri year, given once, never repeated."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from articles import services
from articles.models import Article, ReferenceCounter
from tests.factories import make_article, make_author, make_office

pytestmark = pytest.mark.django_db


def local(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


# 2026-09-01 is in Rabi' al-awwal 1448; 2026-01-01 in Rajab 1447.
IN_1448 = local(2026, 9, 1)
IN_1447 = local(2026, 1, 1)


def make_draft(office=None, **fields):
    office = office or make_office()
    fields.setdefault("published_at", IN_1448)
    return make_article(
        status=Article.Status.DRAFT,
        authors=[make_author(office=office)],
        office=office,
        **fields,
    )


def publish(article, **kwargs):
    return services.article_publish(article=article, **kwargs)


def test_first_publications_of_an_office_are_numbered_from_001():
    office = make_office()
    first, second, third = (make_draft(office) for _ in range(3))

    for article in (first, second, third):
        publish(article)

    assert [a.reference for a in (first, second, third)] == [
        "1448/001",
        "1448/002",
        "1448/003",
    ]


def test_reference_is_stored_on_the_article():
    article = publish(make_draft())

    stored = Article.objects.get(pk=article.pk)
    assert (stored.reference_year, stored.reference_number) == (1448, 1)
    assert stored.reference == "1448/001"


def test_each_office_has_its_own_sequence():
    central, regional = make_office(), make_office()

    a = publish(make_draft(central))
    b = publish(make_draft(central))
    c = publish(make_draft(regional))

    assert [a.reference, b.reference, c.reference] == [
        "1448/001",
        "1448/002",
        "1448/001",
    ]


def test_each_hijri_year_starts_again_at_001():
    office = make_office()

    late = publish(make_draft(office, published_at=IN_1447))
    current = publish(make_draft(office))
    later = publish(make_draft(office, published_at=local(2027, 6, 20)))  # 1449

    assert [late.reference, current.reference, later.reference] == [
        "1447/001",
        "1448/001",
        "1449/001",
    ]


def test_scheduled_publication_takes_the_year_of_its_publication_time():
    # 2040-01-01 is in Dhu al-Hijjah 1461 (Umm al-Qura).
    article = publish(make_draft(), when=local(2040, 1, 1))

    assert article.state == "scheduled"
    assert article.reference == "1461/001"


def test_draft_has_no_reference():
    draft = make_draft()
    services.article_save(article=draft)

    draft.refresh_from_db()
    assert draft.reference_number is None
    assert draft.reference == ""
    assert not ReferenceCounter.objects.exists()


def test_saving_a_published_article_again_keeps_its_number():
    article = publish(make_draft())

    article.title = "Typo fixed"
    services.article_save(article=article)
    services.article_save(article=Article.objects.get(pk=article.pk))

    assert Article.objects.get(pk=article.pk).reference == "1448/001"
    assert ReferenceCounter.objects.get().last_number == 1


def test_unpublishing_and_republishing_keeps_the_number_and_takes_no_new_one():
    office = make_office()
    article = publish(make_draft(office))

    article.status = Article.Status.DRAFT
    services.article_save(article=article)
    publish(Article.objects.get(pk=article.pk))
    next_one = publish(make_draft(office))

    assert Article.objects.get(pk=article.pk).reference == "1448/001"
    assert next_one.reference == "1448/002"


def test_moving_the_publication_time_to_another_year_does_not_renumber():
    article = publish(make_draft())

    article.published_at = IN_1447
    services.article_save(article=article)

    assert Article.objects.get(pk=article.pk).reference == "1448/001"


def test_a_number_cannot_be_set_by_hand_over_the_stored_one():
    article = publish(make_draft())

    article.reference_number = 99
    services.article_save(article=article)

    assert Article.objects.get(pk=article.pk).reference_number == 1


def test_rolled_back_publication_gives_its_number_back():
    office = make_office()
    failed = make_draft(office)

    with pytest.raises(RuntimeError), transaction.atomic():
        publish(failed)
        raise RuntimeError("the editor's save failed later on")

    assert publish(make_draft(office)).reference == "1448/001"


def test_database_refuses_two_articles_with_the_same_number():
    office = make_office()
    publish(make_draft(office))
    other = make_draft(office)

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=other.pk).update(
            reference_year=1448, reference_number=1
        )


def test_reference_is_shown_on_the_article_page(client):
    english_article = publish(make_draft())
    arabic_article = publish(make_draft(language="ar"))

    english = client.get(f"/en/article/{english_article.slug}/").content.decode()
    arabic = client.get(f"/ar/article/{arabic_article.slug}/").content.decode()

    assert "Reference:" in english and "1448/001" in english
    assert "١٤٤٨/٠٠١" in arabic


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite locks the "
    "whole database, so there is no race to test",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_get_consecutive_numbers_without_repeats_or_gaps():
    writers = 8
    office = make_office()
    drafts = [make_draft(office) for _ in range(writers)]
    start = threading.Barrier(writers, timeout=30)

    def publish_in_own_connection(pk):
        try:
            article = Article.objects.get(pk=pk)
            start.wait()  # everyone asks for a number at the same moment
            return publish(article).reference_number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=writers) as pool:
        futures = [pool.submit(publish_in_own_connection, d.pk) for d in drafts]
        numbers = [future.result(timeout=60) for future in futures]

    assert sorted(numbers) == list(range(1, writers + 1))
    stored = Article.objects.filter(office=office).values_list(
        "reference_number", flat=True
    )
    assert sorted(stored) == list(range(1, writers + 1))
    assert ReferenceCounter.objects.get(office=office).last_number == writers
