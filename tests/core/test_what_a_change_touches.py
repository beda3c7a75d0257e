"""What a change touches: every kind of change against every kind of page.

Each page is kept in the page cache, a change is made, and the page is asked
again: "fresh" when it must be drawn again (it shows what changed), "kept"
when it may come from the cache (it does not). A change to one article's
comments touches the pages that show them, nothing else; a change to an
article touches its page, every list and the articles beside it (in its
section, with its tags), not the other articles' pages; any other change
makes everything fresh (``core.cache``).
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone, translation
from freezegun import freeze_time
from taggit.models import Tag

from articles import services
from articles.models import Article, Category
from comments import services as comment_services
from comments.models import Comment, Reason
from site_settings.models import SiteSettings
from tests.comments.factories import make_comment
from tests.factories import make_article, make_author, make_category
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def morning():
    """A clock far from the site's midnight: a page kept before midnight is
    not served after it (the date bar), and these tests move the clock by
    minutes."""
    with freeze_time("2026-03-10 06:00:00", tick=True):
        yield


@pytest.fixture
def site(settings):
    """Two articles apart: another section (the near one inside a parent),
    author, office and tag, a month between."""
    settings.CMS_PAGE_CACHE_SECONDS = 300
    now = timezone.now()
    near = make_article(
        title="Water supply statement",
        category=make_category(slug="water", parent=make_category(slug="services")),
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
    make_category(slug="harvest")  # a section with nothing in it yet
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
        "near parent": near.category.parent.get_absolute_url(),
        "far section": far.category.get_absolute_url(),
        "far section feed": f"{far.category.get_absolute_url()}feed/",
        "far author": far.authors.get().get_absolute_url(),
        "far office": far.office.get_absolute_url(),
        "far tag": f"/en/tag/{Tag.objects.get(name='asphalt').slug}/",
        "far month": f"/en/archive/{month.year}/{month.month}/",
        "archive": "/en/archive/",
        "arabic home": "/ar/",
        "search far": "/en/search/?q=road",
        "feed": "/en/feed/",
        "sitemap": "/sitemap-articles.xml",
        "api list": "/api/v1/articles",
    }


# The pages that show the near article's comments (its thread, or its card
# with the count): the home and the near article's own lists.
SHOWS_NEAR_COMMENTS = {"home", "near article", "near section", "near parent"}


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
    """A new statement by the near article's author, in its section."""
    article = make_article(
        category=near.category,
        authors=list(near.authors.all()),
        status=Article.Status.DRAFT,
    )
    services.article_publish(article=article, user=None)


def publish_with_the_near_tag(near, far):
    """A new statement in a section of its own, with the near article's tag."""
    article = make_article(
        category=Category.objects.get(slug="harvest"),
        authors=list(far.authors.all()),
        status=Article.Status.DRAFT,
    )
    article.tags.add("wells")
    services.article_publish(article=article, user=None)


def publish_in_arabic(near, far):
    """A statement in the other edition: its lists, not the English ones."""
    article = make_article(
        language="ar",
        category=Category.objects.get(slug="harvest"),
        authors=list(far.authors.all()),
        status=Article.Status.DRAFT,
    )
    services.article_publish(article=article, user=None)


def move_far_to_near_section(near, far):
    far.category = near.category
    far.save()


def retitle_far(near, far):
    far.title = "Road repairs statement, corrected"
    far.save()


def tag_far(near, far):
    far.tags.add("bridges")


def unpublish_far(near, far):
    far.status = Article.Status.DRAFT
    far.save()


def correct_far(near, far):
    far.body = "<p>Corrected text.</p>"
    services.article_correct(article=far, note="A date fixed.")


def withdraw_far(near, far):
    services.article_withdraw(article=far, reason="Issued in error.")


def rename_the_site(near, far):
    SiteSettings(site_name_en="Renamed office").save()


def rename_far_author(near, far):
    author = far.authors.get()
    author.name_en = "Renamed author"
    author.save()


