"""Corrections and withdrawals travel: a corrected statement's Telegram post
is edited to say so and partners get ``article.corrected``; a withdrawn
one's post is edited to its notice (never deleted), partners get
``article.withdrawn`` with the API's 410 body, and nothing of it is posted
anywhere again.

The Bot API is a local stand-in (``bot_api``), the partner a local receiver
(``webhook_receiver``); the worker's turn is ``run_jobs``.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.test import TestCase
from django.utils import timezone, translation
from django.utils.translation import gettext
from freezegun import freeze_time

from articles import services as articles
from articles.models import Article
from core import hijri
from delivery import services, signing
from delivery.models import Channel, Delivery, Endpoint
from tests.delivery.receiver import received
from tests.factories import make_article, make_image, make_office
from tests.jobs.running import run_jobs, worked

pytestmark = pytest.mark.django_db

CORRECTED_AT = datetime.datetime(2026, 3, 10, 6, tzinfo=datetime.UTC)
WITHDRAWN_AT = datetime.datetime(2026, 3, 11, 6, tzinfo=datetime.UTC)
REASON = "Issued in error before the meeting."


def publish(**fields):
    fields.setdefault("title", "Statement on the regional water programme")
    fields.setdefault("excerpt", "The office sets out the programme's next steps.")
    fields.setdefault(
        "office", make_office(name_en="Water office", name_ar="مكتب المياه")
    )
    fields.setdefault("published_at", CORRECTED_AT - datetime.timedelta(hours=2))
    with worked():
        return make_article(**fields)


def correct(article, note="The wells reopen on Tuesday, not Monday.", **changes):
    """Corrected at ``CORRECTED_AT``; the jobs run now (a partner checks the
    signature's time against its own clock)."""
    for name, value in changes.items():
        setattr(article, name, value)
    with freeze_time(CORRECTED_AT):
        with TestCase.captureOnCommitCallbacks(execute=True):
            articles.article_correct(article=article, note=note, user=None)
    run_jobs()


def withdraw(article, reason=REASON):
    """Withdrawn at ``WITHDRAWN_AT``; the jobs run now."""
    with freeze_time(WITHDRAWN_AT):
        with TestCase.captureOnCommitCallbacks(execute=True):
            articles.article_withdraw(article=article, reason=reason, user=None)
    run_jobs()
    return Article.objects.get(pk=article.pk)


def events(**target):
    return list(
        Delivery.objects.filter(**target).order_by("pk").values_list("event", flat=True)
    )


# Telegram ---------------------------------------------------------------------


def test_a_correction_edits_the_post_to_say_when(telegram, channel):
    article = publish()
    correct(article, excerpt="The wells reopen on Tuesday.")

    (post,) = telegram.posts("@water_news").values()
    assert post.edits == 1
    assert len(telegram.calls("sendMessage")) == 1
    (edit,) = telegram.calls("editMessageText")
    assert edit.params["parse_mode"] == "HTML"
    lines = post.text.split("\n")
    assert lines[0] == "Statement on the regional water programme"
    when = hijri.format_dual(CORRECTED_AT, "en")
    assert f"Corrected on {when}" in lines
    assert when.startswith("Tuesday, 21 Ramadan 1447 | 2026/03/10")
    assert "The wells reopen on Tuesday." in post.text
    assert events(channel=channel) == ["article.published", "article.updated"]


def test_a_second_correction_shows_the_newest(telegram, channel):
    article = publish()
    correct(article)
    later = CORRECTED_AT + datetime.timedelta(days=3)
    with freeze_time(later):
        with TestCase.captureOnCommitCallbacks(execute=True):
            articles.article_correct(article=article, note="Names added.", user=None)
    run_jobs()

    (post,) = telegram.posts("@water_news").values()
    assert f"Corrected on {hijri.format_dual(later, 'en')}" in post.text
    assert f"Corrected on {hijri.format_dual(CORRECTED_AT, 'en')}" not in post.text
    assert post.edits == 2


def test_a_corrected_photo_posts_caption_stays_within_telegrams_limit(
    telegram, channel
):
    article = publish(
        lead_image=make_image("lead.png", size=(1600, 900)),
        lead_image_alt="A placeholder picture",
        excerpt="word " * 2000,
    )
    correct(article)

    (edit,) = telegram.calls("editMessageCaption")
    (post,) = telegram.posts("@water_news").values()
    assert post.photo
    assert f"Corrected on {hijri.format_dual(CORRECTED_AT, 'en')}" in post.text
    assert len(post.text.encode("utf-16-le")) // 2 <= 1024
    assert telegram.calls("editMessageText") == []


def test_a_withdrawal_edits_the_post_to_its_notice_and_never_deletes_it(
    telegram, channel
):
    article = publish()
    withdraw(article)

    assert telegram.calls("deleteMessage") == []
    (post,) = telegram.posts("@water_news").values()
    assert not post.deleted
    assert post.edits == 1
    assert post.text.split("\n") == [
        "Statement on the regional water programme",
        f"Withdrawn on {hijri.format_dual(WITHDRAWN_AT, 'en')} by Water office.",
        "",
        f"Reason: {REASON}",
    ]
    assert post.html.startswith("<b>Statement on the regional water programme</b>")
    assert "The office sets out" not in post.text
    delivery = Delivery.objects.filter(channel=channel).latest("pk")
    assert delivery.event == "article.withdrawn"
    assert delivery.state == Delivery.State.SENT
    assert delivery.remote_id == str(post.message_id)


def test_a_withdrawn_photo_post_gets_the_notice_as_its_caption(telegram, channel):
    article = publish(
        lead_image=make_image("lead.png", size=(1600, 900)),
        lead_image_alt="A placeholder picture",
    )
    withdraw(article, reason="Withdrawn: " + "a long reason " * 200)

    (edit,) = telegram.calls("editMessageCaption")
    (post,) = telegram.posts("@water_news").values()
    assert post.photo and not post.deleted
    assert "Withdrawn on " in post.text and "by Water office." in post.text
    assert len(post.text.encode("utf-16-le")) // 2 <= 1024
    assert telegram.calls("editMessageText") == telegram.calls("deleteMessage") == []


def test_a_post_too_old_to_delete_is_edited_the_same_way(telegram, channel):
    article = publish()
    with freeze_time(timezone.now() + datetime.timedelta(days=5)):
        with worked():
            articles.article_withdraw(article=article, reason=REASON, user=None)

    assert telegram.calls("deleteMessage") == []
    (post,) = telegram.shown("@water_news").values()
    assert f"Reason: {REASON}" in post
    assert "This statement has been withdrawn." not in post


def test_a_withdrawn_statement_is_never_posted_again(telegram, channel):
    article = publish()
    withdraw(article)
    requests = len(telegram.requests)

    # A later save (the title fixed), a plan run again, a new channel.
    Channel.objects.create(name="More news", chat="@more_news", language="en")
    stored = Article.objects.get(pk=article.pk)
    stored.title = "Retitled"
    with worked():
        articles.article_save(article=stored, user=None)
    run_jobs()
    assert services.plan_article(article.pk) == []

    assert len(telegram.requests) == requests
    assert telegram.posts("@more_news") == {}
    assert events(channel=channel) == ["article.published", "article.withdrawn"]


def test_a_statement_withdrawn_before_its_post_went_out_is_not_posted(
    telegram, channel
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        article = make_article(title="Too soon")
    run_jobs(only=services.plan_article_job)
    with TestCase.captureOnCommitCallbacks(execute=True):
        articles.article_withdraw(article=article, reason=REASON, user=None)
    run_jobs(only=services.plan_article_job)
    run_jobs()

    assert telegram.requests == []
    assert sorted(
        Delivery.objects.filter(channel=channel).values_list("event", "state")
    ) == [
        ("article.published", Delivery.State.SUPERSEDED),
        ("article.withdrawn", Delivery.State.SENT),
    ]


def test_an_arabic_statement_is_corrected_and_withdrawn_in_arabic(telegram):
    Channel.objects.create(name="أخبار", chat="@water_news_ar", language="ar")
    article = publish(
        title="بيان حول برنامج المياه الإقليمي",
        excerpt="يعرض المكتب الخطوات التالية.",
        language="ar",
    )
    correct(article)

    (post,) = telegram.posts("@water_news_ar").values()
    when = hijri.format_dual(CORRECTED_AT, "ar")
    assert when.startswith("الثلاثاء، ٢١ رمضان ١٤٤٧")
    with translation.override("ar"):
        label = gettext("Corrected on %(when)s") % {"when": when}
    assert "\u200f" + label in post.text.split("\n")

    withdraw(article, reason="صدر خطأً قبل الاجتماع.")
    (post,) = telegram.posts("@water_news_ar").values()
    lines = post.text.split("\n")
    assert all(line.startswith("\u200f") for line in lines if line)
    with translation.override("ar"):
        said = gettext("Withdrawn on %(when)s by %(office)s.") % {
            "when": hijri.format_dual(WITHDRAWN_AT, "ar"),
            "office": "مكتب المياه",
        }
        reason = gettext("Reason:") + " صدر خطأً قبل الاجتماع."
    assert lines == [
        "\u200fبيان حول برنامج المياه الإقليمي",
        "\u200f" + said,
        "",
        "\u200f" + reason,
    ]
    assert "Water office" not in post.text


# Webhooks ---------------------------------------------------------------------


def api(client, article):
    return client.get(
        f"/api/v1/articles/{article.pk}", HTTP_HOST="media.example.org", secure=True
    )


def test_partners_hear_of_a_correction_then_an_update_then_a_withdrawal(
    client, endpoint, webhook_receiver
):
    article = publish()
    correct(article, excerpt="The wells reopen on Tuesday.")
    corrected = api(client, article).json()
    article.title = "Statement on the water programme"
    with worked():
        article.save()
    withdrawn = withdraw(article)
    gone = api(client, withdrawn)

    bodies = received(webhook_receiver, endpoint)
    assert [body["type"] for body in bodies] == [
        "article.published",
        "article.corrected",
        "article.updated",
        "article.withdrawn",
    ]
    assert bodies[1]["data"] == corrected
    assert [c["note"] for c in bodies[1]["data"]["corrections"]] == [
        "The wells reopen on Tuesday, not Monday."
    ]
    assert bodies[1]["data"]["corrections"][0]["date"].startswith("2026-03-10T09:00:00")
    assert bodies[2]["data"]["title"] == "Statement on the water programme"
    assert gone.status_code == 410
    assert bodies[3]["data"] == gone.json()
    assert bodies[3]["data"]["withdrawn"] is True
    assert bodies[3]["data"]["reason"] == REASON
    assert bodies[3]["data"]["office"]["name_en"] == "Water office"
    assert "body_html" not in bodies[3]["data"]


def test_nothing_more_is_sent_after_a_withdrawal(endpoint, webhook_receiver):
    article = publish()
    withdraw(article)
    stored = Article.objects.get(pk=article.pk)
    stored.title = "Retitled"
    with worked():
        articles.article_save(article=stored, user=None)
    run_jobs()
    with worked():
        stored.delete()
    run_jobs()

    types = [body["type"] for body in received(webhook_receiver, endpoint)]
    assert types == ["article.published", "article.withdrawn"]


def test_a_partner_who_asked_only_for_removals_hears_of_the_withdrawal_once_migrated(
    endpoint, webhook_receiver
):
    endpoint.events = ["article.published", "article.updated", "article.unpublished"]
    endpoint.save()
    others = Endpoint.objects.create(
        name="Comments only",
        url=endpoint.url,
        secret=signing.new_secret(),
        events=["comment.approved"],
    )
    migration = importlib.import_module(
        "delivery.migrations.0004_endpoints_hear_corrections_and_withdrawals"
    )
    migration.add_events(apps, None)
    migration.add_events(apps, None)  # run twice: each event once
    endpoint.refresh_from_db()
    others.refresh_from_db()
    assert endpoint.events == [
        "article.published",
        "article.updated",
        "article.unpublished",
        "article.corrected",
        "article.withdrawn",
    ]
    assert others.events == ["comment.approved"]

    article = publish()
    correct(article)
    withdraw(article)
    types = [body["type"] for body in received(webhook_receiver, endpoint)]
    assert types == ["article.published", "article.corrected", "article.withdrawn"]


def test_an_endpoint_that_did_not_ask_for_them_hears_nothing_of_them(
    endpoint, webhook_receiver
):
    endpoint.events = ["article.published", "article.updated", "article.unpublished"]
    endpoint.save()
    article = publish()
    correct(article)
    withdraw(article)

    types = [body["type"] for body in received(webhook_receiver, endpoint)]
    assert types == ["article.published"]
