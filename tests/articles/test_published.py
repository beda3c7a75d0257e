"""``Article.objects.published()``, the only door to public content, and its
instance twin ``Article.is_published``."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Article.Status.DRAFT, Article.Status.PUBLISHED


def category_in_state(state):
    """A category readers can see, an unpublished one, or a published one whose
    grandparent (two levels up) is unpublished."""
    if state == "published":
        return make_category()
    if state == "unpublished":
        return make_category(is_published=False)
    root = make_category(is_published=False)
    return make_category(parent=make_category(parent=root))


TRUTH_TABLE = [
    # status, publication time, category, visible to readers
    (PUBLISHED, "past", "published", True),
    (PUBLISHED, "future", "published", False),
    (PUBLISHED, "past", "unpublished", False),
    (PUBLISHED, "future", "unpublished", False),
    (PUBLISHED, "past", "unpublished ancestor", False),
    (PUBLISHED, "future", "unpublished ancestor", False),
    (DRAFT, "past", "published", False),
    (DRAFT, "future", "published", False),
    (DRAFT, "past", "unpublished", False),
    (DRAFT, "future", "unpublished", False),
    (DRAFT, "past", "unpublished ancestor", False),
    (DRAFT, "future", "unpublished ancestor", False),
]


@pytest.mark.parametrize(("status", "when", "category", "visible"), TRUTH_TABLE)
def test_published_truth_table(status, when, category, visible):
    """Only a published article whose time has passed, in a category readers
    can see, is public."""
    offset = timedelta(hours=-1 if when == "past" else 1)
    article = make_article(
        status=status,
        published_at=timezone.now() + offset,
        category=category_in_state(category),
    )
    make_article()  # an unrelated public article, to show the filter selects

    assert (article in Article.objects.published()) is visible


@pytest.mark.parametrize(("status", "when", "category", "visible"), TRUTH_TABLE)
def test_is_published_agrees_with_published_queryset(status, when, category, visible):
    """The instance twin gives the same answer as the QuerySet method."""
    offset = timedelta(hours=-1 if when == "past" else 1)
    article = make_article(
        status=status,
        published_at=timezone.now() + offset,
        category=category_in_state(category),
    )

    article = Article.objects.get(pk=article.pk)
    assert article.is_published is visible
    assert Article.objects.published().filter(pk=article.pk).exists() is visible


def test_article_published_exactly_now_is_public():
    """The publication time is inclusive."""
    now = timezone.now()
    article = make_article(published_at=now)

    with mock.patch("django.utils.timezone.now", return_value=now):
        assert article in Article.objects.published()
        assert article.is_published


def test_scheduled_article_appears_by_itself_when_its_time_comes(client):
    """No cron: the same row becomes public once the clock passes its time."""
    now = timezone.now()
    article = make_article(published_at=now + timedelta(hours=2))
    url = f"/en/article/{article.slug}/"

    assert article not in Article.objects.published()
    assert article.is_scheduled
    assert client.get(url).status_code == 404

    later = now + timedelta(hours=2, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert article in Article.objects.published()
        assert article.is_published
        assert not article.is_scheduled
        assert client.get(url).status_code == 200


def test_draft_with_future_time_is_not_scheduled():
    """Only a published article with a future time counts as scheduled."""
    article = make_article(status=DRAFT, published_at=timezone.now() + timedelta(1))

    assert not article.is_scheduled
    assert not article.is_published


def test_unpublishing_an_ancestor_hides_articles_deep_below():
    root = make_category()
    leaf = make_category(parent=make_category(parent=root))
    article = make_article(category=leaf)
    assert article in Article.objects.published()

    root.is_published = False
    root.save()

    assert article not in Article.objects.published()
    assert not Article.objects.get(pk=article.pk).is_published


def test_republishing_an_ancestor_shows_its_articles_again():
    root = make_category(is_published=False)
    leaf = make_category(parent=make_category(parent=root))
    article = make_article(category=leaf)
    assert article not in Article.objects.published()

    root.is_published = True
    root.save()

    assert article in Article.objects.published()


def test_unpublished_child_stays_hidden_when_its_parent_is_republished():
    """A category unpublished on its own is not made visible by its parent."""
    root = make_category(is_published=False)
    child = make_category(parent=root, is_published=False)
    article = make_article(category=child)

    root.is_published = True
    root.save()

    assert article not in Article.objects.published()


def test_scheduled_article_joins_a_list_without_pushing_another_out(client):
    """With the list's total already cached, the article that just went live
    is added; the oldest one is not dropped from the page."""
    now = timezone.now()
    category = make_category(slug="news")
    make_article(title="Earlier statement", category=category)
    make_article(
        title="Scheduled statement",
        category=category,
        published_at=now + timedelta(hours=1),
    )
    client.get("/en/category/news/")  # the total (one article) is now cached

    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(hours=2)):
        response = client.get("/en/category/news/")

    titles = [article.title for article in response.context["articles"]]
    assert titles == ["Scheduled statement", "Earlier statement"]


def test_article_past_its_unpublication_time_is_not_public():
    now = timezone.now()
    article = make_article(
        published_at=now - timedelta(days=2), unpublish_at=now - timedelta(hours=1)
    )

    assert article not in Article.objects.published()
    assert not Article.objects.get(pk=article.pk).is_published


def test_article_before_its_unpublication_time_is_public():
    now = timezone.now()
    article = make_article(
        published_at=now - timedelta(days=2), unpublish_at=now + timedelta(hours=1)
    )

    assert article in Article.objects.published()
    assert Article.objects.get(pk=article.pk).is_published


def test_article_disappears_by_itself_at_its_unpublication_time(client):
    now = timezone.now()
    article = make_article(unpublish_at=now + timedelta(hours=1))
    url = f"/en/article/{article.slug}/"
    assert client.get(url).status_code == 200

    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(hours=2)):
        assert article not in Article.objects.published()
        assert client.get(url).status_code == 404


# The four states, from one definition ----------------------------------------

STATES_TABLE = [
    # status, publication, unpublication, state
    (DRAFT, "past", None, Article.State.DRAFT),
    (DRAFT, "future", None, Article.State.DRAFT),
    (DRAFT, "past", "past", Article.State.DRAFT),
    (PUBLISHED, "future", None, Article.State.SCHEDULED),
    (PUBLISHED, "future", "future", Article.State.SCHEDULED),
    (PUBLISHED, "past", None, Article.State.PUBLISHED),
    (PUBLISHED, "past", "future", Article.State.PUBLISHED),
    (PUBLISHED, "past", "past", Article.State.EXPIRED),
]
QUERYSET_METHOD = {
    Article.State.DRAFT: "drafts",
    Article.State.SCHEDULED: "scheduled",
    Article.State.PUBLISHED: "published",
    Article.State.EXPIRED: "expired",
}


def _moment(when, *, later=False):
    hours = {"past": -2, "future": 2}[when] + (1 if later else 0)
    return timezone.now() + timedelta(hours=hours)


@pytest.mark.parametrize(
    ("status", "publication", "unpublication", "state"), STATES_TABLE
)
def test_each_article_is_in_exactly_one_state(
    status, publication, unpublication, state
):
    """``Article.state`` and the query-set methods agree, and the states do
    not overlap: an article is found by its own method only."""
    article = make_article(
        status=status,
        published_at=_moment(publication),
        unpublish_at=_moment(unpublication, later=True) if unpublication else None,
    )
    make_article()  # a published neighbour

    assert Article.objects.get(pk=article.pk).state == state
    for other, method in QUERYSET_METHOD.items():
        found = getattr(Article.objects, method)().filter(pk=article.pk).exists()
        assert found is (other == state), method
        assert Article.objects.in_state(other).filter(pk=article.pk).exists() is (
            other == state
        )


def test_unpublication_time_is_inclusive():
    """At its unpublication time an article is already expired."""
    now = timezone.now()
    article = make_article(published_at=now - timedelta(hours=1), unpublish_at=now)
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert article.state == Article.State.EXPIRED
        assert Article.objects.expired().filter(pk=article.pk).exists()


def test_edition_lists_its_own_language_unless_editions_are_merged(settings):
    arabic, english = make_article(language="ar"), make_article(language="en")

    assert list(Article.objects.published().in_edition("ar")) == [arabic]
    assert list(Article.objects.published().in_edition("en-gb")) == [english]
    settings.CMS_SEPARATE_EDITIONS = False
    assert set(Article.objects.published().in_edition("ar")) == {arabic, english}
