"""Every public page runs a fixed number of queries, however big the archive.

The pages are rendered (in both languages) on a small site, the site is grown
(60 more articles over 15 more categories, three authors each, more offices and
tags), and the pages are rendered again: both renders are held to each page's
bound, and to the same count. The archive is built once for all pages, to keep
the suite fast.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import Page
from tests.factories import make_archive, make_article
from tests.queries import measure

pytestmark = pytest.mark.django_db

# page: (URL from the data, most queries with a cold cache). Every page reads
# the site settings, the menu and the moon-sighting table (then cached), when
# the schedule next changes the content (1, then cached), the static pages its
# footer and menu list (then cached), and the category tree with its counts (2,
# then cached; a category page finds its category there), the breaking news
# of its edition (then cached); a list adds its
# total, its page and the comment counts (a card shows no byline); the article
# page its authors, tags and approved comments, related articles (by tags,
# then the category), previous and next. The home adds the editors' sections
# (then cached) and one query for its lead, featured and section stories
# together, whose comment counts come with the list's.
PAGES = {
    "home": (lambda data: "/{}/", 13),
    "home, page 2": (lambda data: "/{}/?page=2", 13),
    # Each edition's own article (an article is served in its own edition).
    "article": (lambda data: f"/en/article/{data['articles'][0].slug}/", 15),
    "Arabic article": (lambda data: f"/ar/article/{data['articles'][1].slug}/", 15),
    "category": (lambda data: f"/{{}}/category/{data['categories'][0].path}/", 11),
    "sub-category": (
        lambda data: f"/{{}}/category/{data['categories'][1].path}/",
        11,
    ),
    "author": (lambda data: f"/{{}}/author/{data['authors'][0].slug}/", 12),
    "office": (lambda data: f"/{{}}/office/{data['offices'][0].slug}/", 13),
    "authors": (lambda data: "/{}/authors/", 9),
    # One more: whether the other edition has articles with the tag.
    "tag": (lambda data: "/{}/tag/volunteering/", 13),
    "static page": (lambda data: "/{}/page/about/", 9),
    "not found": (lambda data: "/{}/article/no-such-article/", 10),
}


def tag(articles, *names):
    for article in articles:
        article.tags.add(*names)


def make_static_pages(count, start=0):
    for language in ("en", "ar"):
        if not start:
            Page.objects.create(
                title="About", slug="about", language=language, body="<p>x</p>"
            )
        for i in range(start, start + count):
            Page.objects.create(
                title=f"Page {i}", language=language, body="<p>y</p>",
                show_in="menu" if i % 2 else "footer",
            )  # fmt: skip


def grow(data):
    """Add a much bigger archive around the small one."""
    more = make_archive(articles=60, categories=15, offices=4, authors_per_article=3)
    tag(more["articles"], "Volunteering", "Roads", "مياه")
    make_static_pages(count=6, start=1)
    # Give the small site's author, office and categories many more articles too.
    for i in range(20):
        make_article(
            authors=[data["authors"][0], *more["authors"][:2]],
            category=data["categories"][i % 2],
            office=data["offices"][0],
        )
    return more


def measure_all(client, data, django_assert_max_num_queries):
    return {
        make_url(data).format(language): measure(
            client,
            make_url(data).format(language),
            bound,
            django_assert_max_num_queries,
        )
        for make_url, bound in PAGES.values()
        for language in ("en", "ar")
    }


def test_no_public_page_runs_more_queries_on_a_bigger_archive(
    client, settings, django_assert_max_num_queries
):
    # Small pages, so that the home's list has a second page even on the small
    # site, after the lead, featured and section stories.
    settings.CMS_PAGINATE_BY = 3
    data = make_archive(articles=20, categories=3, offices=1, authors_per_article=1)
    tag(data["articles"], "Volunteering")
    make_static_pages(count=1)

    small = measure_all(client, data, django_assert_max_num_queries)
    grow(data)
    large = measure_all(client, data, django_assert_max_num_queries)

    grown = {url: (small[url], large[url]) for url in small if large[url] != small[url]}
    assert not grown, f"queries (small site, big site): {grown}"


def test_warm_cache_page_needs_fewer_queries(client, django_assert_max_num_queries):
    """Site settings, the menu and month adjustments come from the cache."""
    data = make_archive(articles=3, categories=2, offices=1)
    url = f"/en/article/{data['articles'][0].slug}/"
    cold = measure(client, url, PAGES["article"][1], django_assert_max_num_queries)

    with django_assert_max_num_queries(cold - 1):
        assert client.get(url).status_code == 200


def test_a_list_page_with_its_frame_kept_asks_only_for_its_cards(client, settings):
    """Once the frame and the cards are kept (the category tree with its
    counts, the list's total, the cards), a category page's one query is its
    page of articles: not the categories, not the bylines (a card shows none),
    and not the articles' bodies."""
    settings.CMS_PAGE_CACHE_SECONDS = 0
    data = make_archive(articles=6, categories=2, offices=1, authors_per_article=2)
    url = f"/en/category/{data['categories'][0].path}/"
    assert client.get(url).status_code == 200

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) == 1, sql
    assert 'FROM "articles_category"' not in sql[0]
    assert "articles_articleauthor" not in sql[0]
    assert '"articles_article"."body"' not in sql[0]
