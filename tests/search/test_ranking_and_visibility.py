"""What is found, and in which order: only published articles, best first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


def test_title_match_ranks_above_excerpt_match_above_body_match():
    now = timezone.now()
    # Newest first in the table, so that the order is the rank's, not time's.
    make_article(
        title="Body",
        body="<p>harbour harbour harbour harbour harbour harbour</p>",
        published_at=now - timedelta(hours=1),
    )
    make_article(
        title="Excerpt", excerpt="harbour", published_at=now - timedelta(hours=2)
    )
    make_article(title="The harbour", published_at=now - timedelta(hours=3))

    assert found("harbour") == ["The harbour", "Excerpt", "Body"]


def test_equal_matches_are_listed_newest_first():
    now = timezone.now()
    for days in (3, 1, 2):
        make_article(
            title=f"Harbour notice {days}", published_at=now - timedelta(days=days)
        )

    assert found("harbour notice") == [
        "Harbour notice 1",
        "Harbour notice 2",
        "Harbour notice 3",
    ]


def test_only_published_articles_are_found():
    now = timezone.now()
    hidden = make_category(is_published=False)
    make_article(title="Harbour published")
    make_article(title="Harbour draft", status=Article.Status.DRAFT)
    make_article(title="Harbour scheduled", published_at=now + timedelta(days=1))
    make_article(
        title="Harbour expired",
        published_at=now - timedelta(days=2),
        unpublish_at=now - timedelta(days=1),
    )
    make_article(title="Harbour hidden", category=hidden)
    make_article(title="Harbour in a hidden sub-category", category=make_category(
        parent=hidden
    ))  # fmt: skip

    assert found("harbour") == ["Harbour published"]


def test_a_scheduled_article_is_found_once_its_time_has_come(settings):
    article = make_article(
        title="Harbour later", published_at=timezone.now() + timedelta(days=1)
    )
    assert found("harbour") == []

    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )

    assert found("harbour") == ["Harbour later"]


def test_the_ranked_set_is_the_newest_matches_when_a_word_is_very_common(settings):
    settings.CMS_SEARCH_MAX_RESULTS = 3
    now = timezone.now()
    for days in range(1, 6):
        make_article(title=f"Harbour {days}", published_at=now - timedelta(days=days))

    assert found("harbour") == ["Harbour 1", "Harbour 2", "Harbour 3"]


def test_hidden_newest_matches_do_not_crowd_out_older_published_ones(settings):
    settings.CMS_SEARCH_MAX_RESULTS = 2
    now = timezone.now()
    hidden = make_category(is_published=False)
    for hours in range(1, 6):  # five newer hidden matches: more than a chunk
        make_article(
            title=f"Harbour hidden {hours}",
            category=hidden,
            published_at=now - timedelta(hours=hours),
        )
    for days in (1, 2, 3):
        make_article(title=f"Harbour {days}", published_at=now - timedelta(days=days))

    assert found("harbour") == ["Harbour 1", "Harbour 2"]


def test_category_and_author_filters_also_rank_only_the_newest_matches(settings):
    settings.CMS_SEARCH_MAX_RESULTS = 2
    now = timezone.now()
    category = make_category()
    for days in (1, 2, 3):
        make_article(
            title=f"Harbour {days}",
            category=category,
            published_at=now - timedelta(days=days),
        )
    make_article(title="The harbour", published_at=now - timedelta(days=4))

    assert found("harbour", category=category) == ["Harbour 1", "Harbour 2"]
