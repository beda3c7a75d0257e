"""Scheduling: publication and unpublication times, given in either calendar."""

import datetime
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from tests.articles.desk import (
    admin_url,
    article_form_data,
    field_errors,
    input_value,
    log_in,
    make_editor,
)
from tests.factories import make_article, make_category, make_office
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db

UNPUBLISH_ERROR = "The unpublication time must come after the publication time."


def at(moment):
    """Pretend it is ``moment`` for everything that asks ``timezone.now()``."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def local(year, month, day, hour=0, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


# Taking effect by themselves ---------------------------------------------------


def test_scheduled_article_is_hidden_until_its_time_then_public(client):
    now = timezone.now()
    article = make_article(published_at=now + timedelta(hours=1))
    url = f"/en/article/{article.slug}/"

    assert article.state == "scheduled"
    assert client.get(url).status_code == 404
    assert article.title not in client.get("/en/").content.decode()

    with at(now + timedelta(hours=2)):
        assert Article.objects.get(pk=article.pk).state == "published"
        assert client.get(url).status_code == 200
        assert article.title in client.get("/en/").content.decode()


def test_article_that_became_due_a_moment_ago_is_already_listed(client):
    """A cached total (kept a minute) may be stale, but never hides an article."""
    now = timezone.now()
    make_article(title="Earlier statement", published_at=now - timedelta(days=1))
    due = make_article(title="Due statement", published_at=now + timedelta(seconds=20))
    client.get("/en/")  # caches the list's total: one article

    with at(now + timedelta(seconds=30)):
        assert client.get(f"/en/article/{due.slug}/").status_code == 200
        titles = client.get("/en/").content.decode()

    assert "Due statement" in titles
    assert "Earlier statement" in titles


def test_article_disappears_by_itself_at_its_unpublication_time(client):
    now = timezone.now()
    article = make_article(
        published_at=now - timedelta(days=1), unpublish_at=now + timedelta(hours=1)
    )
    url = f"/en/article/{article.slug}/"

    assert client.get(url).status_code == 200

    with at(now + timedelta(hours=2)):
        assert client.get(url).status_code == 404
        assert article.title not in client.get("/en/").content.decode()
        assert Article.objects.get(pk=article.pk).state == "expired"


def test_article_whose_unpublication_time_has_passed_is_gone_and_expired(client):
    now = timezone.now()
    article = make_article(
        published_at=now - timedelta(days=2), unpublish_at=now - timedelta(hours=1)
    )

    assert client.get(f"/en/article/{article.slug}/").status_code == 404
    assert article.state == "expired"
    assert not Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    "published, unpublish, state",
    [
        (-2, None, "published"),
        (+2, None, "scheduled"),
        (-2, +1, "published"),
        (-2, -1, "expired"),
        (+1, +2, "scheduled"),
    ],
)
def test_state_follows_the_clock(published, unpublish, state):
    now = timezone.now()
    article = make_article(
        published_at=now + timedelta(hours=published),
        unpublish_at=None if unpublish is None else now + timedelta(hours=unpublish),
    )

    assert article.state == state
    visible = Article.objects.published().filter(pk=article.pk).exists()
    assert visible is (state == "published")


def test_draft_with_a_past_time_is_a_draft_not_published():
    article = make_article(status=Article.Status.DRAFT)

    assert article.state == "draft"
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_admin_state_filter_lists_scheduled_and_expired_articles(client):
    now = timezone.now()
    make_article(title="Out now")
    make_article(title="Coming later", published_at=now + timedelta(days=1))
    make_article(
        title="Withdrawn",
        published_at=now - timedelta(days=2),
        unpublish_at=now - timedelta(days=1),
    )
    log_in(client, make_editor())

    scheduled = client.get(admin_url("changelist"), {"state": "scheduled"})
    expired = client.get(admin_url("changelist"), {"state": "expired"})

    assert "Coming later" in scheduled.content.decode()
    assert "Out now" not in scheduled.content.decode()
    assert "Withdrawn" in expired.content.decode()
    assert "Coming later" not in expired.content.decode()


# Unpublication before publication ----------------------------------------------


def test_model_refuses_unpublication_before_publication():
    article = make_article()
    article.unpublish_at = article.published_at - timedelta(minutes=1)

    with pytest.raises(ValidationError) as caught:
        article.full_clean()

    assert caught.value.message_dict["unpublish_at"] == [UNPUBLISH_ERROR]


def test_database_refuses_unpublication_before_publication():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(published_at=now, unpublish_at=now - timedelta(hours=1))


def test_admin_form_refuses_unpublication_before_publication(client):
    log_in(client, make_editor())
    now = timezone.now()

    response = client.post(
        admin_url("add"),
        article_form_data(
            title="Backwards schedule",
            category=make_category(),
            office=make_office(),
            status="published",
            published_at=now + timedelta(days=2),
            unpublish_at=now + timedelta(days=1),
        ),
    )

    assert response.status_code == 200
    assert field_errors(response, "unpublish_at") == [UNPUBLISH_ERROR]
    assert input_value(response, "title") == "Backwards schedule"
    assert not Article.objects.filter(title="Backwards schedule").exists()


# Picking the day by its Hijri date ---------------------------------------------


def post_with_hijri_day(client, typed, *, field="publication_hijri_date", **extra):
    defaults = {
        "title": "Ramadan statement",
        "category": make_category(),
        "office": make_office(),
        "status": "published",
        "published_at": local(2026, 12, 1, 14, 30),
    }
    return client.post(
        admin_url("add"), article_form_data(**{**defaults, **extra}, **{field: typed})
    )


@pytest.mark.parametrize("typed", ["1 Ramadan 1448", "١ رمضان ١٤٤٨", "1448-09-01"])
def test_publication_day_given_by_hijri_date_keeps_the_time_of_day(client, typed):
    log_in(client, make_editor())

    response = post_with_hijri_day(client, typed)

    assert response.status_code == 302, field_errors(response, "publication_hijri_date")
    article = Article.objects.get(title="Ramadan statement")
    assert timezone.localtime(article.published_at) == local(2027, 2, 8, 14, 30)


def test_hijri_day_without_a_gregorian_date_gives_a_morning_time(client):
    log_in(client, make_editor())

    response = post_with_hijri_day(
        client, "1 Ramadan 1448", published_at_0="", published_at_1=""
    )

    assert response.status_code == 302
    article = Article.objects.get(title="Ramadan statement")
    assert timezone.localtime(article.published_at).date() == datetime.date(2027, 2, 8)


def test_unpublication_day_given_by_hijri_date(client):
    log_in(client, make_editor())

    response = post_with_hijri_day(
        client,
        "1 Shawwal 1448",
        field="unpublication_hijri_date",
        unpublish_at=local(2026, 12, 31, 8, 0),
    )

    assert response.status_code == 302
    article = Article.objects.get(title="Ramadan statement")
    assert timezone.localtime(article.unpublish_at) == local(2027, 3, 9, 8, 0)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31 Safar 1448", "30 days"),
        ("5 Foo 1448", "“Foo” is not a Hijri month name."),
        ("next Thursday", "is not a Hijri date"),
        ("1448-13-01", "1…12"),
    ],
)
def test_invalid_hijri_day_gives_a_clear_error_and_keeps_the_text(
    client, typed, message
):
    log_in(client, make_editor())

    response = post_with_hijri_day(client, typed)

    assert response.status_code == 200
    errors = field_errors(response, "publication_hijri_date")
    assert len(errors) == 1 and message in errors[0]
    assert input_value(response, "publication_hijri_date") == typed
    assert input_value(response, "title") == "Ramadan statement"
    assert not Article.objects.filter(title="Ramadan statement").exists()


def test_hijri_unpublication_day_before_publication_is_refused(client):
    log_in(client, make_editor())

    response = post_with_hijri_day(
        client,
        "1 Rajab 1448",  # 2026-12-11, before 1 Ramadan
        field="unpublication_hijri_date",
        publication_hijri_date="1 Ramadan 1448",
    )

    assert response.status_code == 200
    assert field_errors(response, "unpublish_at") == [UNPUBLISH_ERROR]


def test_admin_change_page_shows_both_calendars_for_the_dates(client):
    article = make_article(
        published_at=local(2027, 2, 8, 10, 0),
        unpublish_at=local(2027, 3, 9, 10, 0),
    )
    log_in(client, make_editor())

    root = parse(client.get(admin_url("change", article.pk)))

    (row,) = find_by_class(root, "div", "field-dual_dates")
    shown = text(row)
    assert "Monday, 1 Ramadan 1448 | 2027/02/08" in shown
    assert "Tuesday, 1 Shawwal 1448 | 2027/03/09" in shown
    times = [t.get("datetime") for t in row.iter("time")]
    assert times == ["2027-02-08T10:00:00+03:00", "2027-03-09T10:00:00+03:00"]


def test_admin_changelist_shows_the_publication_date_in_both_calendars(client):
    make_article(published_at=local(2027, 2, 8, 10, 0))
    log_in(client, make_editor())

    response = client.get(admin_url("changelist"))

    assert "1 Ramadan 1448 | 2027/02/08" in response.content.decode()


def test_hijri_day_keeps_the_time_typed_beside_an_empty_gregorian_date(client):
    """Defect: the typed time was replaced by 09:00 when the date was empty."""
    log_in(client, make_editor())

    response = post_with_hijri_day(
        client, "1 Ramadan 1448", published_at_0="", published_at_1="14:30"
    )

    assert response.status_code == 302, field_errors(response, "published_at")
    article = Article.objects.get(title="Ramadan statement")
    assert timezone.localtime(article.published_at) == local(2027, 2, 8, 14, 30)


# Dates outside the supported range (an attack found year 1 locked the desk) -----


@pytest.mark.parametrize(
    "day, time",
    [("0001-01-01", "00:00:00"), ("1899-12-31", "23:59:00"), ("2101-01-01", "00:00")],
)
def test_a_publication_date_outside_the_range_is_refused_with_a_message(
    client, day, time
):
    log_in(client, make_editor())

    response = post_with_hijri_day(client, "", published_at_0=day, published_at_1=time)

    assert response.status_code == 200
    (error,) = field_errors(response, "published_at")
    assert "from 1900 to 2100" in error and "1317" in error
    assert input_value(response, "title") == "Ramadan statement"
    assert not Article.objects.filter(title="Ramadan statement").exists()


def test_the_range_is_a_setting(client, settings):
    settings.CMS_DATE_MIN_YEAR = 1800
    log_in(client, make_editor())

    response = post_with_hijri_day(
        client, "", published_at_0="1850-06-01", published_at_1="10:00"
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    "typed",
    [
        "1 Ramadan 99999999999999999999",
        "99999999-1-1",
        "1-1-99999999",
        "1 Ramadan 1",
        "1 Ramadan 1600",
        "1 Ramadan " + "9" * 5000,
    ],
)
def test_a_hijri_year_outside_the_range_is_a_form_error(client, typed):
    """Defect: a huge Hijri year raised OverflowError (a 500)."""
    log_in(client, make_editor())

    response = post_with_hijri_day(client, typed)

    assert response.status_code == 200
    (error,) = field_errors(response, "publication_hijri_date")
    assert "Hijri years 1317 to 1524" in error
    assert input_value(response, "publication_hijri_date") == typed


def test_an_unpublication_date_outside_the_range_is_refused(client):
    log_in(client, make_editor())

    response = post_with_hijri_day(
        client,
        "",
        unpublish_at=None,
        unpublish_at_0="9999-12-31",
        unpublish_at_1="23:59",
    )

    assert response.status_code == 200
    (error,) = field_errors(response, "unpublish_at")
    assert "from 1900 to 2100" in error
