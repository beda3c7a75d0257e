"""RSS 2.0 and Atom feeds: what a feed reader gets from each edition, category,
author, office and tag, and how an unchanged feed answers.

Feeds are read with feedparser, as a reader would; "bozo" is its word for a
feed that is not well-formed.
"""

import html
from datetime import timedelta

import feedparser
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import services
from articles.models import Article, Category
from site_settings.models import SiteSettings
from tests.articles.test_query_counts import measure
from tests.factories import (
    bulk_articles,
    make_article,
    make_author,
    make_category,
    make_image,
    make_office,
    make_unseen_articles,
)
from tests.jobs.running import worked
from tests.markup import find_by_class, parse

pytestmark = pytest.mark.django_db

HOSTILE = 'Water & roads </script><script>alert("x")</script> <b>bold</b>'

# The feed of every kind of subject (RSS; Atom adds "atom/"), as URL templates.
SUBJECTS = {
    "edition": "/{lang}/feed/",
    "category": "/{lang}/category/news/feed/",
    "sub-category": "/{lang}/category/news/north/feed/",
    "author": "/{lang}/author/omar/feed/",
    "office": "/{lang}/office/central/feed/",
    "tag": "/{lang}/tag/water/feed/",
}
FEEDS = [
    (name, url + suffix) for name, url in SUBJECTS.items() for suffix in ("", "atom/")
]


@pytest.fixture
def site():
    """Published articles in both languages, under every subject, and the
    articles readers must never get: a draft, a scheduled one, one taken down
    and one in a hidden category."""
    office = make_office(slug="central", name_en="Central Media Office")
    omar = make_author(slug="omar", office=office, name_en="Omar Khalil")
    news = make_category(slug="news", name_en="News", name_ar="أخبار")
    north = make_category(slug="north", parent=news, name_en="North")
    make_category(slug="hidden", is_published=False)
    now = timezone.now()
    common = {"authors": [omar], "office": office}
    english = make_article(
        title="Road repairs",
        excerpt="The northern road is repaired.",
        category=north,
        published_at=now - timedelta(hours=2),
        **common,
    )
    arabic = make_article(
        title="إصلاح الطرق",
        language="ar",
        excerpt="أصلح الطريق الشمالي.",
        category=news,
        published_at=now - timedelta(hours=3),
        **common,
    )
    unseen = make_unseen_articles(category=news)
    for article in [english, arabic, *unseen]:
        article.authors.add(omar)
        Article.objects.filter(pk=article.pk).update(office=office)
        article.tags.add("Water")
    return {"english": english, "arabic": arabic, "author": omar, "category": north}


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return feed


def titles(feed):
    """Entry titles as a reader shows them (RSS titles are HTML, Atom's text)."""
    return [
        html.unescape(entry.title)
        if entry.title_detail.type == "text/html"
        else entry.title
        for entry in feed.entries
    ]


# What each feed lists ------------------------------------------------------------


@pytest.mark.parametrize(("subject", "url"), FEEDS)
def test_every_feed_parses_and_lists_only_published_articles_of_its_edition(
    client, site, subject, url
):
    expected_en = ["Road repairs"]
    expected_ar = [] if subject == "sub-category" else ["إصلاح الطرق"]

    assert titles(read(client, url.format(lang="en"))) == expected_en
    assert titles(read(client, url.format(lang="ar"))) == expected_ar


@pytest.mark.parametrize(("subject", "url"), FEEDS)
def test_with_one_edition_every_feed_lists_both_languages(
    client, site, one_edition, subject, url
):
    expected = (
        {"Road repairs"}
        if subject == "sub-category"
        else {
            "Road repairs",
            "إصلاح الطرق",
        }
    )

    for lang in ("en", "ar"):
        assert set(titles(read(client, url.format(lang=lang)))) == expected


def test_a_feed_lists_the_twenty_newest_articles_newest_first(client):
    category = make_category(slug="news")
    now = timezone.now()
    for hours in range(1, 24):
        make_article(
            title=f"Hour {hours}",
            category=category,
            published_at=now - timedelta(hours=hours),
        )

    for url in ("/en/feed/", "/en/feed/atom/", "/en/category/news/feed/"):
        assert titles(read(client, url)) == [f"Hour {h}" for h in range(1, 21)]


def test_a_category_feed_includes_its_sub_categories(client, site):
    feed = read(client, "/en/category/news/feed/")

    assert [entry.tags[0].term for entry in feed.entries] == ["North"]


@pytest.mark.parametrize(
    "url",
    [
        "/en/category/no-such/feed/",
        "/en/category/hidden/feed/",
        "/en/author/nobody/feed/atom/",
        "/en/office/nowhere/feed/",
        "/en/tag/nothing/feed/",
    ],
)
def test_the_feed_of_an_unknown_or_hidden_subject_is_not_found(client, site, url):
    assert client.get(url).status_code == 404


