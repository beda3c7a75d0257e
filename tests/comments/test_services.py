"""The comment services: saving, decisions recorded, reports, batched mail."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.test import Client, RequestFactory, TestCase
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from comments import services
from comments.models import Comment, ModerationDecision, Reason, Status
from comments.moderation import PostingRefused
from comments.views import CommentPostView
from core import cache as cms_cache
from jobs import queue
from tests.comments.factories import (
    comment_data,
    make_comment,
    make_moderator,
    make_user,
    post_comment,
    post_url,
)
from tests.factories import make_article
from tests.jobs.running import run_jobs

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
    with translation.override("en"):
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


def committed(fn, *args, **kwargs):
    """Run ``fn`` and commit, as a request would: what it asked for once the
    change is committed (the job) is queued."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args, **kwargs)


def queued():
    """The moderators' mail jobs waiting (an article made in a test queues
    its PDF too)."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=services.tell_moderators.module_path
    )


def test_posting_through_the_site_queues_the_mail_to_the_moderators(settings):
    settings.LANGUAGE_CODE = "en"
    response = committed(post_comment, Client(), make_article())
    assert response.status_code == 302
    assert mail.outbox == []  # never inside the reader's request
    assert run_jobs() == 1
    assert len(mail.outbox) == 1


def test_a_job_mails_the_moderators_about_a_new_comment(settings):
    settings.LANGUAGE_CODE = "en"  # mails are in the site's language
    committed(create, name="Samira", body="About the water project.")
    assert mail.outbox == []
    assert [job.task_name for job in queued()] == ["tell_moderators"]

    run_jobs()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["moderators@example.org"]
    assert "1 new comment awaits moderation" in message.subject
    assert "Samira" in message.body
    assert "About the water project." in message.body
    assert "https://media.example.org/en/comments/moderation/" in message.body
    assert "reader@example.org" not in message.body
    assert Comment.objects.get().notified_at is not None
    assert not queued().exists()


def test_a_reader_is_answered_before_any_mail_is_tried(monkeypatch):
    """The view only queues the job: a mail server that hangs holds no reader."""
    sent = []
    monkeypatch.setattr(
        EmailBackend,
        "send_messages",
        lambda self, messages: sent.append(len(messages)) or 0,
    )
    article = make_article()
    request = RequestFactory().post(
        post_url(article), comment_data(), REMOTE_ADDR="192.0.2.10"
    )
    request._dont_enforce_csrf_checks = True
    request.session = {}
    request._messages = FallbackStorage(request)
    response = committed(CommentPostView.as_view(), request, slug=article.slug)

    assert response.status_code == 302
    assert Comment.objects.count() == 1
    assert sent == []
    run_jobs()
    assert sent == [1]


def test_a_comment_not_committed_queues_no_job():
    with pytest.raises(RuntimeError), transaction.atomic():
        create()
        raise RuntimeError("the request failed after saving")
    assert not queued().exists()
    assert Comment.objects.count() == 0


def test_the_mail_links_to_the_queue_by_an_absolute_address_by_default(settings):
    """No relative link ("/ar/comments/moderation/") that no mail client opens."""
    del settings.CMS_SITE_URL  # the default: not configured
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["media.example.org"]
    committed(create)
    run_jobs()

    assert "https://media.example.org/ar/comments/moderation/" in (mail.outbox[0].body)


def test_mails_are_batched_within_the_interval(settings):
    """Comments within the interval wait for one job at its end, which tells
    of them all: the last comments of a quiet spell need no cron."""
    settings.COMMENTS_NOTIFY_INTERVAL_MINUTES = 15
    settings.LANGUAGE_CODE = "en"
    article = make_article()
    for _ in range(3):
        committed(create, article)
        run_jobs()
    assert len(mail.outbox) == 1
    assert Comment.objects.filter(notified_at__isnull=True).count() == 2
    told_at = Comment.objects.get(notified_at__isnull=False).notified_at
    waiting = queued().get()
    assert waiting.run_after == told_at + timedelta(minutes=15)

    with freeze_time(told_at + timedelta(minutes=16)):
        assert run_jobs() == 1
    assert len(mail.outbox) == 2
    assert "2 new comments await moderation" in mail.outbox[1].subject
    assert not queued().exists()


def test_spam_does_not_mail_the_moderators(settings):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    committed(create, body="casino")
    assert run_jobs(only=services.tell_moderators) == 0
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


def test_a_mail_failure_keeps_the_comment_and_tries_again_later(
    monkeypatch, caplog, settings
):
    settings.LANGUAGE_CODE = "en"
    monkeypatch.setattr(EmailBackend, "send_messages", failing_send)
    with caplog.at_level(logging.WARNING, logger="jobs.queue"):
        response = committed(post_comment, Client(), make_article())
        run_jobs()
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert comment.notified_at is None  # the next mail will include it
    assert "tell_moderators failed (try 1 of" in caplog.text
    assert "mail server away" in caplog.text
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "jobs.queue.WillRetry"
    assert "mail server away" in failed.traceback
    retry = queued().get()
    assert retry.run_after > timezone.now() + timedelta(seconds=20)

    monkeypatch.undo()
    with freeze_time(retry.run_after + timedelta(seconds=1)):
        assert run_jobs() == 1
    assert len(mail.outbox) == 1
    assert Comment.objects.get().notified_at is not None


def test_a_failing_mail_server_is_backed_off_with_one_logged_error(
    monkeypatch, caplog, settings
):
    """An attack saw 509 tracebacks in one run: one try per comment. While
    mail is backed off, new comments queue no job: the one that failed is
    tried again and covers them."""
    settings.COMMENTS_NOTIFY_INTERVAL_MINUTES = 0
    tries = []

    def hanging_then_failing(self, messages):
        tries.append(1)
        raise smtplib.SMTPServerDisconnected("mail server away")

    monkeypatch.setattr(EmailBackend, "send_messages", hanging_then_failing)
    article = make_article()
    with caplog.at_level(logging.WARNING, logger="jobs.queue"):
        for _ in range(20):
            committed(create, article)
            run_jobs()
    assert Comment.objects.count() == 20  # every comment kept
    assert len(tries) == 1
    assert caplog.text.count("tell_moderators failed") == 1
    assert queued().count() == 1  # the retry


def test_after_the_back_off_a_new_comment_is_told_with_the_others(
    monkeypatch, settings
):
    settings.COMMENTS_NOTIFY_INTERVAL_MINUTES = 0
    settings.LANGUAGE_CODE = "en"
    monkeypatch.setattr(EmailBackend, "send_messages", failing_send)
    committed(create)
    run_jobs()
    monkeypatch.undo()
    committed(create)
    run_jobs()
    assert mail.outbox == []  # still backed off; the retry waits its turn
    cms_cache.release(cms_cache.MAIL_BACKOFF)  # the back-off period is over
    committed(create)
    run_jobs()
    assert len(mail.outbox) == 1
    assert "3 new comments" in mail.outbox[0].subject


def test_a_mail_that_fails_on_every_try_stays_failed_for_the_desk(
    monkeypatch, settings
):
    monkeypatch.setattr(EmailBackend, "send_messages", failing_send)
    committed(create)
    moment = timezone.now()
    for _ in range(queue.TRIES):
        with freeze_time(moment):
            run_jobs()
        moment += timedelta(days=1)
    assert not queued().exists()
    final = queue.failures(since=timezone.now() - timedelta(days=30)).get()
    assert final.task_name == "tell_moderators"
    assert final.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert Comment.objects.get().notified_at is None


def test_whoever_may_moderate_is_told_and_no_one_else(settings):
    """One rule (``permissions.moderators``), the instance twin of
    ``permissions.can_moderate``: editors moderate too and are told; a
    permission on an account that may not enter the desk tells no one."""
    from articles import permissions
    from tests.articles.desk import make_editor

    settings.COMMENTS_MODERATOR_EMAILS = []
    users = [
        make_moderator(email="mod@example.org"),
        make_editor(email="editor@example.org"),
        make_user(email="author@example.org", is_superuser=False),
        make_moderator(email="left@example.org", is_active=False),
        make_moderator(email="outside@example.org", is_staff=False),
        make_user(email="root@example.org", is_superuser=True),
    ]

    told = services.moderator_emails()

    assert told == ["editor@example.org", "mod@example.org", "root@example.org"]
    for user in users:
        assert permissions.can_moderate(user) == (user.email in told), user.email
