"""The desk's Hijri day inputs take a date as editors write it: with the era
(هـ, AH) and in the months' other spellings (``core.hijri.parse_hijri_date``)."""

import datetime

import pytest
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
from tests.factories import make_category, make_office

pytestmark = pytest.mark.django_db


def local(year, month, day, hour=0, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def post_with_hijri_day(client, typed, *, field="publication_hijri_date", **extra):
    log_in(client, make_editor())
    fields = {
        "title": "Rajab statement",
        "category": make_category(),
        "office": make_office(),
        "status": "published",
        "published_at": local(2026, 12, 1, 14, 30),
        field: typed,
        **extra,
    }
    return client.post(admin_url("add"), article_form_data(**fields))


@pytest.mark.parametrize(
    "typed",
    ["٣ رجب ١٤٤٨هـ", "٣ رجب ١٤٤٨ هـ", "٣ رجب ١٤٤٨ ه", "3 Rajab 1448 AH",
     "3 Rajab 1448 A.H.", "Rajab 3, 1448 AH"],
)  # fmt: skip
def test_a_hijri_day_written_with_its_era_sets_the_publication_day(client, typed):
    response = post_with_hijri_day(client, typed)

    assert response.status_code == 302, field_errors(response, "publication_hijri_date")
    article = Article.objects.get(title="Rajab statement")
    assert timezone.localtime(article.published_at) == local(2026, 12, 12, 14, 30)


@pytest.mark.parametrize(
    "typed",
    ["١ جمادى الثانية ١٤٤٨هـ", "١ جمادي الآخرة ١٤٤٨", "١ جمادى الأخرة ١٤٤٨",
     "1 Jumada al-Thani 1448", "1 Jumada II 1448 AH"],
)  # fmt: skip
def test_the_months_other_spellings_set_the_unpublication_day(client, typed):
    response = post_with_hijri_day(
        client,
        typed,
        field="unpublication_hijri_date",
        published_at=local(2026, 11, 1, 9, 0),
        unpublish_at=local(2026, 12, 31, 8, 0),
    )

    assert response.status_code == 302, field_errors(
        response, "unpublication_hijri_date"
    )
    article = Article.objects.get(title="Rajab statement")
    # 1 Jumada al-akhirah 1448 is Wednesday 11 November 2026.
    assert timezone.localtime(article.unpublish_at) == local(2026, 11, 11, 8, 0)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("٣ رجبب ١٤٤٨هـ", "“رجبب” is not a Hijri month name."),
        ("٣ رجب هـ", "is not a Hijri date"),
        ("3 Rajab 2026 AH", "Hijri years 1317 to 1524"),
    ],
)
def test_a_wrong_hijri_day_is_refused_in_the_form_with_the_text_kept(
    client, typed, message
):
    response = post_with_hijri_day(client, typed)

    assert response.status_code == 200
    [error] = field_errors(response, "publication_hijri_date")
    assert message in error
    assert input_value(response, "publication_hijri_date") == typed
    assert not Article.objects.filter(title="Rajab statement").exists()
