"""Articles in the API: only published ones, each with both dates, its
reference, its translation, its lead image and its body."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article
from core.conf import HIJRI_MONTHS
from tests.api.client import get, problem, titles
from tests.factories import (
    make_article,
    make_author,
    make_category,
    make_image,
    make_office,
)
from tests.jobs.running import worked

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_list_gives_published_articles_newest_first_without_bodies(client):
    make_article(title="Older", published_at=hours_ago(5))
    make_article(title="Newer", published_at=hours_ago(1))

    data = get(client, "/api/v1/articles")

    assert titles(data) == ["Newer", "Older"]
    assert data["count"] == 2
    assert all("body_html" not in item for item in data["results"])


HIDDEN = {
    "draft": lambda: {"status": Article.Status.DRAFT},
    "scheduled": lambda: {"published_at": timezone.now() + timedelta(days=1)},
    "expired": lambda: {"published_at": hours_ago(5), "unpublish_at": hours_ago(1)},
    "in a hidden category": lambda: {"category": make_category(is_published=False)},
}


@pytest.mark.parametrize("state", HIDDEN)
def test_unpublished_articles_are_neither_listed_nor_found(client, state):
    article = make_article(title="Not for readers", **HIDDEN[state]())
    make_article(title="Public")

    assert titles(get(client, "/api/v1/articles")) == ["Public"]
    refusal = problem(get(client, f"/api/v1/articles/{article.pk}", 404))
    assert refusal["loc"] == ["path", "article_id"]
    assert titles(get(client, "/api/v1/search?q=readers")) == []


@pytest.fixture
def statement():
    """A published English statement of 3 December 2023, 09:30 in Makkah."""
    office = make_office(slug="central", name_en="Central Office", name_ar="المكتب")
    first = make_author(slug="sami", name_en="Sami", name_ar="سامي", office=office)
    second = make_author(slug="layla", name_en="Layla", name_ar="ليلى", office=office)
    parent = make_category(slug="statements", name_en="Statements")
    category = make_category(
        slug="regional", parent=parent, name_en="Regional", name_ar="الأقاليم"
    )
    article = make_article(
        title="Statement on the water network",
        slug="water",
        language="en",
        excerpt="Repairs begin on Sunday.",
        body="<p>Repairs <strong>begin</strong> on Sunday.</p>",
        published_at=datetime.datetime(2023, 12, 3, 6, 30, tzinfo=datetime.UTC),
        category=category,
        office=office,
        authors=[first, second],
        reference_year=1445,
        reference_number=17,
    )
    article.tags.add("Water", "Roads")
    return article


def test_article_carries_both_dates_reference_and_links(client, statement):
    data = get(client, f"/api/v1/articles/{statement.pk}")

    assert data["id"] == statement.pk
    assert data["title"] == "Statement on the water network"
    assert data["language"] == "en"
    assert data["url"] == "http://testserver/en/article/water/"
    assert data["excerpt"] == "Repairs begin on Sunday."
    assert data["body_html"] == "<p>Repairs <strong>begin</strong> on Sunday.</p>"
    assert data["published"] == "2023-12-03T09:30:00+03:00"
    assert data["hijri"] == {
        "year": 1445,
        "month": 5,
        "day": 19,
        "tabular": False,
        "text_ar": "١٩ جمادى الأولى ١٤٤٥",
        "text_en": "19 Jumada al-awwal 1445",
    }
    assert data["reference"] == "1445/017"
    assert data["category"] == {
        "id": statement.category_id,
        "slug": "regional",
        "path": "statements/regional",
        "name_ar": "الأقاليم",
        "name_en": "Regional",
        "url_ar": "http://testserver/ar/category/statements/regional/",
        "url_en": "http://testserver/en/category/statements/regional/",
    }
    assert [author["slug"] for author in data["authors"]] == ["sami", "layla"]
    assert data["authors"][0]["url_ar"] == "http://testserver/ar/author/sami/"
    assert data["office"]["name_ar"] == "المكتب"
    assert data["office"]["url_en"] == "http://testserver/en/office/central/"
    assert data["tags"] == [
        {"name": "Roads", "slug": "roads"},
        {"name": "Water", "slug": "water"},
    ]
    assert data["translation_url"] is None
    assert data["lead_image"] is None


def test_list_item_is_the_article_without_its_body(client, statement):
    (item,) = get(client, "/api/v1/articles")["results"]
    detail = get(client, f"/api/v1/articles/{statement.pk}")

    only_detail = {"body_html", "corrections", "withdrawn"}
    assert item == {k: v for k, v in detail.items() if k not in only_detail}
    assert detail["corrections"] == [] and detail["withdrawn"] is False


def test_updated_time_is_iso_with_the_sites_offset(client, statement):
    data = get(client, f"/api/v1/articles/{statement.pk}")

    assert data["updated"] == timezone.localtime(statement.updated_at).isoformat(
        timespec="seconds"
    )
    assert data["updated"].endswith("+03:00")


def test_hijri_text_follows_the_sites_digits_and_month_spellings(
    client, settings, statement
):
    settings.CMS_ARABIC_DIGITS = "western"
    months = {language: list(names) for language, names in HIJRI_MONTHS.items()}
    months["en"][4] = "Jumada I"
    settings.CMS_HIJRI_MONTHS = months

    hijri = get(client, f"/api/v1/articles/{statement.pk}")["hijri"]

    assert hijri["text_ar"] == "19 جمادى الأولى 1445"
    assert hijri["text_en"] == "19 Jumada I 1445"


def test_an_article_without_reference_says_null(client):
    article = make_article()

    assert get(client, f"/api/v1/articles/{article.pk}")["reference"] is None


def linked_pair(**english_fields):
    arabic = make_article(language="ar", title="بيان عن المياه", slug="bayan")
    english = make_article(
        language="en", title="On water", slug="water", **english_fields
    )
    arabic.translation = english
    services.article_save(article=arabic)
    return arabic, english


def test_translation_url_leads_to_the_published_translation(client):
    arabic, english = linked_pair()

    assert (
        get(client, f"/api/v1/articles/{arabic.pk}")["translation_url"]
        == "http://testserver/en/article/water/"
    )
    items = {item["id"]: item for item in get(client, "/api/v1/articles")["results"]}
    assert items[english.pk]["translation_url"] == "http://testserver/ar/article/bayan/"


def test_translation_url_is_null_while_the_translation_is_unpublished(client):
    arabic, _ = linked_pair(status=Article.Status.DRAFT)

    assert get(client, f"/api/v1/articles/{arabic.pk}")["translation_url"] is None


def test_lead_image_comes_with_alt_caption_and_renditions(client, settings):
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800, 1200)
    with worked():  # the renditions
        article = make_article(
            lead_image=make_image("lead.png", size=(1000, 500)),
            lead_image_alt="Volunteers planting trees",
            lead_image_caption="The volunteer day",
        )
    article.refresh_from_db()

    image = get(client, f"/api/v1/articles/{article.pk}")["lead_image"]

    assert image["url"].startswith("http://testserver/media/articles/")
    assert image["url"].endswith(".png")
    assert (image["width"], image["height"]) == (1000, 500)
    assert image["alt"] == "Volunteers planting trees"
    assert image["caption"] == "The volunteer day"
    assert [(r["format"], r["width"], r["height"]) for r in image["renditions"]] == [
        ("png", 480, 240),
        ("webp", 480, 240),
        ("png", 800, 400),
        ("webp", 800, 400),
        ("webp", 1000, 500),
    ]
    assert all(
        r["url"].startswith("http://testserver/media/renditions/")
        for r in image["renditions"]
    )


def test_hostile_title_stays_inert_in_the_json(client):
    hostile = '<script>alert("x")</script></script><img src=x onerror=alert(1)>\u2028'
    article = make_article(title=hostile + " &amp", excerpt=hostile)

    for url in ("/api/v1/articles", f"/api/v1/articles/{article.pk}"):
        response = client.get(url)
        raw = response.content.decode()
        # The escapes of the pages' JSON-LD too (core.sanitize.safe_json).
        assert not {"<", ">", "&", "\u2028"} & set(raw)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        data = response.json()
        item = data["results"][0] if "results" in data else data
        assert item["title"] == hostile + " &amp"  # the same text, only encoded
        assert item["excerpt"] == hostile


def test_arabic_text_is_sent_as_readable_utf8(client):
    make_article(language="ar", title="بيان المكتب")

    response = client.get("/api/v1/articles")

    assert "بيان المكتب".encode() in response.content