def test_a_tag_only_drafts_carry_has_no_feed(client, site):
    make_article(status=Article.Status.DRAFT).tags.add("Secret plans")

    assert client.get("/en/tag/secret-plans/feed/").status_code == 404


def test_an_empty_edition_has_an_empty_feed(client):
    make_article(language="ar")

    assert read(client, "/en/feed/").entries == []


def test_feed_titles_come_from_the_site_name(client, site):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"site_name_en": "Invented Office"}
    )

    assert read(client, "/en/feed/").feed.title == "Invented Office"
    assert read(client, "/en/category/news/feed/atom/").feed.title == (
        "Invented Office: News"
    )
    assert read(client, "/ar/category/news/feed/").feed.title == (
        "المكتب الإعلامي: أخبار"
    )


# Each item ------------------------------------------------------------------------


def test_an_rss_item_carries_link_excerpt_author_category_and_both_times(client, site):
    (entry,) = read(client, "/en/feed/").entries
    english = site["english"]

    assert entry.link == f"http://testserver/en/article/{english.slug}/"
    assert entry.id == entry.link
    assert entry.summary == "The northern road is repaired."
    assert entry.author == "Omar Khalil"
    assert [tag.term for tag in entry.tags] == ["North"]
    # RFC 822 and RFC 3339 with the site's offset (Makkah, UTC+3).
    local = timezone.localtime(english.published_at)
    assert entry.published == local.strftime("%a, %d %b %Y %H:%M:%S +0300")
    assert entry.updated.endswith("+03:00")
    assert entry.updated_parsed >= entry.published_parsed


def test_an_atom_entry_carries_link_excerpt_author_category_and_both_times(
    client, site
):
    (entry,) = read(client, "/en/feed/atom/").entries
    english = site["english"]

    assert entry.link == f"http://testserver/en/article/{english.slug}/"
    assert entry.summary == "The northern road is repaired."
    assert entry.author_detail.name == "Omar Khalil"
    assert entry.author_detail.href == "http://testserver/en/author/omar/"
    assert [tag.term for tag in entry.tags] == ["North"]
    assert (
        entry.published
        == timezone.localtime(english.published_at).replace(microsecond=0).isoformat()
    )
    assert entry.published.endswith("+03:00")
    assert entry.updated.endswith("+03:00")


def test_an_article_without_an_excerpt_is_summed_up_by_its_first_words(client):
    make_article(excerpt="", body="<p>First paragraph.</p><p>Second &amp; last.</p>")

    (entry,) = read(client, "/en/feed/atom/").entries

    assert entry.summary == "First paragraph. Second &amp; last."


def test_the_lead_image_is_an_enclosure(client):
    with worked():  # the renditions
        make_article(
            lead_image=make_image("lead.png", size=(1600, 900)),
            lead_image_alt="A placeholder picture",
        )
    make_article(title="No picture", published_at=timezone.now() - timedelta(hours=2))

    for url in ("/en/feed/", "/en/feed/atom/"):
        with_image, without = read(client, url).entries
        # An Atom entry encloses the statement's PDF after it (documents/).
        enclosure, *others = with_image.enclosures
        assert [other.type for other in others] == (
            ["application/pdf"] if "atom" in url else []
        )
        assert enclosure.href.startswith("http://testserver/media/renditions/")
        assert enclosure.href.endswith("/1200.png")
        assert enclosure.type == "image/png"
        assert int(enclosure.length) > 0
        assert without.enclosures == []  # its PDF not made: no job ran


def test_hostile_titles_and_names_stay_text_in_both_formats(client):
    author = make_author(name_en=HOSTILE)
    make_article(
        title=HOSTILE,
        excerpt=HOSTILE,
        authors=[author],
        category=make_category(slug="hostile", name_en=HOSTILE),
    )

    for url in ("/en/feed/", "/en/feed/atom/", "/en/category/hostile/feed/"):
        response = client.get(url)
        assert b"<script" not in response.content
        assert b"<b>" not in response.content
        feed = read(client, url)
        (entry,) = feed.entries
        assert titles(feed) == [HOSTILE]
        assert html.unescape(entry.summary) == HOSTILE
        assert entry.tags[0].term == HOSTILE
        assert HOSTILE in entry.author


# Conditional GET --------------------------------------------------------------------


