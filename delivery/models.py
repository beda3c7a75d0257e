"""Where statements go (Telegram channels, partners' webhook endpoints), and
each delivery made to them.

A delivery is what one target should show of one article (or one event, for a
webhook) at one moment: planned once (``version`` is unique per target), sent
by a job, tried again until it is sent or its tries run out. The rows are the
log editors read ("where it went"), and what makes a retried or duplicated job
send nothing twice.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import Language

# A channel's public username (@name) or its numeric id (-100…), as the Bot
# API takes it.
CHAT = RegexValidator(
    r"^(@[A-Za-z][A-Za-z0-9_]{3,31}|-?\d{5,20})$",
    _("Give the channel's username (@name) or its numeric id (-100…)."),
)


class Channel(models.Model):
    """A Telegram channel: the statements of one edition (of one office, when
    set) are posted there by the site's bot (``TELEGRAM_BOT_TOKEN``)."""

    name = models.CharField(_("name"), max_length=100)
    chat = models.CharField(
        _("channel"),
        max_length=40,
        unique=True,
        validators=[CHAT],
        help_text=_(
            "The channel's username (@name) or numeric id. Add the bot to the "
            "channel as an administrator who may post, edit and delete messages."
        ),
    )
    language = models.CharField(_("edition"), max_length=2, choices=Language.choices)
    office = models.ForeignKey(
        "articles.Office",
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Only this office's statements; empty: every office's."),
    )
    send_photo = models.BooleanField(
        _("post the lead picture"),
        default=True,
        help_text=_("With a lead picture, the post is the photo with a caption."),
    )
    send_pdf = models.BooleanField(
        _("send the statement's PDF"),
        default=False,
        help_text=_(
            "The post is the statement's PDF with the text as its caption, "
            "instead of the lead picture. It goes out once the PDF is made, and "
            "its file is replaced after each correction. Posts already in the "
            "channel as text stay text; posts sent with their PDF keep it."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Set when Telegram refuses the bot (a revoked token, the bot removed
    # from the channel); cleared by the next post that goes through.
    broken_since = models.DateTimeField(_("failing since"), null=True, editable=False)
    broken_reason = models.TextField(_("why it fails"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Telegram channel")
        verbose_name_plural = _("Telegram channels")
        ordering = ["language", "name"]

    def __str__(self):
        return f"{self.name} ({self.chat})"

    def post_url(self, message_id):
        """The post's address in Telegram, for a channel with a username."""
        if not self.chat.startswith("@") or not message_id:
            return ""
        return f"https://t.me/{self.chat[1:]}/{message_id}"


class Event(models.TextChoices):
    PUBLISHED = "article.published", _("article published")
    UPDATED = "article.updated", _("article updated")
    CORRECTED = "article.corrected", _("article corrected")
    UNPUBLISHED = "article.unpublished", _("article unpublished")
    WITHDRAWN = "article.withdrawn", _("article withdrawn")
    COMMENT_APPROVED = "comment.approved", _("comment approved")


def all_events():
    return [event.value for event in Event]


def check_events(value):
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one event."))
    unknown = set(value) - set(all_events())
    if unknown:
        raise ValidationError(
            _("Unknown events: %(events)s."),
            params={"events": ", ".join(sorted(map(str, unknown)))},
        )


class Endpoint(models.Model):
    """A partner's address that receives the events it asked for, signed as
    Standard Webhooks say (``delivery.signing``) with its own secret."""

    name = models.CharField(_("partner"), max_length=100)
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(
        _("events"), default=all_events, validators=[check_events]
    )
    # Given once when the endpoint is made, shown to the editor then only.
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    # Set when a delivery failed on its last try: no more are sent until an
    # editor makes it active again.
    disabled_at = models.DateTimeField(_("disabled at"), null=True, editable=False)
    disabled_reason = models.TextField(
        _("why it was disabled"), blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def takes(self, event):
        return self.is_active and self.disabled_at is None and event in self.events


# How much of a partner's answer each try keeps.
ATTEMPT_BYTES = 200


class Delivery(models.Model):
    """One thing sent (or to send) to one target, and how it went."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        # A post that carries the statement's PDF, before the PDF is made
        # (``documents``): not sent, and gone once the post is planned.
        WAITING = "waiting", _("waiting for the statement's PDF")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SUPERSEDED = "superseded", _("replaced by a later change before it was sent")

    channel = models.ForeignKey(
        Channel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    endpoint = models.ForeignKey(
        Endpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    # The article as a number, not a constraint: a deleted article's post is
    # still taken down, from the deliveries that remember it.
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=40)
    # What is sent, with what came before it for this target: planning the
    # same thing twice (two processes, a job run again) finds this row.
    version = models.CharField(max_length=64)
    # Telegram: {"show": True, "text": …, "photo": name or "", "title": …},
    # with "document" (the PDF's stored name) and "filename" for a post that
    # is the PDF; a post taken down: {"show": False, "notice": …}; a withdrawn
    # statement's, edited to its notice: {"show": False, "withdrawn": True,
    # "notice": …} (and "document", the notice's PDF, for a PDF's post); a
    # post waiting for its PDF: {"waiting": "document", "title": …}.
    # A webhook: its body.
    payload = models.JSONField(default=dict)
    state = models.CharField(
        pgettext_lazy("delivery", "state"),
        max_length=10,
        choices=State.choices,
        default=State.PENDING,
    )
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Telegram: the message id; a webhook: the answer's status.
    remote_id = models.CharField(_("remote id"), max_length=40, blank=True)
    answer = models.TextField(_("answer"), blank=True)  # a webhook's first bytes
    # A webhook's every try: when, the status or the error, seconds, and the
    # answer's first bytes (``ATTEMPT_BYTES``).
    attempts = models.JSONField(_("tries made"), default=list, blank=True)
    duration = models.FloatField(_("seconds"), null=True, blank=True)
    created_at = models.DateTimeField(_("planned"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__isnull=True) ^ Q(endpoint__isnull=True),
                name="delivery_one_target",
            ),
            models.UniqueConstraint(
                fields=["channel", "version"],
                condition=Q(channel__isnull=False),
                name="delivery_once_per_channel",
            ),
            models.UniqueConstraint(
                fields=["endpoint", "version"],
                condition=Q(endpoint__isnull=False),
                name="delivery_once_per_endpoint",
            ),
        ]
        indexes = [
            models.Index(
                fields=["article", "channel"], name="delivery_article_channel"
            ),
            models.Index(
                fields=["article", "endpoint"], name="delivery_article_endpoint"
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.channel or self.endpoint}"

    @property
    def target(self):
        return self.channel or self.endpoint
