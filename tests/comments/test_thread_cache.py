"""The rendered thread kept in the shared cache: fresh at every decision,
one per language, digits preference and open or closed comments."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import services
from comments.models import Status
from tests.comments.factories import article_url, make_comment, make_moderator
from tests.comments.test_display import shown_comments
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages built every time: what is measured is the thread's own cache."""
    settings.CMS_PAGE_CACHE_SECONDS = 0


def thread_queries(captured):
    return [q["sql"] for q in captured if "comments_comment" in q["sql"]]


def test_a_cached_thread_is_shown_without_reading_the_comments_again():
    article = make_article()
    for number in range(30):
        make_comment(article=article, body=f"Remark {number}")
    client = Client()
    first = client.get(article_url(article))

    with CaptureQueriesContext(connection) as captured:
        again = client.get(article_url(article))

    assert thread_queries(captured) == []
    assert shown_comments(again) == shown_comments(first)
    assert len(shown_comments(again)) == 30


@pytest.mark.parametrize("decision", ["approve", "reject", "delete", "edit"])
def test_every_decision_shows_at_once_on_a_cached_thread(decision):
    article = make_article()
    shown = make_comment(article=article, name="Shown", body="Still here.")
    other = make_comment(
        article=article,
        name="Other",
        body="Before.",
        status=Status.APPROVED if decision != "approve" else Status.PENDING,
    )
    client = Client()
    client.get(article_url(article))  # the thread is cached now
    moderator = make_moderator()

    if decision == "approve":
        services.comment_approve(comment=other, moderator=moderator)
        expected = [("Shown", "Still here."), ("Other", "Before.")]
    elif decision == "reject":
        services.comment_reject(comment=other, moderator=moderator, reason="off-topic")
        expected = [("Shown", "Still here.")]
    elif decision == "delete":
        other.delete()
        expected = [("Shown", "Still here.")]
    else:  # a moderator corrects an approved comment in the admin
        other.body = "After."
        other.save()
        expected = [("Shown", "Still here."), ("Other", "After.")]

    assert shown_comments(client.get(article_url(article))) == expected
    assert shown.pk  # untouched


def test_each_digits_preference_gets_its_own_thread():
    article = make_article(language="ar")
    make_comment(article=article, created_at=timezone.now() - timedelta(days=40))
    arabic = Client().get(article_url(article, "ar")).text
    western = Client()
    western.cookies["cms_digits"] = "western"

    page = western.get(article_url(article, "ar")).text

    date_in = lambda html: html.split('class="comment-date"')[1].split("</p>")[0]  # noqa: E731
    assert any(c in date_in(arabic) for c in "٠١٢٣٤٥٦٧٨٩")
    assert not any(c in date_in(page) for c in "٠١٢٣٤٥٦٧٨٩")


def test_a_made_up_digits_cookie_shares_the_default_thread():
    """Any other value is no preference: no new entry per invented value."""
    article = make_article()
    make_comment(article=article)
    client = Client()
    client.get(article_url(article))
    client.cookies["cms_digits"] = "<script>"

    with CaptureQueriesContext(connection) as captured:
        page = client.get(article_url(article))

    assert thread_queries(captured) == []
    assert "<script>" not in page.text


def test_closed_comments_show_the_thread_without_reply_links(settings):
    article = make_article(published_at=timezone.now() - timedelta(days=10))
    make_comment(article=article)
    client = Client()
    assert "comment-reply-link" in client.get(article_url(article)).text

    settings.COMMENTS_CLOSE_AFTER_DAYS = 5
    page = client.get(article_url(article)).text

    assert "comment-reply-link" not in page
    assert len(shown_comments(client.get(article_url(article)))) == 1


def test_replying_to_a_comment_of_a_cached_thread_names_it():
    article = make_article()
    first = make_comment(article=article, name="Nadia")
    client = Client()
    client.get(article_url(article))

    page = client.get(f"{article_url(article)}?reply_to={first.pk}").text

    assert "You are replying to Nadia." in page
