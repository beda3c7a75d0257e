"""A provider's bounce and complaint webhooks (django-anymail, verified by
their secret) stop mail to the address; anything else changes nothing."""

import base64
import json

import pytest

from mailing.models import Subscriber
from press.models import Contact

pytestmark = pytest.mark.django_db

HOOK = "/anymail/postmark/tracking/"


@pytest.fixture
def secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "hooks:a-long-secret"}
    return "hooks:a-long-secret"


def event(record_type="Bounce", kind="HardBounce", email="Reader@Example.org"):
    return {
        "RecordType": record_type,
        "Type": kind,
        "TypeCode": 1,
        "ID": 42,
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "Email": email,
        "BouncedAt": "2026-12-07T10:00:00Z",
        "Description": "The server was unable to deliver your message.",
    }


def post(client, payload, credentials):
    auth = base64.b64encode(credentials.encode()).decode()
    return client.post(
        HOOK,
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )


def subscribers():
    for language in ("en", "ar"):
        Subscriber.objects.create(
            email="reader@example.org",
            language=language,
            state=Subscriber.State.CONFIRMED,
        )
    Contact.objects.create(name="Layla", email="reader@example.org")


def test_a_hard_bounce_stops_every_subscription_and_the_press_contact(client, secret):
    subscribers()
    assert post(client, event(), secret).status_code == 200
    states = set(Subscriber.objects.values_list("state", flat=True))
    assert states == {Subscriber.State.STOPPED}
    reason = Subscriber.objects.first().stopped_reason
    assert reason.startswith("Postmark: bounced")
    assert not Contact.objects.get().is_active


def test_a_complaint_stops_mail_too(client, secret):
    subscribers()
    post(client, event("SpamComplaint", "SpamComplaint"), secret)
    assert Subscriber.objects.filter(state=Subscriber.State.STOPPED).count() == 2


def test_a_passing_failure_changes_nothing(client, secret):
    subscribers()
    assert post(client, event(kind="Transient"), secret).status_code == 200
    assert set(Subscriber.objects.values_list("state", flat=True)) == {
        Subscriber.State.CONFIRMED
    }
    assert Contact.objects.get().is_active


def test_a_call_without_the_secret_is_refused(client, secret):
    subscribers()
    response = post(client, event(), "hooks:guessed")
    assert response.status_code in (400, 401, 403)
    assert set(Subscriber.objects.values_list("state", flat=True)) == {
        Subscriber.State.CONFIRMED
    }


def test_without_a_configured_secret_every_call_is_refused(client, settings):
    """The site's own unguessable default: the webhook works only once the
    provider's secret is set (ANYMAIL_WEBHOOK_SECRET)."""
    subscribers()
    assert settings.ANYMAIL["WEBHOOK_SECRET"].startswith("unset:")
    assert post(client, event(), "unset:anything").status_code in (400, 401, 403)
    assert Contact.objects.get().is_active


def test_a_stopped_address_may_ask_again_and_confirm_anew(client, secret):
    from django.core import mail

    from tests.jobs.running import worked

    subscribers()
    post(client, event(), secret)
    with worked():
        client.post(
            "/en/subscribe/", {"email": "reader@example.org", "frequency": "now"}
        )
    subscriber = Subscriber.objects.get(language="en")
    assert subscriber.state == Subscriber.State.PENDING
    assert subscriber.stopped_reason == ""
    assert "Confirm your subscription" in mail.outbox[0].subject


def test_the_mail_a_bounce_names_is_marked_bounced(client, secret, settings):
    """Through a provider (anymail's own test backend gives each message an
    id, as a real provider does), the report's message id finds the row:
    the subscriber's statement, and a journalist's press mail."""
    import datetime

    from django.utils import timezone

    from mailing.models import Mail
    from press import services as press
    from press.models import PressList, PressMail
    from tests.factories import make_article
    from tests.jobs.running import worked

    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    subscribers()
    Subscriber.objects.filter(language="ar").delete()
    Subscriber.objects.update(confirmed_at=timezone.now() - datetime.timedelta(1))
    with worked():
        make_article(title="A statement")
    mail = Mail.objects.get()
    assert mail.state == Mail.State.SENT and mail.provider_id

    press_list = PressList.objects.create(name="Agencies")
    press_list.contacts.set(Contact.objects.all())
    with worked():
        press.embargo_send(
            article=make_article(title="Embargoed", status="draft"),
            lists=[press_list],
            until=timezone.now() + datetime.timedelta(hours=2),
        )
    press_mail = PressMail.objects.get()
    assert press_mail.provider_id

    for message_id in (mail.provider_id, press_mail.provider_id):
        payload = {**event(), "MessageID": message_id}
        assert post(client, payload, secret).status_code == 200
    mail.refresh_from_db()
    press_mail.refresh_from_db()
    assert mail.state == Mail.State.BOUNCED
    assert press_mail.state == PressMail.State.BOUNCED
    assert "bounced" in mail.last_error
