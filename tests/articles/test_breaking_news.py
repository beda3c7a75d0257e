"""Breaking news: an editor marks a published article as breaking until a
time; its title is a banner across the top of every page of its edition, with
no script, gone by itself at that time and at once when removed, from every
kept page."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone, translation
from freezegun import freeze_time

from articles.models import Article
from tests.articles.desk import (
    admin_url,
    field_errors,
    form_data,
    log_in,
    make_author_user,
    make_editor,
)
from tests.factories import make_article, make_category
from tests.markup import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def morning(settings):
    """Kept pages (they carry the date bar) on a clock far from midnight."""
    settings.CMS_PAGE_CACHE_SECONDS = 300
    with freeze_time("2026-03-10 06:00:00", tick=True):
        yield


@pytest.fixture
def site():
    """An English article, another in Arabic, and pages of both editions."""
    english = make_article(title="Roads reopen in the north", slug="roads")
    make_article(
        title="بيان عن المياه", slug="water-ar", language="ar", category=make_category()
    )
    return english


def banner(response):
    """The banner's label and linked title, or ``None``."""
    for aside in parse(response).iter("aside"):
        if "breaking-news" in (aside.get("class") or ""):
            link = next(aside.iter("a"))
            label = next(aside.iter("strong"))
            return "".join(label.itertext()), "".join(link.itertext()), link.attrib
    return None


def pages(article):
    """Pages of the English edition: home, a section, the article, another
    article, search, and the archive."""
    other = make_article(title="Another statement", published_at=timezone.now())
    with translation.override("en"):
        section = article.category.get_absolute_url()
    return {
        "home": "/en/",
        "section": section,
        "article": article.get_absolute_url(),
        "other article": other.get_absolute_url(),
        "search": "/en/search/?q=statement",
        "archive": "/en/archive/",
    }


def mark(article, until):
    article.breaking_until = until
    article.save()


def test_the_banner_is_on_every_page_of_its_edition_kept_or_not(site):
    addresses = pages(site)
    client = Client()
    for address in addresses.values():
        client.get(address)  # kept without a banner
        assert banner(client.get(address)) is None

    mark(site, timezone.now() + timedelta(hours=2))

    for name, address in addresses.items():
        response = client.get(address)
        assert response.status_code == 200, name
        found = banner(response)
        assert found is not None, f"{name}: {response['X-Cache']}"
        label, title, link = found
        assert (label, title) == ("Breaking news", "Roads reopen in the north"), name
        assert link["href"] == site.get_absolute_url()
        assert (link["lang"], link["dir"]) == ("en", "ltr")
    assert banner(client.get("/ar/")) is None  # the other edition's


def test_an_arabic_banner_reads_right_to_left_in_its_edition(site):
    arabic = Article.objects.get(slug="water-ar")
    mark(arabic, timezone.now() + timedelta(hours=1))

    label, title, link = banner(Client().get("/ar/"))

    assert (title, link["lang"], link["dir"]) == ("بيان عن المياه", "ar", "rtl")
    assert label == "عاجل"
    assert banner(Client().get("/en/")) is None


def test_the_banner_goes_at_once_when_removed(site):
    mark(site, timezone.now() + timedelta(hours=2))
    client = Client()
    client.get("/en/")
    assert client.get("/en/")["X-Cache"] == "hit"

    mark(site, None)

    assert banner(client.get("/en/")) is None


def test_the_banner_goes_by_itself_at_its_time_from_kept_pages(site):
    now = timezone.now()
    mark(site, now + timedelta(minutes=1))
    client = Client()
    client.get("/en/")
    assert banner(client.get("/en/")) is not None

    with mock.patch(
        "django.utils.timezone.now", return_value=now + timedelta(minutes=2)
    ):
        assert banner(client.get("/en/")) is None


def test_a_scheduled_breaking_article_brings_its_banner_at_its_time(site):
    now = timezone.now()
    make_article(
        title="Due in a minute",
        published_at=now + timedelta(minutes=1),
        breaking_until=now + timedelta(hours=1),
    )
    client = Client()
    client.get("/en/")
    assert banner(client.get("/en/")) is None

    with mock.patch(
        "django.utils.timezone.now", return_value=now + timedelta(minutes=2)
    ):
        assert banner(client.get("/en/"))[1] == "Due in a minute"


def test_the_newest_breaking_article_is_the_banner_and_drafts_never(site):
    later = timezone.now() + timedelta(hours=3)
    mark(site, later)
    make_article(title="A draft", status=Article.Status.DRAFT, breaking_until=later)
    make_article(
        title="Newer news",
        published_at=timezone.now() - timedelta(minutes=5),
        breaking_until=later,
    )

    assert banner(Client().get("/en/"))[1] == "Newer news"


def test_a_kept_page_elsewhere_stays_kept_after_a_publication(site):
    """The banner's dependency is its own: an ordinary publication leaves the
    other articles' kept pages kept."""
    # A new section, author or office changes every page: made before.
    elsewhere = make_category()
    authors = list(site.authors.all())
    client = Client()
    address = site.get_absolute_url()
    client.get(address)
    make_article(
        title="An ordinary statement",
        published_at=timezone.now(),
        category=elsewhere,
        authors=authors,
    )
    client.get("/en/")  # draws the sidebar's counted tree again, for all

    assert client.get(address)["X-Cache"] == "hit"


# The desk ------------------------------------------------------------------------


def test_an_editor_marks_and_unmarks_through_the_form(client, site):
    log_in(client, make_editor())
    url = admin_url("change", site.pk)
    until = timezone.localtime() + timedelta(hours=2)
    data = form_data(client.get(url))
    data.update(
        breaking_until_0=until.strftime("%Y-%m-%d"),
        breaking_until_1=until.strftime("%H:%M:%S"),
    )

    assert client.post(url, data).status_code == 302
    assert banner(Client().get("/en/"))[1] == "Roads reopen in the north"

    data = form_data(client.get(url))
    data.update(breaking_until_0="", breaking_until_1="")
    assert client.post(url, data).status_code == 302
    assert banner(Client().get("/en/")) is None


def test_a_time_already_past_is_refused_with_the_form_kept(client, site):
    log_in(client, make_editor())
    url = admin_url("change", site.pk)
    past = timezone.localtime() - timedelta(hours=1)
    data = form_data(client.get(url))
    data.update(
        title="A new title kept",
        breaking_until_0=past.strftime("%Y-%m-%d"),
        breaking_until_1=past.strftime("%H:%M:%S"),
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert field_errors(response, "breaking_until") == [
        "Choose a time still to come; to take the banner down, empty the field."
    ]
    assert 'value="A new title kept"' in response.content.decode()
    assert Article.objects.get(pk=site.pk).breaking_until is None


def test_an_author_cannot_mark_an_article_as_breaking(client):
    author = make_author_user()
    own = make_article(status=Article.Status.DRAFT, authors=[author.author])
    log_in(client, author)
    url = admin_url("change", own.pk)
    until = timezone.localtime() + timedelta(hours=2)
    data = form_data(client.get(url))
    data.update(
        breaking_until_0=until.strftime("%Y-%m-%d"),
        breaking_until_1=until.strftime("%H:%M:%S"),
    )

    client.post(url, data)

    assert Article.objects.get(pk=own.pk).breaking_until is None
