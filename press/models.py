"""Press contacts and lists, embargoes, and each mail sent under one."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import Language
from core.text import normalize_email
from mailing.models import SentMail


class Contact(models.Model):
    """A journalist: who, for which outlet, in which language, covering what."""

    name = models.CharField(_("name"), max_length=200)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    email = models.EmailField(_("email"), unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default="en"
    )
    sections = models.ManyToManyField(
        "articles.Category", verbose_name=_("sections covered"), blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.outlet})" if self.outlet else self.name

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class PressList(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts"), related_name="lists", blank=True
    )

    class Meta:
        verbose_name = _("press list")
        verbose_name_plural = _("press lists")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Embargo(models.Model):
    """A statement sent to press lists before it is public: it is scheduled
    to publish at ``until``, and nothing public knows of it before."""

    class State(models.TextChoices):
        ACTIVE = "active", _("under embargo")
        LIFTED = "lifted", _("lifted")
        CANCELLED = "cancelled", _("cancelled")

    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="embargo",
    )
    lists = models.ManyToManyField(PressList, verbose_name=_("press lists"))
    until = models.DateTimeField(_("embargoed until"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("embargo")
        verbose_name_plural = _("embargoes")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.article)

    def recipients(self):
        """The active contacts of its lists, each once."""
        return Contact.objects.filter(
            lists__in=self.lists.all(), is_active=True
        ).distinct()


class PressMail(SentMail):
    """One mail of an embargo to one contact: the statement, or a notice that
    the embargo moved, was lifted, or was cancelled. Made once per what it
    says (``kind`` and the time it names), sent by a job (``SentMail``)."""

    class Kind(models.TextChoices):
        EMBARGOED = "embargoed", _("statement under embargo")
        MOVED = "moved", _("embargo moved")
        LIFTED = "lifted", _("embargo lifted")
        CANCELLED = "cancelled", _("withdrawn: do not publish")

    embargo = models.ForeignKey(Embargo, on_delete=models.CASCADE, related_name="mails")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    until = models.DateTimeField(_("embargoed until"))

    class Meta:
        verbose_name = _("press mail")
        verbose_name_plural = _("press mails")
        constraints = [
            models.UniqueConstraint(
                fields=["embargo", "contact", "kind", "until"],
                name="press_mail_once",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.contact}"
