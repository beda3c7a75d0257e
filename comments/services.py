"""Writes about comments and their side effects, in one place.

The reader's form, the moderation queue, the admin actions and the management
commands all call these functions; none of them changes a comment's status by
itself. Every function is keyword-only.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from articles import permissions
from articles.models import Article
from comments import moderation
from comments.models import (
    REJECTION_REASONS,
    Comment,
    CommentReport,
    ModerationDecision,
    Reason,
    Status,
)
from core import cache, conf, outbox
from core.text import normalize_email
from jobs import queue
from site_settings import site

logger = logging.getLogger(__name__)

MAIL_LISTS_AT_MOST = 50  # comments listed in one notification


class Action:
    """The decisions a moderator can take, by name (forms and admin use these)."""

    APPROVE = "approve"
    REJECT = "reject"
    SPAM = "spam"


class ReportOutcome:
    """What became of a reader's report (``comment_report`` returns one)."""

    RECORDED = "recorded"
    DUPLICATE = "duplicate"
    REQUEUED = "requeued"


# Readers --------------------------------------------------------------------


@transaction.atomic
def comment_create(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    website: str = "",
    parent: Comment | None = None,
    ip_address: str | None = None,
) -> Comment:
    """Save a reader's comment, as the moderation policy says, and tell moderators.

    Raises ``moderation.PostingRefused`` when comments are closed or the client
    is over the rate limit, and ``django.core.exceptions.ValidationError`` for
    values the model refuses. A reply to a reply is attached to the top-level
    comment (replies are one level deep). The comment is saved before any mail
    is sent, and never inside the reader's request: a job tells the
    moderators (``tell_moderators_soon``).
    """
    moderation.check_can_post(article=article, ip_address=ip_address)
    if parent is not None:
        if parent.article_id != article.pk:
            raise ValueError("A reply must be on the same article as its parent.")
        if parent.parent_id is not None:
            parent = parent.parent
    verdict = moderation.assess(
        name=name, email=email, body=body, website=website, ip_address=ip_address
    )
    comment = Comment(
        article=article,
        parent=parent,
        name=name.strip(),
        email=normalize_email(email),
        website=website.strip(),
        body=body.strip(),
        status=verdict.status,
        ip_address=ip_address,
    )
    comment.full_clean(exclude=["article", "parent"])
    comment.save()
    if verdict.status == Status.PENDING:
        tell_moderators_soon()
    else:
        _record(comment, verdict.status, None, verdict.reason, verdict.detail)
        if verdict.status == Status.APPROVED:
            shown_comments_changed(comment.article_id)
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, reporter: str) -> str:
    """Record a reader's report on an approved comment.

    Returns a ``ReportOutcome``: a second report by the same reader is not
    counted again; enough open reports send the comment back to the queue.
    """
    if not comment.is_public:
        raise ValueError("Only approved comments can be reported.")
    _report, created = CommentReport.objects.get_or_create(
        comment=comment, reporter=reporter
    )
    if not created:
        return ReportOutcome.DUPLICATE
    open_reports = comment.reports.filter(resolved=False).count()
    if not moderation.should_requeue(open_reports):
        return ReportOutcome.RECORDED
    comment.notified_at = None
    _decide(comment, Status.PENDING, None, Reason.REPORTED, str(open_reports))
    tell_moderators_soon()
    return ReportOutcome.REQUEUED


# Moderators -------------------------------------------------------------------


@transaction.atomic
def comment_approve(
    *, comment: Comment, moderator: AbstractBaseUser | None
) -> ModerationDecision:
    """Show ``comment`` to readers; settles the reports made so far."""
    decision = _decide(comment, Status.APPROVED, moderator)
    comment.reports.filter(resolved=False).update(resolved=True)
    return decision


@transaction.atomic
def comment_reject(
    *,
    comment: Comment,
    moderator: AbstractBaseUser | None,
    reason: str,
    detail: str = "",
) -> ModerationDecision:
    """Keep ``comment`` from readers, for one of the canned ``REJECTION_REASONS``."""
    if reason not in REJECTION_REASONS:
        raise ValueError(f"Not a rejection reason: {reason!r}")
    return _decide(comment, Status.REJECTED, moderator, reason, detail)


@transaction.atomic
def comment_mark_spam(
    *, comment: Comment, moderator: AbstractBaseUser | None
) -> ModerationDecision:
    """Mark ``comment`` as spam: never shown, kept out of the queue."""
    return _decide(comment, Status.SPAM, moderator)


@transaction.atomic
def comments_moderate(
    *,
    comments: Iterable[Comment],
    action: str,
    moderator: AbstractBaseUser | None,
    reason: str = "",
) -> int:
    """Take one decision on many comments (bulk actions); returns how many changed.

    Comments already in the decided status are left alone.
    """
    target = {
        Action.APPROVE: Status.APPROVED,
        Action.REJECT: Status.REJECTED,
        Action.SPAM: Status.SPAM,
    }[action]
    changed = 0
    for comment in comments:
        if comment.status == target:
            continue
        if action == Action.APPROVE:
            comment_approve(comment=comment, moderator=moderator)
        elif action == Action.REJECT:
            comment_reject(comment=comment, moderator=moderator, reason=reason)
        else:
            comment_mark_spam(comment=comment, moderator=moderator)
        changed += 1
    return changed


