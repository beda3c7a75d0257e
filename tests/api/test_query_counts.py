"""Every API address runs a fixed number of queries, however big the archive.

Each address is asked with a cold cache on a site of one article, and again
after the site grew to a thousand more articles (bulk inserts, as
``seed_demo --articles`` makes them, with tags, translations, lead images
and several authors each): both are held to the address's bound, and to the
same count.
"""

import datetime

import pytest
from django.core.management import call_command
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleAuthor
from tests.factories import (
    make_article,
    make_author,
    make_category,
    make_image,
    make_office,
)
from tests.queries import measure

pytestmark = pytest.mark.django_db

# address: most queries with a cold cache. Every address asks when the schedule
# next changes the content (then cached). A list of articles: its total, the
# page, the authors' and the tags' prefetches, when the schedule next changes
# the content, the month adjustments and the site's settings and menu (for the
# Hijri month names; all then cached); each
# filter naming a thing (category, author, office, tag) adds the query that
# finds it.
ADDRESSES = {
    "/api/v1/articles?page_size=100": 8,
    "/api/v1/articles?page_size=1&page=2": 8,
    "/api/v1/articles?language=ar&edition=ar&since=2000-01-01&until=2100-01-01": 8,
    "/api/v1/articles?category=statements&author=sami&office=central&tag=water": 12,
    "/api/v1/articles?hijri_month=1445-05&month=2023-11": 8,
    # + the site search's matches and which of them are published.
    "/api/v1/search?q=water&page_size=100": 10,
    "/api/v1/articles/{article}": 7,
    "/api/v1/categories": 3,
    "/api/v1/categories?edition=en": 3,
    "/api/v1/authors?page_size=100": 3,
    "/api/v1/authors?office=central": 4,
    "/api/v1/authors/sami": 2,
    "/api/v1/offices": 3,
    "/api/v1/offices/central": 2,
    "/api/v1/tags?page_size=100": 3,
}


@pytest.fixture
def small_site():
    category = make_category(slug="statements")
    author = make_author(slug="sami", office=make_office(slug="central"))
    article = make_article(
        title="Water statement",
        # 20 November 2023 is in Jumada al-awwal 1445: every list has an item.
        published_at=datetime.datetime(2023, 11, 20, 9, 0, tzinfo=datetime.UTC),
        category=category,
        authors=[author, make_author()],
        lead_image=make_image("lead.png", size=(1000, 500)),
        lead_image_alt="A picture",
    )
    article.tags.add("Water", "Roads")
    translation = make_article(title="بيان المياه", language="ar", category=category)
    Article.objects.filter(pk=article.pk).update(translation=translation)
    Article.objects.filter(pk=translation.pk).update(translation=article)
    return article


def grow(article):
    """A thousand more articles (``seed_demo`` finds the office "central" and
    puts them in the small site's category, by its authors), most of them
    rich: two authors, tags, a translation, a lead image."""
    call_command("seed_demo", articles=1000, seed=1, stdout=open("/dev/null", "w"))
    new = list(Article.objects.filter(slug__startswith="generated-").order_by("pk"))
    guest = make_author(slug="guest")
    ArticleAuthor.objects.bulk_create(
        [ArticleAuthor(article=item, author=guest, position=1) for item in new]
    )
    tags = [Tag.objects.get(slug="water"), Tag.objects.create(name="Schools")]
    TaggedItem.objects.bulk_create(
        [TaggedItem(content_object=item, tag=tag) for item in new[:600] for tag in tags]
    )
    for arabic, english in zip(new[0:300:2], new[1:300:2], strict=True):
        Article.objects.filter(pk=arabic.pk).update(translation=english)
        Article.objects.filter(pk=english.pk).update(translation=arabic)
    Article.objects.filter(pk__in=[item.pk for item in new[:400]]).update(
        lead_image=article.lead_image.name, lead_image_width=1000, lead_image_height=500
    )


def measure_all(client, article, django_assert_max_num_queries):
    return {
        url: measure(
            client,
            url.format(article=article.pk),
            bound,
            django_assert_max_num_queries,
            statuses=(200,),
        )
        for url, bound in ADDRESSES.items()
    }


def test_no_api_address_runs_more_queries_on_a_bigger_archive(
    client, small_site, django_assert_max_num_queries
):
    small = measure_all(client, small_site, django_assert_max_num_queries)
    grow(small_site)
    large = measure_all(client, small_site, django_assert_max_num_queries)

    assert Article.objects.published().count() > 1000
    grown = {url: (small[url], large[url]) for url in small if large[url] != small[url]}
    assert not grown, f"queries (one article, a thousand): {grown}"


def test_a_full_page_really_lists_rich_articles(client, small_site):
    """The bigger site's first page has what the query counts are about."""
    grow(small_site)

    results = client.get("/api/v1/articles?page_size=100").json()["results"]

    assert len(results) == 100
    assert sum(len(item["authors"]) > 1 for item in results) > 50
    assert sum(bool(item["tags"]) for item in results) > 50
    assert sum(item["lead_image"] is not None for item in results) > 30
