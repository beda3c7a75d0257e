"""The signed links of a subscriber's mails: to confirm (for seven days), and
to change or end the subscription (for as long as it lasts), without an
account."""

from django.core import signing

from mailing.models import Subscriber

CONFIRM = "mailing.confirm"
MANAGE = "mailing.manage"
CONFIRM_DAYS = 7


def make(subscriber, purpose):
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=purpose)


def read(token, purpose):
    """The subscriber ``token`` was made for, or ``None`` (altered, expired,
    or for a subscriber who is no more)."""
    max_age = CONFIRM_DAYS * 24 * 3600 if purpose == CONFIRM else None
    try:
        value = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    return Subscriber.objects.filter(pk=value.get("s"), email=value.get("e")).first()
