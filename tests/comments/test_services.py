"""The comment services: saving, decisions recorded, reports, batched mail."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.utils import timezone

from comments import services
from comments.models import Comment, ModerationDecision, Reason, Status
from comments.moderation import PostingRefused
from tests.comments.factories import (
    make_comment,
    make_moderator,
    make_user,
    post_comment,
)
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def create(article=None, **fields):
    values = {
        "article": article or make_article(),
        "name": "Reader",
        "email": "reader@example.org",
        "body": "A neutral remark.",
    }
    values.update(fields)
    return services.comment_create(**values)


# Creating -----------------------------------------------------------------------


def test_create_holds_a_comment_and_records_no_decision():
    comment = create(email="  Reader@Example.ORG ")
    assert comment.status == Status.PENDING
    assert comment.email == "reader@example.org"
    assert not comment.decisions.exists()


def test_create_records_the_policys_spam_decision(settings):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    comment = create(body="casino bonus")
    decision = comment.decisions.get()
    assert (decision.status, decision.reason, decision.detail) == (
        Status.SPAM,
        Reason.BLOCKED_WORD,
        "casino",
    )
    assert decision.moderator is None
    assert str(decision.decided_by) == "policy"


def test_create_refuses_when_comments_are_closed():
    with pytest.raises(PostingRefused) as refused:
        create(article=make_article(comments_enabled=False))
    assert refused.value.code == "closed"
    assert not Comment.objects.exists()


def test_create_validates_what_the_model_refuses():
    with pytest.raises(ValidationError):
        create(email="not-an-email")
    assert not Comment.objects.exists()


def test_create_refuses_a_reply_on_another_article():
    with pytest.raises(ValueError):
        create(parent=make_comment())


# Decisions -------------------------------------------------------------------


def test_approve_records_who_when_and_what():
    moderator = make_moderator()
    comment = make_comment(status=Status.PENDING)
    before = timezone.now()
    services.comment_approve(comment=comment, moderator=moderator)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    decision = comment.decisions.get()
    assert decision.moderator == moderator
    assert decision.status == Status.APPROVED
    assert decision.decided_at >= before


def test_reject_records_the_canned_reason():
    moderator = make_moderator()
    comment = make_comment(status=Status.PENDING)
    services.comment_reject(comment=comment, moderator=moderator, reason=Reason.ABUSIVE)
    decision = comment.decisions.get()
    assert (decision.status, decision.reason) == (Status.REJECTED, Reason.ABUSIVE)
    assert Comment.objects.get().status == Status.REJECTED


@pytest.mark.parametrize("reason", ["", "made-up", Reason.BLOCKED_WORD])
def test_reject_needs_a_canned_reason(reason):
    comment = make_comment(status=Status.PENDING)
    with pytest.raises(ValueError):
        services.comment_reject(
            comment=comment, moderator=make_moderator(), reason=reason
        )
    assert Comment.objects.get().status == Status.PENDING


def test_mark_spam_records_the_decision():
    moderator = make_moderator()
    comment = make_comment(status=Status.PENDING)
    services.comment_mark_spam(comment=comment, moderator=moderator)
    assert Comment.objects.get().status == Status.SPAM
    assert comment.decisions.get().moderator == moderator


def test_bulk_moderation_skips_comments_already_decided_that_way():
    moderator = make_moderator()
    pending = [make_comment(status=Status.PENDING) for _ in range(3)]
    approved = make_comment()
    changed = services.comments_moderate(
        comments=[*pending, approved], action="approve", moderator=moderator
    )
    assert changed == 3
    assert ModerationDecision.objects.count() == 3
    assert not approved.decisions.exists()


# Reports ------------------------------------------------------------------------


def test_reports_under_the_threshold_leave_the_comment_shown(settings):
    settings.COMMENTS_REPORTS_TO_REQUEUE = 3
    comment = make_comment()
    for reader in ("a", "b"):
        outcome = services.comment_report(comment=comment, reporter=reader)
        assert outcome == services.ReportOutcome.RECORDED
    assert Comment.objects.get().status == Status.APPROVED


def test_the_same_reader_reporting_twice_counts_once(settings):
    settings.COMMENTS_REPORTS_TO_REQUEUE = 2
    comment = make_comment()
    services.comment_report(comment=comment, reporter="a")
    outcome = services.comment_report(comment=comment, reporter="a")
    assert outcome == services.ReportOutcome.DUPLICATE
    assert Comment.objects.get().status == Status.APPROVED


def test_enough_reports_send_the_comment_back_to_the_queue(settings):
    settings.COMMENTS_REPORTS_TO_REQUEUE = 2
    comment = make_comment()
    services.comment_report(comment=comment, reporter="a")
    outcome = services.comment_report(comment=comment, reporter="b")
    assert outcome == services.ReportOutcome.REQUEUED
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    decision = comment.decisions.get()
    assert (decision.reason, decision.moderator) == (Reason.REPORTED, None)


def test_approving_again_settles_the_reports_so_far(settings):
    settings.COMMENTS_REPORTS_TO_REQUEUE = 2
    comment = make_comment()
    services.comment_report(comment=comment, reporter="a")
    services.comment_report(comment=comment, reporter="b")
    services.comment_approve(comment=comment, moderator=make_moderator())
    outcome = services.comment_report(comment=comment, reporter="c")
    assert outcome == services.ReportOutcome.RECORDED
    assert Comment.objects.get().status == Status.APPROVED


def test_only_approved_comments_can_be_reported():
    with pytest.raises(ValueError):
        services.comment_report(
            comment=make_comment(status=Status.PENDING), reporter="a"
        )


# Notifications -------------------------------------------------------------------


def test_a_new_comment_mails_the_moderators(
    settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"  # mails are in the site's language
    with django_capture_on_commit_callbacks(execute=True):
        create(name="Samira", body="About the water project.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["moderators@example.org"]
    assert "1 new comment awaits moderation" in message.subject
    assert "Samira" in message.body
    assert "About the water project." in message.body
    assert "https://media.example.org/en/comments/moderation/" in message.body
    assert "reader@example.org" not in message.body
    assert Comment.objects.get().notified_at is not None


def test_the_mail_links_to_the_queue_by_an_absolute_address_by_default(
    settings, django_capture_on_commit_callbacks
):
    """No relative link ("/ar/comments/moderation/") that no mail client opens."""
    del settings.CMS_SITE_URL  # the default: not configured
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["media.example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        create()

    assert "https://media.example.org/ar/comments/moderation/" in (mail.outbox[0].body)


def test_mails_are_batched_within_the_interval(
    settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_NOTIFY_INTERVAL_MINUTES = 15
    settings.LANGUAGE_CODE = "en"
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        create(article)
    with django_capture_on_commit_callbacks(execute=True):
        create(article)
        create(article)
    assert len(mail.outbox) == 1
    assert Comment.objects.filter(notified_at__isnull=True).count() == 2
    # After the interval the next mail covers everything untold.
    later = timezone.now() + timedelta(minutes=16)
    assert services.notify_moderators(now=later) == 2
    assert len(mail.outbox) == 2
    assert "2 new comments await moderation" in mail.outbox[1].subject


def test_spam_does_not_mail_the_moderators(
    settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    with django_capture_on_commit_callbacks(execute=True):
        create(body="casino")
    assert mail.outbox == []


def test_without_configured_emails_users_with_the_permission_are_told(settings):
    settings.COMMENTS_MODERATOR_EMAILS = []
    make_moderator(email="mod@example.org")
    make_moderator(email="")
    make_user(email="editor@example.org")
    assert services.moderator_emails() == ["mod@example.org"]


def test_without_moderators_the_superusers_are_told(settings):
    settings.COMMENTS_MODERATOR_EMAILS = []
    make_user(email="root@example.org", is_superuser=True)
    assert services.moderator_emails() == ["root@example.org"]


def failing_send(self, messages):
    raise smtplib.SMTPServerDisconnected("mail server away")


def test_a_mail_failure_keeps_the_comment_and_is_logged(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(EmailBackend, "send_messages", failing_send)
    article = make_article()
    with caplog.at_level(logging.ERROR, logger="comments.services"):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_comment(Client(), article)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    # Not marked as told: the next mail will include it.
    assert comment.notified_at is None
    assert "Could not notify moderators" in caplog.text


def test_after_a_mail_failure_the_next_try_sends(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(EmailBackend, "send_messages", failing_send)
    with django_capture_on_commit_callbacks(execute=True):
        create()
    monkeypatch.undo()
    assert services.notify_moderators(force=True) == 1
    assert len(mail.outbox) == 1
