"""Embargoes: a statement sent to journalists before it is public.

Sending under embargo schedules the statement to publish at the embargo's
end (the site's own schedule: until then no public page, feed, sitemap,
search, API, channel, webhook or subscriber knows of it) and mails each
contact of the chosen lists the full text, "embargoed until" in both
calendars and in UTC, in the contact's language. Moving the end, lifting the
embargo (publishing now) or cancelling it (the statement back to a draft)
sends each recipient a short notice. Every mail is a ``PressMail`` row, made
once, sent by a job, tried again on failure.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import services as articles
from articles.models import Article
from core import conf, hijri, i18n, outbox
from core.sanitize import html_to_text
from jobs import queue
from press.models import Embargo, PressMail
from site_settings import site


def check_until(until):
    if until <= timezone.now():
        raise ValidationError(
            gettext("An embargo ends in the future: give a later time."),
            code="past",
        )


@transaction.atomic
def embargo_send(*, article, lists, until, user=None):
    """Schedule ``article`` for ``until`` and mail it to ``lists``."""
    check_until(until)
    if article.is_published:
        raise ValidationError(
            gettext("This statement is public already: it cannot be embargoed."),
            code="public",
        )
    articles.article_publish(article=article, user=user, when=until)
    embargo = Embargo.objects.create(article=article, until=until, created_by=user)
    embargo.lists.set(lists)
    _mail_everyone(embargo, PressMail.Kind.EMBARGOED)
    return embargo


@transaction.atomic
def embargo_move(*, embargo, until, user=None):
    """A new end: the statement is scheduled for it, and recipients told."""
    check_until(until)
    _still_active(embargo)
    embargo.until = until
    embargo.save(update_fields=["until"])
    articles.article_publish(article=embargo.article, user=user, when=until)
    _mail_everyone(embargo, PressMail.Kind.MOVED)
    return embargo


@transaction.atomic
def embargo_lift(*, embargo, user=None):
    """Publish now: recipients may publish too."""
    _still_active(embargo)
    now = timezone.now()
    embargo.until, embargo.state = now, Embargo.State.LIFTED
    embargo.save(update_fields=["until", "state"])
    articles.article_publish(article=embargo.article, user=user, when=now)
    _mail_everyone(embargo, PressMail.Kind.LIFTED)
    return embargo


@transaction.atomic
def embargo_cancel(*, embargo, user=None):
    """The statement goes back to the drafts; recipients are told not to
    publish it."""
    _still_active(embargo)
    embargo.state = Embargo.State.CANCELLED
    embargo.save(update_fields=["state"])
    article = embargo.article
    article.status = Article.Status.DRAFT
    articles.article_save(article=article, user=user, comment="Embargo cancelled")
    _mail_everyone(embargo, PressMail.Kind.CANCELLED)
    return embargo


def _still_active(embargo):
    if embargo.state != Embargo.State.ACTIVE or embargo.article.is_published:
        raise ValidationError(
            gettext("This embargo has ended: it can no longer be changed."),
            code="ended",
        )


def _mail_everyone(embargo, kind):
    rows = [
        PressMail(embargo=embargo, contact=contact, kind=kind, until=embargo.until)
        for contact in embargo.recipients()
    ]
    PressMail.objects.bulk_create(rows, ignore_conflicts=True)
    queue.enqueue_on_commit(send_press_mails, embargo.pk)


def _failed_for_good(error, embargo_id):
    PressMail.failed_for_good(error, embargo_id=embargo_id)


@queue.job(
    label=_("Mail journalists a statement under embargo, or its news"),
    failed=_failed_for_good,
)
def send_press_mails(embargo_id):
    """The job: the embargo's mails still waiting, over one connection, each
    marked as the server takes it."""
    waiting = PressMail.objects.filter(
        embargo_id=embargo_id, state=PressMail.State.PENDING
    ).select_related("contact", "embargo__article__office")
    sent = 0
    with get_connection(fail_silently=False) as connection:
        for mail in waiting.order_by("pk"):
            message = press_mail(mail)
            connection.send_messages([message])
            mail.mark_sent(message)
            sent += 1
    return sent


def press_mail(mail):
    """The mail: in the contact's language; the statement as written."""
    article = mail.embargo.article
    language = mail.contact.language
    with translation.override(language):
        context = {
            "kind": mail.kind,
            "contact": mail.contact,
            "article": article,
            "language": language,
            "direction": i18n.text_direction(language),
            "article_direction": i18n.text_direction(article.language),
            "site_name": conf.per_language("CMS_SITE_NAME", language),
            "until_local": hijri.format_dual(mail.until, language, time=True),
            "until_utc": mail.until.astimezone(datetime.UTC).strftime(
                "%Y-%m-%d %H:%M UTC"
            ),
            "zone": hijri.site_time_zone().key,
            "url": site.absolute_url(article.get_absolute_url()),
            "reference": hijri.localize_digits(article.reference, language),
            "body_text": html_to_text(article.body),
        }
        return outbox.templated(
            "press/email/subject.txt",
            "press/email/body.txt",
            "press/email/body.html",
            context=context,
            to=[mail.contact.email],
            headers={"Content-Language": language},
        )
