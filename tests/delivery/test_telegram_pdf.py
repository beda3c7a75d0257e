"""A channel that asks for the statement's PDF gets it as the post itself: a
document with the post as its caption, once the documents' job has made the
PDF (never before), its file replaced after a correction and by the notice
after a withdrawal, each sent once; channels that do not ask are unchanged.

The Bot API is a local stand-in (``bot_api``); the worker's turn is
``run_jobs``, or only one kind of job (``only=``) to set the order in which
the planning, the PDF and the send come. The PDFs are real (WeasyPrint), read
back with Poppler where what they say matters.
"""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from articles import services as articles
from delivery import services
from delivery.models import Channel, Delivery, Event
from delivery.sending import send_telegram
from documents import services as documents
from documents.models import ArticleDocument
from tests.delivery.bot_api import CAPTION_LIMIT
from tests.documents.tools import missing_tools, text_of
from tests.factories import make_article, make_image, make_office
from tests.jobs.running import run_jobs

pytestmark = pytest.mark.django_db

TITLE = "Statement on the regional water programme"
REASON = "Issued in error before the meeting."


@pytest.fixture
def pdf_channel(telegram):
    """The English edition's channel, asking for the statements' PDFs."""
    return Channel.objects.create(
        name="Statements", chat="@water_statements", language="en", send_pdf=True
    )


@pytest.fixture
def pdf_tools():
    missing = missing_tools()
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: `make pdftools` installs them")