@transaction.atomic
def comment_delete(*, comment: Comment, moderator: AbstractBaseUser | None) -> None:
    """Delete ``comment`` for good (replies to it stay, as top-level comments)."""
    logger.info(
        "Comment %s deleted by %s", comment.pk, moderator and moderator.get_username()
    )
    comment.delete()  # the content generation follows (comments.apps)


@transaction.atomic
def comments_erase(*, email: str) -> int:
    """Erase every comment written with ``email`` (a privacy request).

    Their moderation records and reports go with them; other readers' replies
    stay, as top-level comments. Returns the number of comments erased.
    """
    _total, by_model = Comment.objects.of_email(email).delete()
    return by_model.get(Comment._meta.label, 0)


# Notifications ----------------------------------------------------------------


def moderator_emails() -> list[str]:
    """Who is told about new comments: ``COMMENTS_MODERATOR_EMAILS`` when set,
    otherwise everyone who may moderate (``permissions.moderators``)."""
    configured = conf.get("COMMENTS_MODERATOR_EMAILS")
    if configured:
        return list(configured)
    return sorted(
        set(permissions.moderators().exclude(email="").values_list("email", flat=True))
    )


def tell_moderators_soon() -> None:
    """Have a job tell the moderators about comments waiting, once the
    current change is committed.

    One job at a time is queued (``NOTIFY_QUEUED``, let go when it starts),
    and none while mail is backed off after a failure: the job that failed is
    tried again (``jobs.queue``) and covers every comment untold by then.
    """
    transaction.on_commit(_queue_one_job, robust=True)


def _queue_one_job():
    if not outbox.backed_off() and cache.acquire(cache.NOTIFY_QUEUED):
        tell_moderators.enqueue()


@queue.job(label=_("Mail the moderators about new comments"))
def tell_moderators() -> int:
    """The job: ``notify_moderators``, and its next run at the end of the
    interval when a mail went out less than the interval ago."""
    cache.release(cache.NOTIFY_QUEUED)
    return notify_moderators()


class MailUnderWay(Exception):
    """Another worker is mailing the moderators now: try again shortly."""


def notify_moderators(*, now: datetime | None = None, force: bool = False) -> int:
    """Mail moderators about comments waiting that they have not been told about.

    Batched: at most one mail every ``COMMENTS_NOTIFY_INTERVAL_MINUTES`` (unless
    ``force``); within it, the job is queued again for the interval's end,
    when one mail covers everything that arrived meanwhile. A failure to send
    raises (the job is tried again, the comments stay untold) and backs mail
    off (``core.outbox``). Returns the number of comments the mail was about
    (0 when none was sent).
    """
    now = now or timezone.now()
    # Two workers at the same moment must not both send.
    if not cache.acquire(cache.NOTIFY_LOCK):
        raise MailUnderWay("The moderators are being mailed by another worker.")
    try:
        return outbox.backing_off(lambda: _notify(now, force))
    finally:
        cache.release(cache.NOTIFY_LOCK)


def _notify(now, force):
    untold = Comment.objects.in_moderation().filter(notified_at__isnull=True)
    ids = list(untold.values_list("pk", flat=True))
    if not ids:
        return 0
    if not force:
        interval = timedelta(minutes=conf.get("COMMENTS_NOTIFY_INTERVAL_MINUTES"))
        last = Comment.objects.aggregate(last=Max("notified_at"))["last"]
        if last is not None and now - last < interval:
            if cache.acquire(cache.NOTIFY_QUEUED):
                tell_moderators.using(run_after=last + interval).enqueue()
            return 0
    recipients = moderator_emails()
    if not recipients:
        logger.warning(
            "%d comments await moderation, but no moderator has an email", len(ids)
        )
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site_name": conf.per_language("CMS_SITE_NAME", settings.LANGUAGE_CODE),
            "comments": Comment.objects.in_moderation()
            .filter(pk__in=ids[:MAIL_LISTS_AT_MOST])
            .select_related("article"),
            "count": len(ids),
            "pending": Comment.objects.in_moderation().count(),
            "queue_url": site.absolute_url(reverse("comments:moderation")),
        }
        message = outbox.templated(
            "comments/email/moderators_subject.txt",
            "comments/email/moderators_body.txt",
            context=context,
            to=recipients,
        )
    message.send()
    Comment.objects.filter(pk__in=ids).update(notified_at=now)
    return len(ids)


# Helpers ----------------------------------------------------------------------


def shown_comments_changed(article_id):
    """What a change to the comments readers see under article
    ``article_id`` touches: that article's thread and counts (its page, its
    cards, the pages that show them) and, through its kind, the desk's
    figures; not the rest of the site (``core.cache.touch``)."""
    cache.touch_now_and_on_commit(cache.article_comments(article_id))


def _decide(comment, status, moderator, reason="", detail=""):
    comment.status = status
    comment.save(update_fields=["status", "notified_at"])
    shown_comments_changed(comment.article_id)  # what readers see may have changed
    return _record(comment, status, moderator, reason, detail)


def _record(comment, status, moderator, reason="", detail=""):
    return ModerationDecision.objects.create(
        comment=comment,
        moderator=moderator,
        status=status,
        reason=reason,
        detail=detail[:200],
    )
