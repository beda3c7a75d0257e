"""Readers who asked for the statements by mail, and each mail sent them
(a statement, a digest, the notice that a statement was withdrawn)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.i18n import Language
from core.text import normalize_email


class Subscriber(models.Model):
    """An address that asked for an edition's statements: every section's, or
    those of the sections chosen. Nothing is sent before it is confirmed."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        # The provider said the address bounced, complained or is refused.
        STOPPED = "stopped", _("stopped: bounced or complained")

    class Frequency(models.TextChoices):
        AT_ONCE = "now", _("each statement, as it is published")
        DAILY = "daily", _("a daily digest")

    email = models.EmailField(_("email"))
    language = models.CharField(_("edition"), max_length=2, choices=Language.choices)
    sections = models.ManyToManyField(
        "articles.Category",
        verbose_name=_("sections"),
        blank=True,
        help_text=_("None chosen: every section."),
    )
    frequency = models.CharField(
        _("how often"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.AT_ONCE,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    stopped_reason = models.CharField(_("why mail stopped"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "language"], name="subscriber_once_per_edition"
            )
        ]
        indexes = [
            models.Index(
                fields=["language", "state", "frequency"], name="subscriber_audience"
            )
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class SentMail(models.Model):
    """A mail in a log: made once, marked sent as soon as the mail server
    took it (``mark_sent``), so a batch cut short resends only what it had
    not sent; failed after its job's last try, bounced when the provider's
    report names it (``provider_id``). Subscribers' and press mails alike."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        BOUNCED = "bounced", _("bounced")

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("planned"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # The provider's id of the message sent, which its bounce reports name.
    provider_id = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        abstract = True

    @classmethod
    def failed_for_good(cls, error, **which):
        """The last try failed: the rows of ``which`` still waiting stay
        failed, with why (a job's ``failed``)."""
        cls.objects.filter(state=cls.State.PENDING, **which).update(
            state=cls.State.FAILED, last_error=str(error)[:2000]
        )

    def mark_sent(self, message):
        """The server took ``message``, this row's mail."""
        type(self).objects.filter(pk=self.pk).update(
            state=self.State.SENT,
            sent_at=timezone.now(),
            provider_id=outbox.provider_id(message),
        )


class ArticleMail(SentMail):
    """A mail about one statement to one subscriber (one of each kind)."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="%(class)ss"
    )
    # A number, not a constraint: the log outlives a deleted article.
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class Mail(ArticleMail):
    """One statement mailed to one subscriber (unique)."""

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "article"], name="mail_once_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["article", "state"], name="mail_article_state")]

    def __str__(self):
        return f"{self.article_id} → {self.subscriber_id}"


class Digest(models.Model):
    """One day's digest for one subscriber: made once, with the statements
    it listed, marked sent as the server takes it."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="digests"
    )
    # The moment the digest was due (the site's digest hour that day).
    due_at = models.DateTimeField(_("due"))
    articles = models.JSONField(_("statements"), default=list)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "due_at"], name="digest_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.subscriber_id} @ {self.due_at:%Y-%m-%d}"


class WithdrawalNotice(ArticleMail):
    """One mail telling a subscriber who was sent a statement that it was
    withdrawn (when the office asked that they be told): made once per
    subscriber and statement, sent by a job (``SentMail``)."""

    class Meta:
        verbose_name = _("withdrawal notice")
        verbose_name_plural = _("withdrawal notices")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "article"], name="withdrawal_notice_once"
            )
        ]
        indexes = [
            models.Index(fields=["article", "state"], name="withdrawal_notice_article")
        ]

    def __str__(self):
        return f"{self.article_id} → {self.subscriber_id}"