ALL = "every page"
# The lists that say no narrower one: search, sitemaps, the API.
EVERY_LIST = {"search far", "sitemap", "api list"}
# The lists every change to an article of the English edition touches: its
# home and feed, its archive, and those above.
EDITION_LISTS = EVERY_LIST | {"home", "feed", "far month", "archive"}
# A statement published in the near section: that section's list and its
# parent's, and the near article's previous and next; not the other
# sections', authors', offices' or tags' lists, nor the far article.
IN_NEAR_SECTION = EDITION_LISTS | {"near section", "near parent", "near article"}
# One with the near tag, by the far author, in a third section: the far
# author's and office's lists, and the near article's related ones.
WITH_NEAR_TAG = EDITION_LISTS | {"far author", "far office", "near article"}
# The far article changed: every page that shows it (its page, its card,
# the lists it is in); not the near article's lists nor its page.
SHOWS_FAR = EDITION_LISTS | {
    "far article", "far section", "far section feed", "far author",
    "far office", "far tag",
}  # fmt: skip
# The far article moved into the near section: both sections' lists, and
# the near article's previous and next.
MOVES_FAR = SHOWS_FAR | {"near section", "near parent", "near article"}
# change -> the pages that must be fresh after it; every other page is kept.
TRUTH = {
    hold_on_near: set(),
    approve_on_near: SHOWS_NEAR_COMMENTS,
    reject_on_near: SHOWS_NEAR_COMMENTS,
    delete_on_near: SHOWS_NEAR_COMMENTS,
    publish_in_near_section: IN_NEAR_SECTION,
    publish_with_the_near_tag: WITH_NEAR_TAG,
    publish_in_arabic: EVERY_LIST | {"arabic home"},
    move_far_to_near_section: MOVES_FAR,
    retitle_far: SHOWS_FAR,
    tag_far: SHOWS_FAR - {"archive"},  # its card shows, not which it lists
    unpublish_far: SHOWS_FAR,
    correct_far: SHOWS_FAR,
    withdraw_far: SHOWS_FAR,
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
    # Fresh: drawn again, or no longer there (an unpublished article's 404).
    seen = {
        name: client.get(address).get("X-Cache") for name, address in addresses.items()
    }
    assert {name for name, how in seen.items() if how != "hit"} == fresh


def sidebar_counts(response):
    """``{section address: count}`` as the page's sidebar shows them."""
    (tree,) = find_by_class(parse(response.content), "nav", "category-tree")
    return {
        link.get("href"): text(find_by_class(link, "span", "count")[0])
        for link in tree.iter("a")
    }


def test_a_kept_article_page_shows_the_counts_of_now(site):
    """The far article's page stays kept when a statement is published in
    another section, and its sidebar counts it all the same: the tree is the
    hole a kept page leaves, filled at each serving."""
    near, far = site
    client = Client()
    address = far.get_absolute_url()
    client.get(address)
    water = near.category.get_absolute_url()
    before = client.get(address)
    assert sidebar_counts(before)[water] == "(1)"

    publish_in_near_section(near, far)
    client.get("/en/")  # any page drawn again keeps the tree of now
    response = client.get(address)

    assert response["X-Cache"] == "hit"
    assert sidebar_counts(response)[water] == "(2)"
    # Browsers holding the page of before are not told it is unchanged.
    assert response["ETag"] != before["ETag"]
    assert client.get(address, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_kept_page_whose_tree_is_not_kept_is_drawn_again(site):
    """Right after a publication nothing holds the tree of now: the first
    page asked is drawn whole, never served with the tree of before."""
    near, far = site
    client = Client()
    address = far.get_absolute_url()
    client.get(address)
    publish_in_near_section(near, far)

    response = client.get(address)

    assert response["X-Cache"] == "miss"
    assert sidebar_counts(response)[near.category.get_absolute_url()] == "(2)"


def test_a_scheduled_publication_refreshes_what_it_touches_at_its_time(site):
    """The schedule touches what an editor's publication would, when its
    time comes, by reading alone: the far article's page stays kept."""
    near, far = site
    now = timezone.now()
    make_article(
        title="Due in a minute",
        category=near.category,
        authors=list(near.authors.all()),
        published_at=now + timedelta(minutes=1),
    )
    client = Client()
    addresses = pages(near, far)
    for name, address in addresses.items():
        client.get(address)
        assert client.get(address)["X-Cache"] == "hit", name

    with mock.patch(
        "django.utils.timezone.now", return_value=now + timedelta(minutes=2)
    ):
        seen = {name: client.get(address) for name, address in addresses.items()}

    assert {name for name, r in seen.items() if r["X-Cache"] != "hit"} == (
        IN_NEAR_SECTION
    )
    assert "Due in a minute" in seen["near section"].content.decode()


def current_links(response):
    """The sidebar tree's links marked as the page being read."""
    (tree,) = find_by_class(parse(response.content), "nav", "category-tree")
    return [a.get("href") for a in tree.iter("a") if a.get("aria-current") == "page"]


def test_the_kept_tree_marks_the_section_being_read(site):
    """Every page shares one kept tree; each section page marks its own link
    in it, drawn or served kept, and no other page's mark leaks into it."""
    near, far = site
    client = Client()
    water, roads = near.category.get_absolute_url(), far.category.get_absolute_url()
    client.get("/en/")  # keeps the tree, drawn on a page of no section

    drawn = client.get(roads)
    kept = client.get(roads)
    other = client.get(water)
    home = client.get("/en/")

    assert drawn["X-Cache"] == "miss" and kept["X-Cache"] == "hit"
    assert current_links(drawn) == current_links(kept) == [roads]
    assert current_links(other) == [water]
    assert current_links(home) == []
    assert kept["ETag"] == drawn["ETag"]
