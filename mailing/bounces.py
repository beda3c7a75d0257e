"""A provider's word that an address cannot or must not be mailed: a bounce,
a complaint, a rejection or an unsubscribe through the provider (its
tracking webhook, through django-anymail, verified by its secret). Mail to
that address stops: subscriptions here, press contacts in ``press``.

With plain SMTP no provider calls back: bounces go to the envelope sender,
``DEFAULT_FROM_EMAIL`` (docs/deploy.md).
"""

from anymail.signals import EventType
from django.utils import timezone

from core.text import normalize_email
from mailing.models import Mail, Subscriber, WithdrawalNotice

# What stops mail to an address (anymail's names, whatever the provider).
STOPPING = {
    EventType.BOUNCED,
    EventType.COMPLAINED,
    EventType.REJECTED,
    EventType.UNSUBSCRIBED,
}


def stops_mail(event):
    """Whether a provider's ``event`` means no more mail to its recipient."""
    return event.event_type in STOPPING and bool(event.recipient)


def why(event, esp_name):
    """A short reason, kept beside the address."""
    parts = [esp_name, str(event.event_type), event.reject_reason, event.description]
    return ": ".join(str(part) for part in parts if part)[:500]


def stop_subscriptions(sender, event, esp_name, **kwargs):
    """``anymail.signals.tracking`` receiver: the address's subscriptions
    stop, in every edition, and the mail the report names is marked bounced."""
    if not stops_mail(event):
        return
    if event.message_id:
        for sent in (Mail, WithdrawalNotice):
            sent.objects.filter(provider_id=event.message_id).update(
                state=sent.State.BOUNCED, last_error=why(event, esp_name)
            )
    Subscriber.objects.filter(email=normalize_email(event.recipient)).exclude(
        state=Subscriber.State.STOPPED
    ).update(
        state=Subscriber.State.STOPPED,
        stopped_reason=why(event, esp_name),
        unsubscribed_at=timezone.now(),
    )
