"""Subscribing, confirming, changing and ending a subscription.

Asking to subscribe answers the same whatever the address's state, and what
it mails goes to that address only: nobody learns from the site who reads
it. Asking is throttled per client and per address, in the shared cache:
one confirmation mail per address per ``MAILING_ASK_SECONDS``.
"""

from django.db import transaction
from django.utils import timezone

from core import cache, conf
from core.text import normalize_email
from jobs import queue
from mailing import digests, mails
from mailing.models import Subscriber


class Refused(Exception):
    """Too many requests from one client: the reader is asked to wait."""


@transaction.atomic
def subscribe(*, email, language, sections, frequency, client=None):
    """Take a reader's request. A new or pending address gets (again) the
    mail to confirm; a confirmed one the link to change its choices; an
    unsubscribed one starts again, pending. Raises ``Refused`` when the
    client asked too often."""
    limit = conf.get("MAILING_ASKS_PER_CLIENT")
    if client and limit and cache.count(cache.MAILING_ASKS, client) > limit:
        raise Refused
    email = normalize_email(email)
    subscriber, created = Subscriber.objects.get_or_create(
        email=email, language=language
    )
    if subscriber.state != Subscriber.State.CONFIRMED:
        if subscriber.state in (
            Subscriber.State.UNSUBSCRIBED,
            Subscriber.State.STOPPED,
        ):
            # Asked anew: confirming proves the mailbox works again.
            subscriber.unsubscribed_at = None
            subscriber.stopped_reason = ""
        subscriber.state = Subscriber.State.PENDING
        subscriber.frequency = frequency
        subscriber.save()
        subscriber.sections.set(sections)
        kind = mails.CONFIRM
    else:
        kind = mails.MANAGE
    # One mail per address per while, whoever asks: no flooding a mailbox.
    if cache.acquire(cache.MAILING_ASKED, email, language):
        queue.enqueue_on_commit(mails.send_to_subscriber, subscriber.pk, kind)
    return subscriber


@transaction.atomic
def confirm(subscriber):
    """The reader followed the link: the statements start coming."""
    if subscriber.state != Subscriber.State.CONFIRMED:
        subscriber.state = Subscriber.State.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["state", "confirmed_at", "unsubscribed_at"])
    _digest_if_chosen(subscriber)
    return subscriber


@transaction.atomic
def change(subscriber, *, sections, frequency):
    subscriber.frequency = frequency
    subscriber.save(update_fields=["frequency"])
    subscriber.sections.set(sections)
    _digest_if_chosen(subscriber)
    return subscriber


def _digest_if_chosen(subscriber):
    if (
        subscriber.state == Subscriber.State.CONFIRMED
        and subscriber.frequency == Subscriber.Frequency.DAILY
    ):
        digests.keep_scheduled()


@transaction.atomic
def unsubscribe(subscriber):
    """No more mail; the row stays (without it, a new request would be a
    stranger's), until it is erased."""
    if subscriber.state != Subscriber.State.UNSUBSCRIBED:
        subscriber.state = Subscriber.State.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["state", "unsubscribed_at"])
    return subscriber
