"""Readers subscribe without an account: ask, confirm by a signed link, change
their choices, leave with one click; nobody learns who reads the office."""

import re

import pytest
from django.core import mail
from django.core.signing import TimestampSigner
from django.test import Client
from freezegun import freeze_time

from mailing import tokens
from mailing.models import Subscriber
from tests.factories import make_category
from tests.jobs.running import run_jobs, worked
from tests.markup import parse_strict

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/en/subscribe/"


@pytest.fixture(autouse=True)
def site(settings):
    settings.CMS_SITE_URL = "https://media.example.org"


def ask(client, email="reader@example.org", **fields):
    data = {"email": email, "frequency": "now", **fields}
    with worked():
        return client.post(SUBSCRIBE, data)


def link_in(message, name):
    """The signed link of kind ``name`` (confirm, manage, leave) in a mail."""
    (url,) = re.findall(
        rf"https://media\.example\.org(/\w\w/subscribe/{name}/\S+/)", message.body
    )
    return url


def test_the_form_is_a_valid_page_that_no_cache_keeps(client):
    response = client.get(SUBSCRIBE)
    assert response.status_code == 200
    assert "no-store" in response.get("Cache-Control", "") or "private" in response.get(
        "Cache-Control", ""
    )
    parse_strict(response.content.decode())


def test_asking_sends_a_link_to_confirm_and_nothing_else(client):
    water = make_category(name_en="Water")
    response = ask(client, "Reader@Example.org ", sections=[water.pk])

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert subscriber.state == Subscriber.State.PENDING
    assert list(subscriber.sections.all()) == [water]
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "Confirm your subscription" in message.subject
    assert link_in(message, "confirm")
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert 'lang="en" dir="ltr"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_following_the_link_asks_before_confirming(client):
    ask(client)
    url = link_in(mail.outbox[0], "confirm")

    page = client.get(url)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200
    assert Subscriber.objects.get().state == Subscriber.State.PENDING

    confirmed = client.post(url)
    assert confirmed.status_code == 200
    assert "Your subscription is confirmed" in confirmed.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert subscriber.confirmed_at is not None


def test_a_confirmation_link_lasts_seven_days(client):
    ask(client)
    url = link_in(mail.outbox[0], "confirm")
    with freeze_time("2099-01-01"):
        response = client.post(url)
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_an_altered_link_is_refused(client):
    ask(client)
    url = link_in(mail.outbox[0], "confirm")
    assert client.post(url.replace("/confirm/", "/confirm/x")).status_code == 404
    forged = TimestampSigner(salt="elsewhere").sign("1")
    assert client.post(f"/en/subscribe/confirm/{forged}/").status_code == 404


@freeze_time("2026-03-10 06:00:00")  # both pages show the same clock
def test_asking_again_answers_alike_and_tells_no_one_else(client):
    """Whether an address subscribed is never shown on the page: a pending one
    gets the link again (once in a while), a confirmed one the link to change
    its choices, in its own mailbox."""
    first = ask(client).content.decode()
    subscriber = Subscriber.objects.get()
    subscriber.state = Subscriber.State.CONFIRMED
    subscriber.save()
    mail.outbox.clear()
    from core import cache

    cache.release(cache.MAILING_ASKED, "reader@example.org", "en")
    again = ask(client).content.decode()

    assert again == first
    (message,) = mail.outbox
    assert "Your subscription" in message.subject
    assert link_in(message, "manage")
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED


def test_one_mailbox_is_not_flooded_by_repeated_asking(client):
    for _ in range(3):
        ask(client, REMOTE_ADDR="192.0.2.1")
    assert len(mail.outbox) == 1


def test_a_client_asking_too_often_is_asked_to_wait_with_its_choices_kept(
    client, settings
):
    settings.MAILING_ASKS_PER_CLIENT = 2
    for number in range(2):
        assert ask(client, f"r{number}@example.org").status_code == 200
    refused = ask(client, "patient@example.org")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Please wait a few minutes" in page
    assert 'value="patient@example.org"' in page
    assert not Subscriber.objects.filter(email="patient@example.org").exists()


def test_a_wrong_address_is_shown_in_the_form(client):
    response = ask(client, "not an address")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert 'value="not an address"' in page
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_the_signed_link_changes_sections_and_frequency(client):
    water, roads = make_category(name_en="Water"), make_category(name_en="Roads")
    ask(client, sections=[water.pk])
    subscriber = Subscriber.objects.get()
    url = f"/en/subscribe/manage/{tokens.make(subscriber, tokens.MANAGE)}/"

    response = client.post(url, {"sections": [roads.pk], "frequency": "daily"})

    assert response.status_code == 200
    assert "Your choices are saved." in response.content.decode()
    subscriber.refresh_from_db()
    assert list(subscriber.sections.all()) == [roads]
    assert subscriber.frequency == Subscriber.Frequency.DAILY
    refused = client.post(url, {"sections": [], "frequency": "hourly"})
    assert refused.status_code == 400
    assert "Select a valid choice." in refused.content.decode()


def test_a_mail_clients_one_click_unsubscribes_without_a_page_or_token(client):
    """RFC 8058: the client POSTs List-Unsubscribe=One-Click, with no cookie
    and no CSRF token."""
    ask(client)
    client = Client(enforce_csrf_checks=True)
    (target, *_) = mail.outbox[0].extra_headers["List-Unsubscribe"].split(", ")
    url = target.strip("<>").removeprefix("https://media.example.org")

    response = client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_following_the_unsubscribe_link_asks_first(client):
    ask(client)
    subscriber = Subscriber.objects.get()
    url = f"/en/subscribe/leave/{tokens.make(subscriber, tokens.MANAGE)}/"
    assert client.get(url).status_code == 200
    assert Subscriber.objects.get().state == Subscriber.State.PENDING
    assert "You are unsubscribed" in client.post(url).content.decode()


def test_the_arabic_edition_mails_right_to_left(client):
    with worked():
        client.post("/ar/subscribe/", {"email": "qari@example.org", "frequency": "now"})
    (message,) = mail.outbox
    html, _kind = message.alternatives[0]
    assert 'lang="ar" dir="rtl"' in html
    assert "/ar/subscribe/confirm/" in message.body
    assert Subscriber.objects.get().language == "ar"
    assert run_jobs() == 0


def test_each_article_offers_its_sections_statements_by_email(client):
    from tests.factories import make_article
    from tests.markup import parse

    water = make_category(name_en="Water")
    article = make_article(category=water)
    root = parse(client.get(article.get_absolute_url()))
    (form,) = [f for f in root.iter("form") if f.get("class") == "subscribe-form"]
    assert form.get("action") == SUBSCRIBE
    fields = {i.get("name"): i.get("value") for i in form.iter("input")}
    assert fields["sections"] == str(water.pk)
    assert "Get the statements of Water by email" in "".join(form.itertext())

    with worked():
        response = client.post(
            SUBSCRIBE,
            {"email": "reader@example.org", "sections": water.pk, "frequency": "now"},
        )
    assert "Check your inbox" in response.content.decode()
    assert list(Subscriber.objects.get().sections.all()) == [water]


def test_without_a_token_the_reader_is_asked_to_confirm_sending():
    """A cached page's form carries no token until JavaScript fetches one;
    without it the reader confirms on a page with a fresh token."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        SUBSCRIBE, {"email": "reader@example.org", "frequency": "now"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert 'value="reader@example.org"' in page
    assert not Subscriber.objects.exists()