def publish(**fields):
    """Published and committed; its jobs queued, none run."""
    fields.setdefault("title", TITLE)
    fields.setdefault("excerpt", "The office sets out the programme's next steps.")
    fields.setdefault("body", "<p>The wells of the northern district reopen.</p>")
    fields.setdefault(
        "office", make_office(name_en="Water office", name_ar="مكتب المياه")
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        return make_article(**fields)


def plan():
    run_jobs(only=services.plan_article_job)


def send():
    run_jobs(only=send_telegram)


def make_pdfs():
    run_jobs(only=documents.make_document_job)


def stored_pdf(article):
    document = ArticleDocument.objects.get(article=article)
    with document.file.open("rb") as file:
        return document.file.name, file.read()


def text_of_upload(upload, tmp_path):
    path = tmp_path / upload.filename
    path.write_bytes(upload.content)
    return text_of(path)


def correct(article, note="The wells reopen on Tuesday, not Monday."):
    with TestCase.captureOnCommitCallbacks(execute=True):
        articles.article_correct(article=article, note=note, user=None)


def withdraw(article, reason=REASON):
    with TestCase.captureOnCommitCallbacks(execute=True):
        articles.article_withdraw(article=article, reason=reason, user=None)


def states(channel):
    return list(
        Delivery.objects.filter(channel=channel)
        .order_by("pk")
        .values_list("event", "state")
    )


def test_the_post_is_the_pdf_once_made_and_never_before(
    telegram, pdf_channel, pdf_tools, tmp_path
):
    article = publish()
    plan()
    send()

    assert telegram.requests == []
    assert states(pdf_channel) == [("article.published", Delivery.State.WAITING)]

    run_jobs()  # the PDF is made, and the channel's post planned and sent

    (call,) = telegram.calls("sendDocument")
    assert call.content_type == "multipart/form-data"
    assert call.params["parse_mode"] == "HTML"
    upload = call.files["document"]
    name, content = stored_pdf(article)
    assert upload.content == content
    assert (upload.filename, upload.content_type) == (
        f"{article.slug}.pdf",
        "application/pdf",
    )
    assert TITLE in text_of_upload(upload, tmp_path)
    (post,) = telegram.posts("@water_statements").values()
    assert post.document == f"{article.slug}.pdf"
    assert post.text.startswith(TITLE)
    assert f"https://media.example.org/en/article/{article.slug}/" in post.text
    assert len(post.text.encode("utf-16-le")) // 2 <= CAPTION_LIMIT
    assert telegram.calls("sendMessage") == telegram.calls("sendPhoto") == []
    (delivery,) = Delivery.objects.filter(channel=pdf_channel)
    assert (delivery.event, delivery.state) == ("article.published", "sent")
    assert delivery.payload["document"] == name
    assert delivery.remote_id == str(post.message_id)

    # Planned again, its send run again by another worker: nothing more.
    assert services.plan_article(article.pk) == []
    send_telegram.enqueue(delivery.pk)
    run_jobs()
    assert len(telegram.requests) == 1


def test_the_pdf_wins_over_the_lead_picture(telegram, pdf_channel):
    publish(
        lead_image=make_image("lead.png", size=(1600, 900)),
        lead_image_alt="A placeholder picture",
        excerpt="word " * 2000,
    )
    run_jobs()

    (post,) = telegram.posts("@water_statements").values()
    assert post.document and post.photo is None
    assert len(post.text.encode("utf-16-le")) // 2 <= CAPTION_LIMIT
    assert telegram.calls("sendPhoto") == []


def test_a_correction_replaces_the_document_and_its_caption(
    telegram, pdf_channel, pdf_tools, tmp_path
):
    article = publish()
    run_jobs()
    first, _content = stored_pdf(article)

    article.body = "<p>The wells of the northern district reopen on Tuesday.</p>"
    correct(article)
    plan()
    assert states(pdf_channel)[-1] == ("article.updated", Delivery.State.WAITING)
    run_jobs()

    name, content = stored_pdf(article)
    assert name != first
    (edit,) = telegram.calls("editMessageMedia")
    assert edit.params["message_id"] == "1"
    assert '"type": "document"' in edit.params["media"]
    assert edit.files["document"].content == content
    text = text_of_upload(edit.files["document"], tmp_path)
    assert "Corrected on" in text
    assert "The wells reopen on Tuesday, not Monday." in text
    (post,) = telegram.posts("@water_statements").values()
    assert "Corrected on" in post.text
    assert post.edits == 1
    assert post.document == f"{article.slug}.pdf"
    assert len(telegram.calls("sendDocument")) == 1
    assert states(pdf_channel) == [
        ("article.published", Delivery.State.SENT),
        ("article.updated", Delivery.State.SENT),
    ]


def test_a_withdrawal_edits_the_post_at_once_and_its_pdf_becomes_the_notice(
    telegram, pdf_channel, pdf_tools, tmp_path
):
    article = publish()
    run_jobs()

    withdraw(article)
    plan()
    send()  # the notice does not wait for its PDF
    (post,) = telegram.posts("@water_statements").values()
    assert f"Reason: {REASON}" in post.text
    assert telegram.calls("editMessageMedia") == []

    run_jobs()  # the notice's PDF is made: the post's file becomes it
    (edit,) = telegram.calls("editMessageMedia")
    notice = text_of_upload(edit.files["document"], tmp_path)
    assert "Withdrawn on" in notice
    assert "The wells of the northern district" not in notice
    (post,) = telegram.posts("@water_statements").values()
    assert f"Reason: {REASON}" in post.text
    assert not post.deleted
    assert post.edits == 2
    assert telegram.calls("deleteMessage") == telegram.calls("sendDocument")[1:] == []
    assert states(pdf_channel) == [
        ("article.published", Delivery.State.SENT),
        ("article.withdrawn", Delivery.State.SENT),
        ("article.withdrawn", Delivery.State.SENT),
    ]
    assert services.plan_article(article.pk) == []


def test_a_statement_withdrawn_before_its_pdf_was_made_is_never_posted(
    telegram, pdf_channel
):
    article = publish()
    plan()
    withdraw(article)
    run_jobs()

    assert telegram.requests == []
    assert not Delivery.objects.filter(channel=pdf_channel).exists()


def test_channels_not_asking_for_the_pdf_do_not_wait_for_it(
    telegram, pdf_channel, channel
):
    publish()
    plan()
    send()

    (post,) = telegram.posts("@water_news").values()
    assert post.document is None
    assert "document" not in Delivery.objects.get(channel=channel).payload
    assert telegram.posts("@water_statements") == {}
    run_jobs()
    assert len(telegram.calls("sendMessage")) == len(telegram.calls("sendDocument"))


def test_an_error_on_the_upload_is_tried_again(telegram, pdf_channel):
    telegram.answer_next(502, description="Bad Gateway", method="sendDocument")
    publish()
    run_jobs()

    delivery = Delivery.objects.get(channel=pdf_channel)
    assert (delivery.state, delivery.tries) == (Delivery.State.PENDING, 1)
    assert "Bad Gateway" in delivery.last_error
    assert telegram.posts("@water_statements") == {}
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    with freeze_time(retry.run_after + datetime.timedelta(seconds=1)):
        run_jobs()

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert len(telegram.calls("sendDocument")) == 2
    assert len(telegram.shown("@water_statements")) == 1


def test_a_pdf_replaced_before_its_post_went_out_waits_for_the_newer_one(
    telegram, pdf_channel
):
    article = publish()
    make_pdfs()
    plan()  # the post, with this PDF, is planned: not sent yet
    correct(article)
    make_pdfs()  # the newer PDF, and the first one's file deleted
    send()  # the first post's PDF is gone: it waits
    assert telegram.requests == []

    run_jobs()
    with freeze_time(timezone.now() + datetime.timedelta(minutes=1)):
        run_jobs()

    (call,) = telegram.calls("sendDocument")
    assert call.files["document"].content == stored_pdf(article)[1]
    assert [state for _event, state in states(pdf_channel)] == [
        Delivery.State.SUPERSEDED,
        Delivery.State.SENT,
    ]


def test_switched_on_a_photo_post_becomes_the_pdf_and_a_text_post_stays_text(
    telegram, channel
):
    pictured = publish(
        lead_image=make_image("lead.png", size=(1600, 900)),
        lead_image_alt="A placeholder picture",
    )
    text = publish(title="A statement posted as text")
    run_jobs()
    channel.send_pdf = True
    channel.save()

    correct(pictured)
    correct(text)
    run_jobs()

    photo, plain = telegram.posts("@water_news").values()
    assert (photo.document, photo.photo) == (f"{pictured.slug}.pdf", None)
    (edit,) = telegram.calls("editMessageMedia")
    assert '"type": "document"' in edit.params["media"]
    assert "Corrected on" in photo.text
    assert plain.document is None
    assert plain.text.startswith("A statement posted as text")
    assert "Corrected on" in plain.text
    assert len(telegram.calls("editMessageText")) == 1
    assert telegram.calls("deleteMessage") == telegram.calls("sendDocument") == []


def test_switched_off_a_pdf_post_keeps_its_pdf_current(telegram, pdf_channel):
    article = publish()
    run_jobs()
    pdf_channel.send_pdf = False
    pdf_channel.save()

    correct(article)
    run_jobs()

    (edit,) = telegram.calls("editMessageMedia")
    assert edit.files["document"].content == stored_pdf(article)[1]
    (post,) = telegram.posts("@water_statements").values()
    assert post.document and "Corrected on" in post.text
    later = publish(title="A later statement")
    run_jobs()
    assert telegram.posts("@water_statements")[2].document is None
    assert (
        Delivery.objects.filter(article=later, channel=pdf_channel)
        .get()
        .payload["text"]
        .startswith("<b>A later statement</b>")
    )


def test_an_arabic_statements_pdf_keeps_its_arabic_name(telegram):
    Channel.objects.create(
        name="بيانات", chat="@water_statements_ar", language="ar", send_pdf=True
    )
    article = publish(
        title="بيان حول برنامج المياه الإقليمي",
        excerpt="يعرض المكتب الخطوات التالية.",
        body="<p>تفتح الآبار يوم الإثنين.</p>",
        language="ar",
    )
    run_jobs()

    (call,) = telegram.calls("sendDocument")
    assert call.files["document"].filename == f"{article.slug}.pdf"
    assert not article.slug.isascii()
    (post,) = telegram.posts("@water_statements_ar").values()
    assert post.text.startswith("\u200fبيان حول برنامج المياه الإقليمي")


def test_a_planner_that_looked_before_the_pdf_was_made_leaves_nothing_waiting(
    telegram, pdf_channel
):
    """Two workers: one planned before the PDF was made and records its wait
    after the other, which found the PDF, planned the post."""
    article = publish()
    run_jobs()
    assert Delivery.objects.get(channel=pdf_channel).state == Delivery.State.SENT

    late = services._wait(None, Event.PUBLISHED, pdf_channel, article)

    assert late == []
    assert states(pdf_channel) == [("article.published", Delivery.State.SENT)]
    assert len(telegram.requests) == 1


def test_a_post_waiting_for_a_newer_pdf_does_not_hold_back_the_one_planned(
    telegram, pdf_channel
):
    """The newer PDF may never come: what was planned with the older goes
    out, and the newer replaces it when made."""
    article = publish()
    make_pdfs()
    plan()
    first = stored_pdf(article)[1]
    correct(article)
    plan()  # the correction waits for its PDF
    send()

    (call,) = telegram.calls("sendDocument")
    assert call.files["document"].content == first
    run_jobs()
    (edit,) = telegram.calls("editMessageMedia")
    assert edit.files["document"].content == stored_pdf(article)[1] != first
    assert states(pdf_channel) == [
        ("article.published", Delivery.State.SENT),
        ("article.updated", Delivery.State.SENT),
    ]
