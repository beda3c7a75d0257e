"""Sitemaps, the Google News sitemap and robots.txt: well-formed XML that
lists public addresses only, with alternates to real translations."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles import services, sitemaps
from articles.models import Article
from core import i18n
from tests.articles.test_query_counts import measure
from tests.factories import (
    bulk_articles,
    make_article,
    make_author,
    make_category,
    make_office,
    make_unseen_articles,
)

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
ORIGIN = "http://testserver"
SECTIONS = list(sitemaps.SECTIONS)
HOSTILE = 'Roads & water </script><script>alert("x")</script>'


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # raises on anything ill-formed


def listed_in(root):
    """``{location: {"lastmod": …, "alternates": {lang: href}}}`` of a urlset."""
    return {
        url.findtext("s:loc", namespaces=NS): {
            "lastmod": url.findtext("s:lastmod", namespaces=NS),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", NS)
                if link.get("rel") == "alternate"
            },
        }
        for url in root.findall("s:url", NS)
    }


def section_pages(client, section):
    """The addresses of a section's pages, as the index lists them."""
    root = xml(client, "/sitemap.xml")
    return [
        loc.text.removeprefix(ORIGIN)
        for loc in root.findall("s:sitemap/s:loc", NS)
        if loc.text.split("?")[0] == f"{ORIGIN}/sitemap-{section}.xml"
    ]


def entries(client, section, p=None):
    """What a section lists: on every page the index names (a crawler's
    reading), or on page ``p``."""
    if p is not None:
        return listed_in(xml(client, f"/sitemap-{section}.xml?p={p}"))
    found = {}
    for page in section_pages(client, section):
        found.update(listed_in(xml(client, page)))
    return found


@pytest.fixture
def site():
    office = make_office(slug="central")
    author = make_author(slug="omar", office=office)
    news = make_category(slug="news")
    north = make_category(slug="north", parent=news)
    english = make_article(
        slug="road-repairs", category=north, authors=[author], office=office
    )
    arabic = make_article(
        slug="islah", language="ar", category=news, authors=[author], office=office
    )
    services.article_save(article=english)
    english.translation = arabic
    services.article_save(article=english)
    hidden_ones = make_unseen_articles(category=news)
    english.tags.add("Water")
    arabic.tags.add("Water")
    hidden_ones[0].tags.add("Draft only")
    return {"english": english, "arabic": arabic}


# The index -----------------------------------------------------------------------


def test_the_index_lists_every_section_with_absolute_addresses(client, site):
    root = xml(client, "/sitemap.xml")

    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    sections = list(dict.fromkeys(location.split("?")[0] for location in locations))
    assert sections == [f"{ORIGIN}/sitemap-{section}.xml" for section in SECTIONS]
    for location in locations:
        xml(client, location.removeprefix(ORIGIN))


def test_the_index_gives_the_articles_newest_change(client, site):
    root = xml(client, "/sitemap.xml")

    lastmod = {
        item.findtext("s:loc", namespaces=NS): item.findtext("s:lastmod", namespaces=NS)
        for item in root.findall("s:sitemap", NS)
    }
    assert lastmod[f"{ORIGIN}/sitemap-articles.xml"].endswith("+03:00")


