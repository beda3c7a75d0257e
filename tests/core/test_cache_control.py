"""What a CDN (or any cache outside the site) is told by ``Cache-Control``:
readers' pages for a minute, nothing personal ever."""

import datetime
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from articles.models import Article
from core import hijri
from core.reader import DIGITS_COOKIE
from tests.comments.factories import comment_data, post_url
from tests.factories import make_article

pytestmark = pytest.mark.django_db

READERS_PAGE = (
    "public, max-age=0, s-maxage=60, stale-while-revalidate=30, stale-if-error=86400"
)
NOBODY_ELSES = "private, no-cache"


@pytest.fixture
def noon():
    """Midday in the site's zone: midnight is far."""
    moment = hijri.day_start(timezone.localdate()) + timedelta(hours=12)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_readers_page_may_be_kept_a_minute_by_a_cdn_and_asked_again_by_browsers(
    client, noon
):
    article = make_article(language="en")

    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())

    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert directives(first) == directives(second) == set(READERS_PAGE.split(", "))


def test_a_304_repeats_what_caches_may_do(client):
    article = make_article(language="en")
    etag = client.get(article.get_absolute_url())["ETag"]

    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert "s-maxage=60" in response["Cache-Control"]


def test_the_times_follow_the_settings(client, settings, noon):
    settings.CMS_PAGE_SHARED_MAX_AGE = 120
    settings.CMS_PAGE_STALE_WHILE_REVALIDATE = 0
    settings.CMS_PAGE_STALE_IF_ERROR = 600

    response = client.get("/en/")

    assert directives(response) == {
        "public",
        "max-age=0",
        "s-maxage=120",
        "stale-if-error=600",
    }


def test_with_no_shared_time_a_cdn_asks_every_time(client, settings):
    settings.CMS_PAGE_SHARED_MAX_AGE = 0

    assert directives(client.get("/en/")) == {"public", "no-cache"}


def test_a_cdn_never_keeps_a_page_past_the_next_scheduled_change(client, noon):
    make_article(language="en", title="Already out")
    make_article(
        language="en",
        title="Due soon",
        published_at=noon + timedelta(seconds=45),
    )

    found = directives(client.get("/en/"))

    assert "s-maxage=45" in found
    # Nothing stale may be served past the moment either.
    assert not any(d.startswith("stale-") for d in found)


def test_a_cdn_keeps_a_page_past_midnight_only_when_the_site_is_down(client):
    """The date bar changes with the day in the site's zone."""
    late = hijri.day_start(timezone.localdate()) + timedelta(hours=23, seconds=3590)
    with mock.patch("django.utils.timezone.now", return_value=late):
        found = directives(client.get("/en/"))

    assert "s-maxage=10" in found
    assert not any(d.startswith("stale-while-revalidate") for d in found)
    # With the site down, yesterday's date is better than no page.
    assert "stale-if-error=86400" in found


def test_a_page_for_a_reader_who_chose_digits_is_theirs_alone(client):
    """A CDN does not key on the digits cookie: it must not keep that page."""
    make_article(language="ar")
    client.cookies[DIGITS_COOKIE] = "western"

    client.get("/ar/")
    response = client.get("/ar/")

    assert response["X-Cache"] == "hit"  # still kept by the site itself
    assert directives(response) == {"private", "no-cache"}


@pytest.mark.parametrize(
    "path",
    ["/en/search/?q=!!!", "/", "/en/no-such-page/", "/en/preview/1/"],
    ids=["search-form-errors", "language-redirect", "not-found", "preview"],
)
def test_what_is_not_a_readers_page_is_kept_by_no_shared_cache(client, path):
    response = client.get(path)

    assert "private" in directives(response)
    assert "public" not in directives(response)


def test_a_signed_in_users_page_is_never_stored(client):
    article = make_article(language="en")
    client.force_login(User.objects.create_user("editor", is_staff=True))

    response = client.get(article.get_absolute_url())

    assert {"private", "no-store"} <= directives(response)


def test_a_form_sent_back_with_its_text_is_kept_by_nobody(client):
    article = make_article(language="en")
    data = comment_data(name="Private Name", body="<b>html</b>")

    refused = client.post(post_url(article, "en"), data)

    assert refused.status_code == 200 and "Private Name" in refused.content.decode()
    assert "private" in directives(refused)
    assert "public" not in directives(refused)


def test_what_a_view_says_itself_stands(client):
    """The API says how long its answers may be kept."""
    make_article(language="en")

    response = Client().get("/api/v1/articles")

    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=60"}


def test_the_admin_is_never_stored(client):
    response = client.get("/admin/login/")

    assert {"private", "no-store"} <= directives(response)


def test_an_unpublished_articles_page_is_not_a_readers_page(client):
    article = make_article(language="en", status=Article.Status.DRAFT)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert directives(response) == {"private", "no-cache"}


def test_seconds_to_midnight_counts_in_the_sites_zone():
    from core.page_cache import seconds_to_midnight

    noon = hijri.day_start(datetime.date(2024, 3, 10)) + timedelta(hours=12)
    with mock.patch("django.utils.timezone.now", return_value=noon):
        assert seconds_to_midnight() == 12 * 60 * 60


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        "/api/v1/articles",
        "/api/v1/openapi.json",
        "/healthz",
    ],
)
def test_an_answer_the_same_in_every_language_does_not_say_it_varies_by_it(path):
    """A CDN that honours ``Vary`` would keep a copy of it per browser's list
    of languages."""
    make_article(language="ar")
    make_article(language="en")

    arabic = Client(HTTP_ACCEPT_LANGUAGE="ar").get(path)
    english = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get(path)

    assert arabic.status_code == english.status_code == 200
    assert arabic.content == english.content
    assert "accept-language" not in vary(arabic) | vary(english)


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/sitemap-nothing.xml"])
def test_an_answer_in_the_readers_language_says_it_varies_by_it(path):
    """The root sends each reader to their edition, the admin speaks their
    language, and so does a page not found, even at a sitemap's address."""
    response = Client(HTTP_ACCEPT_LANGUAGE="ar").get(path)

    assert "accept-language" in vary(response)
