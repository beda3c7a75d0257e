"""Readers report an approved comment; enough reports send it back to the queue."""

import pytest
from django.test import Client

from comments.models import Comment, Status
from tests.comments.factories import article_url, make_comment

pytestmark = pytest.mark.django_db


def report(comment, address="192.0.2.20", client=None):
    return (client or Client()).post(
        f"/en/comments/{comment.pk}/report/", REMOTE_ADDR=address
    )


def test_a_report_goes_back_to_the_comment_with_thanks():
    comment = make_comment()
    response = report(comment)
    assert response.status_code == 302
    assert (
        response["Location"] == f"{article_url(comment.article)}#comment-{comment.pk}"
    )
    assert comment.reports.count() == 1


def test_the_reader_is_thanked():
    comment = make_comment()
    client = Client()
    response = client.post(f"/en/comments/{comment.pk}/report/", follow=True)
    assert "Thank you for your report" in response.text


def test_reporting_twice_from_the_same_address_counts_once():
    comment = make_comment()
    report(comment)
    client = Client()
    response = client.post(
        f"/en/comments/{comment.pk}/report/", REMOTE_ADDR="192.0.2.20", follow=True
    )
    assert "already reported" in response.text
    assert comment.reports.count() == 1


def test_reports_from_several_readers_return_the_comment_to_the_queue(settings):
    settings.COMMENTS_REPORTS_TO_REQUEUE = 3
    comment = make_comment(body="A disputed remark.")
    for n in range(3):
        report(comment, address=f"192.0.2.{n + 1}")
    assert Comment.objects.get().status == Status.PENDING
    assert "A disputed remark." not in Client().get(article_url(comment.article)).text


def test_the_reporters_address_is_not_kept():
    comment = make_comment()
    report(comment, address="192.0.2.77")
    assert "192.0.2.77" not in comment.reports.get().reporter


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.SPAM])
def test_a_comment_not_shown_cannot_be_reported(status):
    comment = make_comment(status=status)
    assert report(comment).status_code == 404
    assert not comment.reports.exists()


def test_a_comment_on_an_unpublished_article_cannot_be_reported():
    comment = make_comment()
    comment.article.status = "draft"
    comment.article.save()
    assert report(comment).status_code == 404


def test_reporting_needs_a_post():
    comment = make_comment()
    assert Client().get(f"/en/comments/{comment.pk}/report/").status_code == 405


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999"])
def test_reporting_a_comment_that_does_not_exist_is_not_found(pk):
    assert Client().post(f"/en/comments/{pk}/report/").status_code == 404