@pytest.mark.parametrize(("subject", "url"), FEEDS)
def test_an_unchanged_feed_answers_not_modified(client, site, subject, url):
    url = url.format(lang="en")
    response = client.get(url)
    etag, modified = response["ETag"], response["Last-Modified"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_last_modified_time_is_the_newest_change(client, site):
    response = client.get("/en/feed/")

    newest = site["english"].last_modified
    assert response["Last-Modified"] == newest.strftime("%a, %d %b %Y %H:%M:%S GMT")


def test_an_edited_article_changes_the_feed(client, site):
    etag = client.get("/en/feed/")["ETag"]

    english = site["english"]
    english.title = "Road repairs, corrected"
    services.article_save(article=english)

    again = client.get("/en/feed/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag
    assert titles(read(client, "/en/feed/")) == ["Road repairs, corrected"]


def test_an_article_coming_due_changes_the_etag(client, site):
    """A scheduled article appears at its time without any save."""
    etag = client.get("/en/feed/")["ETag"]
    Article.objects.filter(title="A scheduled one").update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    cache.clear()  # the update() above bypassed the signals, as time does

    response = client.get("/en/feed/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert "A scheduled one" in titles(feedparser.parse(response.content))


def test_the_feed_of_an_unknown_subject_is_not_found_even_with_an_etag(client):
    response = client.get("/en/author/nobody/feed/", HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 404


# Links to the feeds ---------------------------------------------------------------

PAGES = {
    "/en/": "/en/feed/",
    "/en/category/news/north/": "/en/category/news/north/feed/",
    "/ar/author/omar/": "/ar/author/omar/feed/",
    "/en/office/central/": "/en/office/central/feed/",
    "/ar/tag/water/": "/ar/tag/water/feed/",
}


@pytest.mark.parametrize(("page", "feed"), PAGES.items())
def test_pages_link_to_their_feeds_in_the_head_and_visibly(client, site, page, feed):
    root = parse(client.get(page))

    head = {
        link.get("type"): link.get("href")
        for link in root.find("head").iter("link")
        if link.get("rel") == "alternate" and link.get("type")
    }
    assert head == {
        "application/rss+xml": feed,
        "application/atom+xml": f"{feed}atom/",
    }
    # Beside the heading; the edition's own feeds are in the footer, on every page.
    shown = [p for p in root.iter("p") if p.get("class") == "feed-links"]
    if page == "/en/":
        shown = find_by_class(root, "nav", "footer-feeds")
    (links,) = shown
    visible = {a.get("type"): a.get("href") for a in links.iter("a") if a.get("type")}
    assert visible == head
    for url in visible.values():
        assert client.get(url).status_code == 200


def test_the_feed_link_titles_name_the_subject(client, site):
    root = parse(client.get("/en/category/news/north/"))

    titles_ = [
        link.get("title")
        for link in root.iter("link")
        if link.get("type") == "application/rss+xml"
    ]
    assert titles_ == ["Media Office: North (RSS)"]


# Addresses ----------------------------------------------------------------------


def test_no_sub_category_may_be_called_feed():
    news = make_category(slug="news")

    with pytest.raises(ValidationError) as error:
        Category(parent=news, slug="feed", name_en="Feed").full_clean()
    assert "slug" in error.value.message_dict
    Category(slug="feed", name_en="Feed").full_clean()  # at the top it is free


def test_a_sub_category_named_feed_gets_another_slug():
    news = make_category(slug="news")

    assert Category.objects.create(parent=news, name_en="Feed").slug != "feed"


# Queries ---------------------------------------------------------------------


def all_feeds():
    return [url.format(lang=lang) for _name, url in FEEDS for lang in ("en", "ar")]


def test_no_feed_runs_more_queries_on_a_bigger_archive(
    client, site, django_assert_max_num_queries
):
    # Site texts (2), subject, newest items' times, items, authors; an Atom
    # feed the items' PDFs.
    bound = 8
    # Every feed lists something on the small site too (an empty list
    # skips the authors' query).
    make_article(
        language="ar", category=site["category"], authors=[site["author"]]
    ).tags.add("Water")

    small = {url: measure(client, url, bound, django_assert_max_num_queries)
             for url in all_feeds()}  # fmt: skip
    bulk_articles(
        1000,
        categories=[site["category"]],
        authors=[site["author"], make_author(office=site["author"].office)],
        tags=site["english"].tags.all(),
    )
    large = {url: measure(client, url, bound, django_assert_max_num_queries)
             for url in all_feeds()}  # fmt: skip

    assert large == small
    assert len(read(client, "/en/office/central/feed/").entries) == 20


def test_a_not_modified_answer_runs_two_small_queries_at_most(
    client, site, django_assert_max_num_queries
):
    etag = client.get("/en/category/news/feed/")["ETag"]

    with django_assert_max_num_queries(2):  # the category, the items' times
        response = client.get("/en/category/news/feed/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_control_characters_pasted_into_names_are_left_out(client):
    author = make_author(name_en="Omar\x0bKhalil")
    make_article(
        title="Road\x1frepairs",
        excerpt="Summary\x08.",
        authors=[author],
        category=make_category(slug="roads", name_en="Roads\x0c"),
    )

    for url in ("/en/feed/", "/en/feed/atom/", "/en/category/roads/feed/"):
        (entry,) = read(client, url).entries
        assert entry.title == "Roadrepairs"
        assert entry.summary == "Summary."
        assert entry.author == "OmarKhalil"
