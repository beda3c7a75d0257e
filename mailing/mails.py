"""The mails a subscriber gets, each in the subscriber's language and
direction, as HTML and plain text, with no tracking and no rewritten links.

Every mail carries its one-click way out: ``List-Unsubscribe`` with the
signed https link (and a mailto when ``MAILING_UNSUBSCRIBE_MAILTO`` is set),
and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058).
"""

from django.core.mail import get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import conf, hijri, i18n, outbox
from jobs import queue
from mailing import tokens
from mailing.models import Subscriber
from site_settings import site

CONFIRM = "confirm"
MANAGE = "manage"
STATEMENT = "statement"
DIGEST = "digest"
WITHDRAWAL = "withdrawal"


def link(name, subscriber, purpose):
    """An absolute signed link of the subscriber's edition."""
    with translation.override(subscriber.language):
        path = reverse(name, kwargs={"token": tokens.make(subscriber, purpose)})
    return site.absolute_url(path)


def build(kind, subscriber, **context):
    """The mail ``kind`` (``mailing/email/<kind>.{txt,html}`` and
    ``<kind>_subject.txt``) for ``subscriber``."""
    language = subscriber.language
    unsubscribe = link("mailing:unsubscribe", subscriber, tokens.MANAGE)
    targets = [f"<{unsubscribe}>"]
    mailto = conf.get("MAILING_UNSUBSCRIBE_MAILTO")
    if mailto:
        token = tokens.make(subscriber, tokens.MANAGE)
        targets.append(f"<mailto:{mailto}?subject=unsubscribe%20{token}>")
    with translation.override(language):
        context = {
            "subscriber": subscriber,
            "language": language,
            "direction": i18n.text_direction(language),
            "site_name": conf.per_language("CMS_SITE_NAME", language),
            "confirm_url": link("mailing:confirm", subscriber, tokens.CONFIRM),
            "manage_url": link("mailing:manage", subscriber, tokens.MANAGE),
            "unsubscribe_url": unsubscribe,
            "confirm_days": hijri.localize_digits(tokens.CONFIRM_DAYS, language),
            **context,
        }
        return outbox.templated(
            f"mailing/email/{kind}_subject.txt",
            f"mailing/email/{kind}.txt",
            f"mailing/email/{kind}.html",
            context=context,
            to=[subscriber.email],
            headers={
                "List-Unsubscribe": ", ".join(targets),
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Content-Language": language,
            },
        )


@queue.job(label=_("Mail a reader the link to confirm or change a subscription"))
def send_to_subscriber(subscriber_id, kind):
    """The job: the confirmation mail, or the link to change one's choices."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.state == Subscriber.State.UNSUBSCRIBED:
        return 0
    with get_connection(fail_silently=False) as connection:
        return connection.send_messages([build(kind, subscriber)])