def test_a_large_section_is_split_into_pages_by_ids(client, site, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    english, arabic = site["english"], site["arabic"]
    last_page = max(english.pk, arabic.pk) // 2 + 1

    root = xml(client, "/sitemap.xml")

    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    pages = [loc for loc in locations if "sitemap-articles" in loc]
    assert pages == [f"{ORIGIN}/sitemap-articles.xml"] + [
        f"{ORIGIN}/sitemap-articles.xml?p={n}" for n in range(2, last_page + 1)
    ]
    # Page n holds the ids from 2(n - 1) to 2n - 1.
    for article in (english, arabic):
        listed = entries(client, "articles", p=article.pk // 2 + 1)
        assert f"{ORIGIN}/{article.language}/article/{article.slug}/" in listed
    assert client.get(f"/sitemap-articles.xml?p={last_page + 1}").status_code == 404
    assert client.get("/sitemap-articles.xml?p=0").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404


def test_an_article_keeps_its_sitemap_page_when_older_ones_go(
    client, site, monkeypatch
):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    english = site["english"]
    page = english.pk // 2 + 1
    before = entries(client, "articles", p=page)

    Article.objects.filter(pk__lt=english.pk).delete()

    assert entries(client, "articles", p=page).keys() >= {
        f"{ORIGIN}/en/article/{english.slug}/"
    }
    assert f"{ORIGIN}/en/article/{english.slug}/" in before


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


# Articles ------------------------------------------------------------------------


def test_the_article_section_lists_published_articles_only(client, site):
    listed = entries(client, "articles")

    assert set(listed) == {
        f"{ORIGIN}/en/article/road-repairs/",
        f"{ORIGIN}/ar/article/islah/",
    }
    for entry in listed.values():
        assert entry["lastmod"].endswith("+03:00")


def test_an_article_and_its_published_translation_are_alternates(client, site):
    listed = entries(client, "articles")

    pair = {
        "en": f"{ORIGIN}/en/article/road-repairs/",
        "ar": f"{ORIGIN}/ar/article/islah/",
    }
    assert listed[pair["en"]]["alternates"] == pair
    assert listed[pair["ar"]]["alternates"] == pair


def test_an_unpublished_translation_is_no_alternate(client, site):
    arabic = site["arabic"]
    arabic.status = Article.Status.DRAFT
    services.article_save(article=arabic)

    listed = entries(client, "articles")

    assert listed == {
        f"{ORIGIN}/en/article/road-repairs/": {
            "lastmod": listed[f"{ORIGIN}/en/article/road-repairs/"]["lastmod"],
            "alternates": {},
        }
    }


def test_an_article_without_translation_has_no_alternate(client):
    make_article(slug="alone")

    assert (
        entries(client, "articles")[f"{ORIGIN}/en/article/alone/"]["alternates"] == {}
    )


def test_with_one_edition_each_article_keeps_its_own_language_address(
    client, site, one_edition
):
    assert set(entries(client, "articles")) == {
        f"{ORIGIN}/en/article/road-repairs/",
        f"{ORIGIN}/ar/article/islah/",
    }


def test_the_lastmod_is_the_newest_change(client, site):
    english = site["english"]
    english.refresh_from_db()

    listed = entries(client, "articles")

    expected = timezone.localtime(english.last_modified).replace(microsecond=0)
    assert listed[f"{ORIGIN}/en/article/road-repairs/"]["lastmod"] == (
        expected.isoformat()
    )


# Pages of each edition -------------------------------------------------------------


def test_categories_are_listed_in_each_edition_that_has_their_articles(client, site):
    listed = entries(client, "categories")

    # "news" shows both editions' articles (its sub-category's included);
    # "north" only has an English one; the hidden category is never listed.
    assert set(listed) == {
        f"{ORIGIN}/en/category/news/",
        f"{ORIGIN}/ar/category/news/",
        f"{ORIGIN}/en/category/news/north/",
    }
    assert listed[f"{ORIGIN}/en/category/news/"]["alternates"] == {
        "en": f"{ORIGIN}/en/category/news/",
        "ar": f"{ORIGIN}/ar/category/news/",
    }
    assert listed[f"{ORIGIN}/en/category/news/north/"]["alternates"] == {}


@pytest.mark.parametrize(
    ("section", "path"),
    [
        ("authors", "author/omar/"),
        ("offices", "office/central/"),
        ("tags", "tag/water/"),
    ],
)
def test_authors_offices_and_tags_are_listed_per_edition(client, site, section, path):
    listed = entries(client, section)

    both = {"en": f"{ORIGIN}/en/{path}", "ar": f"{ORIGIN}/ar/{path}"}
    for location in both.values():
        assert listed[location]["alternates"] == both
        assert listed[location]["lastmod"].endswith("+03:00")


def test_a_tag_only_drafts_carry_is_not_listed(client, site):
    assert not any("draft-only" in location for location in entries(client, "tags"))


def test_an_edition_without_articles_lists_no_subject_pages(client):
    make_article(slug="only-english", category=make_category(slug="news"))

    for section in ("categories", "authors", "offices"):
        assert all("/en/" in location for location in entries(client, section))


def test_the_pages_section_lists_each_editions_home_authors_and_archive(client, site):
    listed = entries(client, "pages")

    for path in ("", "authors/", "archive/"):
        both = {"en": f"{ORIGIN}/en/{path}", "ar": f"{ORIGIN}/ar/{path}"}
        for location in both.values():
            assert listed[location]["alternates"] == both


def test_the_archive_section_lists_the_months_with_articles(client):
    make_article(published_at=timezone.now().replace(year=2023, month=12, day=3))

    listed = entries(client, "archive")

    assert f"{ORIGIN}/en/archive/2023/12/" in listed
    assert f"{ORIGIN}/en/archive/hijri/1445/5/" in listed
    assert not any("/ar/" in location for location in listed)
    for location in listed:
        assert client.get(location.removeprefix(ORIGIN)).status_code == 200


@pytest.mark.parametrize("section", SECTIONS)
def test_every_listed_address_answers(client, site, section):
    for location, entry in entries(client, section).items():
        assert client.get(location.removeprefix(ORIGIN)).status_code == 200, location
        for alternate in entry["alternates"].values():
            assert client.get(alternate.removeprefix(ORIGIN)).status_code == 200


# Google News ----------------------------------------------------------------------


def test_the_news_sitemap_lists_the_last_two_days(client, site):
    make_article(slug="old-news", published_at=timezone.now() - timedelta(days=3))

    root = xml(client, "/news-sitemap.xml")

    urls = root.findall("s:url", NS)
    assert {url.findtext("s:loc", namespaces=NS) for url in urls} == {
        f"{ORIGIN}/en/article/road-repairs/",
        f"{ORIGIN}/ar/article/islah/",
    }
    for url in urls:
        news = url.find("news:news", NS)
        language = news.findtext("news:publication/news:language", namespaces=NS)
        name = news.findtext("news:publication/news:name", namespaces=NS)
        assert (language, name) in {("en", "Media Office"), ("ar", "المكتب الإعلامي")}
        assert news.findtext("news:publication_date", namespaces=NS).endswith("+03:00")
        assert news.findtext("news:title", namespaces=NS)


def test_hostile_titles_stay_text_in_the_news_sitemap(client):
    make_article(title=HOSTILE)

    response = client.get("/news-sitemap.xml")

    assert b"<script" not in response.content
    title = ET.fromstring(response.content).findtext(".//news:title", namespaces=NS)
    assert title == HOSTILE


# robots.txt -------------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemaps(
    client,
):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {
        "Disallow: /admin/",
        "Disallow: /ar/preview/",
        "Disallow: /en/preview/",
        "Disallow: /ar/comments/moderation/",
        "Disallow: /en/comments/moderation/",
        f"Sitemap: {ORIGIN}/sitemap.xml",
        f"Sitemap: {ORIGIN}/news-sitemap.xml",
    } <= set(lines)
    assert not any(line == "Disallow: /" for line in lines)


def test_robots_txt_only_answers_get(client):
    assert client.post("/robots.txt").status_code == 405


# Queries --------------------------------------------------------------------------


def sitemap_urls(client):
    """The index, the Google News sitemap and each section (the article
    section's last page: the newest articles)."""
    return [
        "/sitemap.xml",
        "/news-sitemap.xml",
        *(section_pages(client, section)[-1] for section in SECTIONS),
    ]


def test_no_sitemap_runs_more_queries_on_a_bigger_archive(
    client, site, django_assert_max_num_queries
):
    bound = 16  # the index: every section's aggregate, the site texts

    small = [measure(client, url, bound, django_assert_max_num_queries)
             for url in sitemap_urls(client)]  # fmt: skip
    news = Article.objects.get(slug="road-repairs").category
    bulk_articles(
        1000,
        categories=[news, news.parent],
        authors=[make_author(), make_author()],
        tags=site["english"].tags.all(),
    )
    large = [measure(client, url, bound, django_assert_max_num_queries)
             for url in sitemap_urls(client)]  # fmt: skip

    assert large == small
    assert len(entries(client, "articles")) == 1002


def test_a_page_of_articles_runs_four_queries_however_far_it_is(
    client, site, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 50)
    batch = bulk_articles(
        200,
        categories=[Article.objects.get(slug="islah").category],
        authors=[make_author()],
    )
    client.get("/sitemap-articles.xml")  # the site texts, cached
    first = batch[0].pk // 50 + 1

    # The last id (how many pages), the page's articles with their
    # translations, which of those translations are published, their PDFs.
    for page in (first + 1, first + 2, first + 3):
        with django_assert_num_queries(4):
            listed = entries(client, "articles", p=page)
        assert len(listed) == 50


def test_a_page_of_articles_asks_for_its_translations_by_their_ids(
    client, site, monkeypatch
):
    """Not by a subquery over the page's range: on a freshly seeded PostgreSQL,
    without statistics, that was planned as a join over the whole archive
    and every page answered 503 until someone ran ANALYZE."""
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 50)
    batch = bulk_articles(
        100,
        categories=[Article.objects.get(slug="islah").category],
        authors=[make_author()],
    )
    page = batch[0].pk // 50 + 2
    client.get("/sitemap-articles.xml")  # the site texts and the schedule, cached

    with CaptureQueriesContext(connection) as queries:
        listed = entries(client, "articles", p=page)

    assert len(listed) == 50
    assert all(entry["alternates"] for entry in listed.values())
    selects = [query["sql"].upper().count("SELECT") for query in queries]
    assert selects and set(selects) == {1}, queries.captured_queries


def test_control_characters_in_a_title_are_left_out_of_the_news_sitemap(client):
    make_article(title="Road\x1frepairs")

    root = xml(client, "/news-sitemap.xml")

    assert root.findtext(".//news:title", namespaces=NS) == "Roadrepairs"


@pytest.mark.parametrize("separate", [True, False])
def test_sitemap_addresses_are_the_articles_own(settings, separate):
    """The sitemap reverses an address once per language: it must give what
    ``get_absolute_url`` gives in the article's own language."""
    settings.CMS_SEPARATE_EDITIONS = separate
    articles = [
        make_article(slug="plain-ascii"),
        make_article(slug="مياه-الشرب_٢", language="ar"),
        make_article(slug="Café-ÉTÉ", language="en"),
    ]
    paths = i18n.SlugPaths("articles:detail")
    pdfs = i18n.SlugPaths("documents:article_pdf")

    for article in articles:
        with translation.override(article.language):
            assert paths(article) == article.get_absolute_url()
            assert pdfs(article) == reverse(
                "documents:article_pdf", kwargs={"slug": article.slug}
            )
