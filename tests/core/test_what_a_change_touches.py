"""What a change touches: every kind of change against every kind of page.

Each page is kept in the page cache, a change is made, and the page is asked
again: "fresh" when it must be drawn again (it shows what changed), "kept"
when it may come from the cache (it does not). A change to one article's
comments touches the pages that show them, nothing else; any other change
makes everything fresh (``core.cache``).
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from taggit.models import Tag

from articles import services
from articles.models import Article
from comments import services as comment_services
from comments.models import Comment, Reason
from site_settings.models import SiteSettings
from tests.comments.factories import make_comment
from tests.factories import make_article, make_author, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    """Two articles apart: another section, author and tag, a month between."""
    settings.CMS_PAGE_CACHE_SECONDS = 300
    now = timezone.now()
    near = make_article(
        title="Water supply statement",
        category=make_category(slug="water"),
        authors=[make_author(slug="near-author")],
        published_at=now - timedelta(hours=1),
    )
    far = make_article(
        title="Road repairs statement",
        category=make_category(slug="roads"),
        authors=[make_author(slug="far-author")],
        published_at=now - timedelta(days=40),
    )
    near.tags.add("wells")
    far.tags.add("asphalt")
    return near, far


def pages(near, far):
    """Every kind of page a reader (or a program) asks, by name."""
    month = timezone.localtime(far.published_at)
    with translation.override("en"):
        return _pages(near, far, month)


def _pages(near, far, month):
    return {
        "home": "/en/",
        "near article": near.get_absolute_url(),
        "far article": far.get_absolute_url(),
        "near section": near.category.get_absolute_url(),
        "far section": far.category.get_absolute_url(),
        "far author": far.authors.get().get_absolute_url(),
        "far tag": f"/en/tag/{Tag.objects.get(name='asphalt').slug}/",
        "far month": f"/en/archive/{month.year}/{month.month}/",
        "search far": "/en/search/?q=road",
        "feed": "/en/feed/",
        "sitemap": "/sitemap-articles.xml",
        "api list": "/api/v1/articles",
    }


# The pages that show the near article's comments (its thread, or its card
# with the count): the home and the near article's own lists.
SHOWS_NEAR_COMMENTS = {"home", "near article", "near section"}


def approve_on_near(near, far):
    comment = make_comment(article=near, status=Comment.Status.PENDING)
    comment_services.comment_approve(comment=comment, moderator=None)


def hold_on_near(near, far):
    make_comment(article=near, status=Comment.Status.PENDING)


def reject_on_near(near, far):
    comment = make_comment(article=near, status=Comment.Status.PENDING)
    comment_services.comment_reject(
        comment=comment, moderator=None, reason=Reason.OFF_TOPIC
    )


def delete_on_near(near, far):
    Comment.objects.filter(article=near).delete()


def publish_in_near_section(near, far):
    article = make_article(category=near.category, status=Article.Status.DRAFT)
    services.article_publish(article=article, user=None)


def rename_the_site(near, far):
    SiteSettings(site_name_en="Renamed office").save()


def rename_far_author(near, far):
    author = far.authors.get()
    author.name_en = "Renamed author"
    author.save()


ALL = "every page"
# change -> the pages that must be fresh after it; every other page is kept.
TRUTH = {
    hold_on_near: set(),
    approve_on_near: SHOWS_NEAR_COMMENTS,
    reject_on_near: SHOWS_NEAR_COMMENTS,
    delete_on_near: SHOWS_NEAR_COMMENTS,
    publish_in_near_section: ALL,
    rename_the_site: ALL,
    rename_far_author: ALL,
}


@pytest.mark.parametrize("change", TRUTH, ids=lambda change: change.__name__)
def test_a_change_refreshes_what_shows_it_and_keeps_the_rest(site, change):
    near, far = site
    if change is delete_on_near:
        make_comment(article=near)
    client = Client()
    addresses = pages(near, far)
    for name, address in addresses.items():
        assert client.get(address).status_code == 200, name
        assert client.get(address)["X-Cache"] == "hit", name

    change(near, far)

    fresh = set(addresses) if TRUTH[change] == ALL else TRUTH[change]
    seen = {name: client.get(address)["X-Cache"] for name, address in addresses.items()}
    assert {name for name, how in seen.items() if how == "miss"} == fresh
