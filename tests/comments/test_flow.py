"""The whole flow through the views: a reader posts, a moderator decides."""

import pytest
from django.test import Client

from comments.models import Comment, Reason, Status
from tests.comments.factories import (
    article_url,
    make_moderator,
    post_comment,
    queue_url,
)
from tests.factories import make_article

pytestmark = pytest.mark.django_db

REMARK = "The new clinic opening hours are very helpful."


def post_and_queue(article):
    """A reader posts; the comment is held and waits in the moderator's queue."""
    reader = Client()
    response = post_comment(reader, article, body=REMARK, follow=True)
    assert "will appear once a moderator has approved it" in response.text
    assert REMARK not in response.text
    moderator = Client()
    moderator.force_login(make_moderator())
    assert REMARK in moderator.get(queue_url()).text
    return reader, moderator, Comment.objects.get()


def test_post_held_approve_shown():
    article = make_article()
    reader, moderator, comment = post_and_queue(article)
    response = moderator.post(queue_url(), {"decide": f"approve:{comment.pk}"})
    assert response.status_code == 302
    assert REMARK not in moderator.get(queue_url()).text
    page = reader.get(article_url(article)).text
    assert REMARK in page
    assert "Samira Haddad" in page
    assert "samira@example.org" not in page


def test_post_held_reject_never_shown():
    article = make_article()
    reader, moderator, comment = post_and_queue(article)
    moderator.post(
        queue_url(),
        {"decide": f"reject:{comment.pk}", f"reason-{comment.pk}": Reason.OFF_TOPIC},
    )
    assert Comment.objects.get().status == Status.REJECTED
    assert REMARK not in reader.get(article_url(article)).text
    assert REMARK not in moderator.get(queue_url()).text


def test_post_held_spam_never_shown():
    article = make_article()
    reader, moderator, comment = post_and_queue(article)
    moderator.post(queue_url(), {"decide": f"spam:{comment.pk}"})
    assert Comment.objects.get().status == Status.SPAM
    assert REMARK not in reader.get(article_url(article)).text
    assert REMARK not in moderator.get(queue_url()).text


def test_a_blocked_word_goes_straight_to_spam_without_telling_the_reader(settings):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    article = make_article()
    response = post_comment(Client(), article, body="Visit the casino", follow=True)
    assert "will appear once a moderator has approved it" in response.text
    assert Comment.objects.get().status == Status.SPAM
    moderator = Client()
    moderator.force_login(make_moderator())
    assert "Visit the casino" not in moderator.get(queue_url()).text


def test_an_approved_reply_appears_under_its_comment():
    article = make_article()
    _reader, moderator, comment = post_and_queue(article)
    moderator.post(queue_url(), {"decide": f"approve:{comment.pk}"})
    post_comment(Client(), article, body="I agree.", parent=str(comment.pk))
    reply = Comment.objects.get(parent=comment)
    moderator.post(queue_url(), {"decide": f"approve:{reply.pk}"})
    page = Client().get(article_url(article)).text
    assert page.index(REMARK) < page.index("comment-replies") < page.index("I agree.")
