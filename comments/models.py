"""Reader comments, the moderators' decisions about them, and readers' reports.

A comment is plain text written by a reader under an article. Nothing is shown
until a moderator (or the policy in ``comments.moderation``) approves it:
``Comment.objects.public()`` is the only door to what readers see, and
``Comment.objects.in_moderation()`` is the moderators' queue.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core.text import normalize_email


class Status(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    SPAM = "spam", _("spam")


class Reason(models.TextChoices):
    """Why a comment was decided as it was.

    The first group are the canned reasons a moderator gives when rejecting;
    the second are the policy's own reasons for automatic decisions.
    """

    OFF_TOPIC = "off-topic", _("off topic")
    ABUSIVE = "abusive", _("abusive or insulting")
    PERSONAL_DATA = "personal-data", _("reveals personal information")
    ADVERTISING = "advertising", _("advertising")
    DUPLICATE = "duplicate", _("duplicate")
    UNCLEAR = "unclear", _("unclear or unreadable")
    BLOCKED_WORD = "blocked-word", _("blocked word")
    TOO_MANY_LINKS = "too-many-links", _("too many links")
    BLOCKED_ADDRESS = "blocked-address", _("blocked address")
    BLOCKED_EMAIL = "blocked-email", _("blocked email")
    KNOWN_READER = "known-reader", _("known reader")
    REPORTED = "reported", _("reported by readers")


#: The canned reasons a moderator can choose when rejecting a comment.
REJECTION_REASONS = [
    Reason.OFF_TOPIC,
    Reason.ABUSIVE,
    Reason.PERSONAL_DATA,
    Reason.ADVERTISING,
    Reason.DUPLICATE,
    Reason.UNCLEAR,
]


class CommentQuerySet(models.QuerySet):
    def public(self):
        """The only door to comments readers see: approved ones, oldest first."""
        return self.filter(status=Status.APPROVED).order_by("created_at", "pk")

    def visible(self):
        """What readers may see: approved comments on articles they can see."""
        return self.public().filter(article__in=Article.objects.published())

    def in_moderation(self):
        """The moderators' queue: comments awaiting a decision, oldest first."""
        return self.filter(status=Status.PENDING).order_by("created_at", "pk")

    def for_display(self):
        """Only what a public page may show: never the email or the address."""
        return self.only(
            "pk", "article_id", "parent_id", "name", "website", "body", "created_at"
        )

    def of_email(self, email):
        """Every comment written with ``email`` (compared case-insensitively)."""
        return self.filter(email=normalize_email(email))

    def counts_by_article(self, article_ids):
        """``{article_id: number}`` of these comments for ``article_ids``, one query."""
        return dict(
            self.filter(article_id__in=article_ids)
            .order_by()
            .values_list("article_id")
            .annotate(n=models.Count("pk"))
        )


class Comment(models.Model):
    """A reader's plain-text comment on an article, held until approved."""

    Status = Status

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        # Erasing a reader's comments must not erase other readers' replies.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(
        _("email"), help_text=_("Never shown to readers."), db_index=True
    )
    website = models.URLField(_("website"), blank=True)
    body = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    ip_address = models.GenericIPAddressField(
        _("client address"), null=True, blank=True
    )
    # When moderators were told about this comment (notifications are batched).
    notified_at = models.DateTimeField(
        _("moderators notified"), null=True, blank=True, db_index=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        permissions = [("can_moderate", _("Can moderate comments"))]
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"],
                name="comment_article_status_idx",
            ),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {Truncator(self.body).chars(50)}"

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_public(self):
        """Instance twin of ``Comment.objects.public()``."""
        return self.status == Status.APPROVED


class ModerationDecision(models.Model):
    """A record of who decided what about a comment, when and why.

    ``moderator`` is empty when the policy decided by itself (a blocked word,
    too many links, a known reader, reports from readers).
    """

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment_decisions",
    )
    status = models.CharField(_("decision"), max_length=10, choices=Status.choices)
    reason = models.CharField(
        _("reason"), max_length=20, choices=Reason.choices, blank=True
    )
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-decided_at", "-pk"]
        # The record's list and the dashboard's chart read recent decisions.
        indexes = [models.Index(fields=["decided_at"], name="decision_date_idx")]

    def __str__(self):
        return f"{self.get_status_display()} ({self.decided_by})"

    @property
    def decided_by(self):
        """The moderator's user name, or "policy" for automatic decisions."""
        return self.moderator.get_username() if self.moderator else _("policy")


class CommentReport(models.Model):
    """A reader's report that an approved comment should not be shown.

    Readers are told apart by a keyed hash of their address (the address itself
    is not kept); one report per reader and comment counts.
    """

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.CharField(_("reader"), max_length=64)
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    # A moderator's approval settles the reports made before it.
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_reader"
            )
        ]

    def __str__(self):
        return f"{self.comment_id} · {self.reported_at:%Y-%m-%d %H:%M}"
