"""Article cards kept whole in the shared cache: fresh at every change."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import services
from comments.models import Status
from tests.comments.factories import make_comment, make_moderator
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def english(category):
    return f"/en/category/{category.path}/"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages built every time: what is measured is the cards' own cache."""
    settings.CMS_PAGE_CACHE_SECONDS = 0


def test_a_list_seen_again_draws_no_card_and_counts_no_comment(stopped_clock):
    category = make_category()
    articles = [make_article(category=category) for _ in range(5)]
    make_comment(article=articles[0])
    client = Client()
    first = client.get(english(category)).text

    with CaptureQueriesContext(connection) as captured:
        again = client.get(english(category)).text

    assert again == first
    assert not [q for q in captured if "comments_comment" in q["sql"]]
    assert all(article.title in again for article in articles)


def test_an_edited_title_shows_at_once_on_a_cached_card():
    category = make_category()
    article = make_article(category=category, title="Before the edit")
    client = Client()
    assert "Before the edit" in client.get(english(category)).text

    article.title = "After the edit"
    article.save()
    page = client.get(english(category)).text

    assert "After the edit" in page
    assert "Before the edit" not in page


def test_an_approved_comment_is_counted_at_once_on_a_cached_card():
    category = make_category()
    article = make_article(category=category)
    held = make_comment(article=article, status=Status.PENDING)
    client = Client()
    assert "1 comment" not in client.get(english(category)).text

    services.comment_approve(comment=held, moderator=make_moderator())

    assert "1 comment" in client.get(english(category)).text


def test_each_digits_preference_gets_its_own_cards():
    category = make_category()
    article = make_article(category=category, language="ar")
    for _ in range(3):
        make_comment(article=article)
    address = f"/ar/category/{category.path}/"
    assert "٣" in Client().get(address).text
    western = Client()
    western.cookies["cms_digits"] = "western"

    page = western.get(address).text

    card = page.split('class="article-card-comments"')[1].split("</a>")[0]
    assert "3" in card and "٣" not in card
