"""Statements reach their Telegram channels: posted once, edited, taken down,
at their scheduled time, within Telegram's limits; failures kept to resend.

The Bot API is a local stand-in (``bot_api``); the worker's turn is
``run_jobs``.
"""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from articles.models import Article
from delivery import services
from delivery.models import Channel, Delivery
from tests.factories import make_article, make_image, make_office
from tests.jobs.running import run_jobs, worked

pytestmark = pytest.mark.django_db


def publish(**fields):
    fields.setdefault("title", "Statement on the regional water programme")
    fields.setdefault("excerpt", "The office sets out the programme's next steps.")
    with worked():
        return make_article(**fields)


def save(article, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    with worked():
        article.save()
    run_jobs()


def test_a_published_statement_is_posted_once(telegram, channel):
    article = publish()
    run_jobs()

    (post,) = telegram.posts("@water_news").values()
    assert post.html.startswith("<b>Statement on the regional water programme</b>\n")
    assert "The office sets out the programme's next steps." in post.text
    assert f"https://media.example.org/en/article/{article.slug}/" in post.text
    assert "|" in post.text  # the dual date line
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.SENT
    assert delivery.remote_id == str(post.message_id)
    assert delivery.event == "article.published"

    # Planning again, or the send job run twice, sends nothing more.
    assert services.plan_article(article.pk) == []
    from delivery.sending import send_telegram

    send_telegram.enqueue(delivery.pk)
    run_jobs()
    assert len(telegram.calls("sendMessage")) == 1


def test_an_edited_title_edits_the_post_and_a_save_without_change_does_nothing(
    telegram, channel
):
    article = publish()
    run_jobs()
    save(article, title="Statement on the water programme, corrected")

    (post,) = telegram.posts("@water_news").values()
    assert post.text.startswith("Statement on the water programme, corrected")
    assert post.edits == 1
    save(article)  # nothing readers see changed
    assert len(telegram.calls("editMessageText")) == 1
    assert Delivery.objects.count() == 2


def test_unpublishing_deletes_the_post_and_republishing_posts_again(telegram, channel):
    article = publish()
    run_jobs()
    save(article, status=Article.Status.DRAFT)
    assert telegram.shown("@water_news") == {}
    save(article, status=Article.Status.PUBLISHED)
    assert len(telegram.shown("@water_news")) == 1
    assert len(telegram.calls("sendMessage")) == 2


def test_a_deleted_article_is_taken_down(telegram, channel):
    article = publish()
    run_jobs()
    with worked():
        article.delete()
    run_jobs()
    assert telegram.shown("@water_news") == {}


def test_a_post_too_old_to_delete_says_the_statement_was_withdrawn(telegram, channel):
    article = publish()
    run_jobs()
    with freeze_time(timezone.now() + datetime.timedelta(hours=49)):
        save(article, status=Article.Status.DRAFT)
    (post,) = telegram.shown("@water_news").values()
    assert "This statement has been withdrawn." in post
    assert telegram.calls("deleteMessage") == []


def test_each_channel_gets_its_edition_and_office(telegram, channel):
    office = make_office()
    Channel.objects.create(name="أخبار", chat="@water_news_ar", language="ar")
    Channel.objects.create(
        name="Office", chat="@office_news", language="en", office=office
    )
    publish(title="For everyone in English")
    publish(title="From the office", office=office)
    publish(title="بيان حول برنامج المياه الإقليمي", language="ar", excerpt="نص.")
    run_jobs()

    assert len(telegram.shown("@water_news")) == 2
    (arabic,) = telegram.shown("@water_news_ar").values()
    assert arabic.startswith("\u200fبيان حول برنامج المياه الإقليمي")
    assert [
        text.split("\n")[0] for text in telegram.shown("@office_news").values()
    ] == ["From the office"]


def test_a_scheduled_statement_is_posted_at_its_time_once(telegram, channel):
    moment = timezone.now() + datetime.timedelta(minutes=10)
    publish(published_at=moment)
    run_jobs()
    assert telegram.shown("@water_news") == {}

    with freeze_time(moment + datetime.timedelta(seconds=30)):
        run_jobs()
        run_jobs()
    assert len(telegram.calls("sendMessage")) == 1


def test_telegram_asking_to_wait_is_obeyed(telegram, channel):
    telegram.answer_next(429, description="Too Many Requests", retry_after=40)
    publish()
    run_jobs()
    assert telegram.shown("@water_news") == {}
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.run_after > timezone.now() + datetime.timedelta(seconds=35)

    with freeze_time(waiting.run_after + datetime.timedelta(seconds=1)):
        run_jobs()
    assert len(telegram.shown("@water_news")) == 1


def test_a_bot_removed_from_the_channel_is_shown_and_the_post_kept_to_resend(
    telegram, channel
):
    telegram.answer_next(
        403, description="Forbidden: bot is not a member of the channel chat"
    )
    publish()
    run_jobs()
    channel.refresh_from_db()
    assert channel.broken_since is not None
    assert "not a member" in channel.broken_reason
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()

    with worked():
        services.send_again(delivery)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert len(telegram.shown("@water_news")) == 1
    channel.refresh_from_db()
    assert channel.broken_since is None


def test_without_a_bot_token_the_delivery_fails_with_a_clear_reason(
    settings, telegram, channel
):
    settings.TELEGRAM_BOT_TOKEN = ""
    publish()
    run_jobs()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED
    assert "TELEGRAM_BOT_TOKEN" in delivery.last_error
    assert telegram.requests == []


def test_an_outage_is_tried_again_until_it_passes(telegram, channel):
    telegram.answer_next(502, description="Bad Gateway")
    publish()
    run_jobs()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.PENDING
    assert delivery.tries == 1
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    with freeze_time(retry.run_after + datetime.timedelta(seconds=1)):
        run_jobs()
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert len(telegram.shown("@water_news")) == 1


def test_a_change_before_the_post_went_out_sends_only_the_newer_post(telegram, channel):
    with TestCase.captureOnCommitCallbacks(execute=True):
        article = make_article(title="The first title")
    run_jobs(only=services.plan_article_job)
    with TestCase.captureOnCommitCallbacks(execute=True):
        article.title = "A newer title"
        article.save()
    run_jobs(only=services.plan_article_job)
    assert telegram.requests == []  # two posts planned, none sent yet
    run_jobs()
    (post,) = telegram.posts("@water_news").values()
    assert post.text.startswith("A newer title")
    assert post.edits == 0
    states = sorted(Delivery.objects.values_list("state", flat=True))
    assert states == [Delivery.State.SENT, Delivery.State.SUPERSEDED]


def test_hostile_titles_and_huge_bodies_post_as_plain_text(telegram, channel):
    publish(
        title="<script>alert(1)</script> & *bold* _it_ \u202etxet",
        excerpt="word " * 20000,
    )
    run_jobs()
    (post,) = telegram.posts("@water_news").values()
    assert post.text.startswith("<script>alert(1)</script> & *bold* _it_ txet")
    assert "&lt;script&gt;" in post.html
    assert len(post.text.encode("utf-16-le")) // 2 <= 4096


def test_nothing_is_planned_where_nothing_takes_deliveries(telegram):
    publish()
    assert not DBTaskResult.objects.filter(
        task_path=services.plan_article_job.module_path
    ).exists()


def test_a_lead_picture_is_posted_as_a_photo_with_a_short_caption(telegram, channel):
    publish(
        lead_image=make_image("lead.png", size=(1600, 900)),
        lead_image_alt="A placeholder picture",
        excerpt="word " * 2000,
    )
    run_jobs()
    (call,) = telegram.calls("sendPhoto")
    (upload,) = call.files.values()
    assert upload.size > 0
    (post,) = telegram.posts("@water_news").values()
    assert post.photo
    assert len(post.text.encode("utf-16-le")) // 2 <= 1024
    assert post.text.startswith("Statement on the regional water programme")


def test_a_new_caption_or_picture_edits_the_photo_post(telegram, channel):
    article = publish(
        lead_image=make_image("lead.png", size=(1600, 900)),
        lead_image_alt="A placeholder picture",
    )
    run_jobs()
    save(article, excerpt="A shorter summary.")
    assert len(telegram.calls("editMessageCaption")) == 1
    with worked():
        article.lead_image = make_image("another.png", size=(1200, 800))
        article.save()
    run_jobs()
    (edit,) = telegram.calls("editMessageMedia")
    assert edit.files  # the new picture, uploaded
    (post,) = telegram.posts("@water_news").values()
    assert "A shorter summary." in post.text
    assert len(telegram.calls("sendPhoto")) == 1  # one post, edited


def test_a_picture_added_to_a_text_post_replaces_it(telegram, channel):
    """Telegram cannot turn a text message into a photo: the post is
    replaced, and the channel still shows one."""
    article = publish()
    run_jobs()
    with worked():
        article.lead_image = make_image("lead.png", size=(1600, 900))
        article.lead_image_alt = "A placeholder picture"
        article.save()
    run_jobs()
    assert len(telegram.calls("deleteMessage")) == 1
    assert len(telegram.calls("sendPhoto")) == 1
    assert len(telegram.shown("@water_news")) == 1
