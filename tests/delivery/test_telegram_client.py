"""The Bot API client (delivery.telegram) against a stand-in for Telegram on
127.0.0.1 (tests/delivery/bot_api.py): what each method sends, what it returns
and which error each failure becomes."""

import json
import logging
import pickle
import socket
import time

import pytest

from delivery.telegram import (
    BadRequest,
    BotAPI,
    Forbidden,
    RetryAfter,
    TelegramError,
    Unavailable,
    Upload,
)
from delivery.telegram_text import CAPTION_LIMIT, RLM, compose

CHANNEL = -1001234567890
TITLE = "Statement on the regional water programme"
HTML = f"<b>{TITLE}</b>\nThe office welcomes the second phase."
JPEG = b"\xff\xd8\xff\xe0" + bytes(2048)
PDF = b"%PDF-1.7\n" + bytes(2048) + b"\n%%EOF\n"


@pytest.fixture
def bot(bot_api):
    return BotAPI(bot_api.token, api_url=bot_api.url, timeout=3)


def test_get_me_answers_the_bot(bot, bot_api):
    assert bot.get_me()["username"] == "statements_test_bot"
    (request,) = bot_api.requests
    assert (request.method, request.token) == ("getMe", bot_api.token)


def test_send_message_posts_html_to_the_channel(bot, bot_api):
    first = bot.send_message(CHANNEL, HTML)
    second = bot.send_message(CHANNEL, "<b>Second</b>", link_preview=False)
    assert (first["message_id"], second["message_id"]) == (1, 2)
    assert first["chat"]["id"] == CHANNEL
    assert first["text"] == f"{TITLE}\nThe office welcomes the second phase."
    one, two = bot_api.calls("sendMessage")
    assert one.content_type == "application/json"
    assert one.params == {
        "chat_id": CHANNEL,
        "text": HTML,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": False},
    }
    assert two.params["link_preview_options"] == {"is_disabled": True}
    assert bot_api.shown(CHANNEL) == {1: first["text"], 2: "Second"}


def test_send_photo_by_url(bot, bot_api):
    message = bot.send_photo("@statements", "https://example.org/water.jpg", HTML)
    assert message["caption"].startswith(TITLE)
    (request,) = bot_api.calls("sendPhoto")
    assert request.params == {
        "chat_id": "@statements",
        "photo": "https://example.org/water.jpg",
        "caption": HTML,
        "parse_mode": "HTML",
    }
    assert bot_api.posts("@statements")[1].photo == "https://example.org/water.jpg"


def test_send_photo_uploads_bytes_as_multipart(bot, bot_api):
    message = bot.send_photo(CHANNEL, Upload(JPEG, "water programme.jpg"), HTML)
    assert message["photo"]
    (request,) = bot_api.calls("sendPhoto")
    assert request.content_type == "multipart/form-data"
    assert request.params == {
        "chat_id": str(CHANNEL),
        "caption": HTML,
        "parse_mode": "HTML",
    }
    upload = request.files["photo"]
    assert (upload.filename, upload.content_type, upload.size) == (
        "water_programme.jpg",
        "image/jpeg",
        len(JPEG),
    )
    assert upload.content == JPEG
    assert bot_api.shown(CHANNEL) == {1: message["caption"]}


def test_edit_message_text_changes_what_the_channel_shows(bot, bot_api):
    bot.send_message(CHANNEL, HTML)
    edited = bot.edit_message_text(CHANNEL, 1, "<b>Corrected</b> statement")
    assert edited["text"] == "Corrected statement"
    assert "edit_date" in edited
    (request,) = bot_api.calls("editMessageText")
    assert request.params["message_id"] == 1
    assert request.params["chat_id"] == CHANNEL
    assert request.params["parse_mode"] == "HTML"
    assert bot_api.shown(CHANNEL) == {1: "Corrected statement"}


def test_edit_message_caption(bot, bot_api):
    bot.send_photo(CHANNEL, "https://example.org/water.jpg", HTML)
    bot.edit_message_caption(CHANNEL, 1, "<b>New</b> caption &amp; more")
    (request,) = bot_api.calls("editMessageCaption")
    assert request.params == {
        "chat_id": CHANNEL,
        "message_id": 1,
        "caption": "<b>New</b> caption &amp; more",
        "parse_mode": "HTML",
    }
    assert bot_api.shown(CHANNEL) == {1: "New caption & more"}


def test_edit_message_media_by_url(bot, bot_api):
    bot.send_photo(CHANNEL, "https://example.org/old.jpg", HTML)
    bot.edit_message_media(CHANNEL, 1, "https://example.org/new.jpg", "<b>New</b>")
    (request,) = bot_api.calls("editMessageMedia")
    assert request.params["media"] == {
        "type": "photo",
        "media": "https://example.org/new.jpg",
        "caption": "<b>New</b>",
        "parse_mode": "HTML",
    }
    post = bot_api.posts(CHANNEL)[1]
    assert (post.photo, post.text) == ("https://example.org/new.jpg", "New")


def test_edit_message_media_uploads_the_new_photo(bot, bot_api):
    bot.send_photo(CHANNEL, Upload(JPEG, "old.jpg"), HTML)
    bot.edit_message_media(CHANNEL, 1, Upload(b"\x89PNG", "new.png"), HTML)
    (request,) = bot_api.calls("editMessageMedia")
    assert request.content_type == "multipart/form-data"
    assert json.loads(request.params["media"]) == {
        "type": "photo",
        "media": "attach://photo",
        "caption": HTML,
        "parse_mode": "HTML",
    }
    assert request.params["message_id"] == "1"
    assert request.files["photo"].content_type == "image/png"
    assert bot_api.posts(CHANNEL)[1].photo == "new.png"


def test_send_document_uploads_the_pdf_under_the_name_readers_see(bot, bot_api):
    message = bot.send_document(
        CHANNEL, Upload(PDF, "بيان-حول-برنامج-المياه.pdf"), HTML
    )
    assert message["document"]["file_name"] == "بيان-حول-برنامج-المياه.pdf"
    assert message["caption"].startswith(TITLE)
    (request,) = bot_api.calls("sendDocument")
    assert request.content_type == "multipart/form-data"
    assert request.params == {
        "chat_id": str(CHANNEL),
        "caption": HTML,
        "parse_mode": "HTML",
    }
    upload = request.files["document"]
    assert (upload.filename, upload.content_type, upload.content) == (
        "بيان-حول-برنامج-المياه.pdf",
        "application/pdf",
        PDF,
    )


def test_a_documents_name_keeps_nothing_that_could_break_its_header(bot, bot_api):
    bot.send_document(CHANNEL, Upload(PDF, '../a "quoted"\r\nname\u202e.pdf'), HTML)
    (request,) = bot_api.calls("sendDocument")
    assert request.files["document"].filename == "a__quoted___name_.pdf"


def test_a_document_caption_is_a_caption_not_a_text(bot, bot_api):
    bot.send_document(CHANNEL, Upload(PDF, "statement.pdf"), HTML)
    with pytest.raises(BadRequest) as error:
        bot.edit_message_text(CHANNEL, 1, "<b>New</b>")
    assert "no text in the message" in error.value.description
    bot.edit_message_caption(CHANNEL, 1, "<b>New</b> caption")
    assert bot_api.shown(CHANNEL) == {1: "New caption"}


def test_edit_message_media_replaces_a_document_or_makes_a_photo_one(bot, bot_api):
    bot.send_document(CHANNEL, Upload(PDF, "statement.pdf"), HTML)
    bot.send_photo(CHANNEL, Upload(JPEG, "water.jpg"), HTML)
    newer = PDF + b"% corrected\n"
    for message_id in (1, 2):
        bot.edit_message_media(
            CHANNEL,
            message_id,
            Upload(newer, "statement.pdf"),
            "<b>Corrected</b>",
            kind="document",
        )

    first, second = bot_api.calls("editMessageMedia")
    assert json.loads(first.params["media"]) == {
        "type": "document",
        "media": "attach://document",
        "caption": "<b>Corrected</b>",
        "parse_mode": "HTML",
    }
    assert first.files["document"].content == newer
    for post in bot_api.posts(CHANNEL).values():
        assert (post.document, post.photo, post.text) == (
            "statement.pdf",
            None,
            "Corrected",
        )
        assert post.upload.content == newer


def test_a_text_message_has_no_media_to_edit(bot, bot_api):
    bot.send_message(CHANNEL, HTML)
    with pytest.raises(BadRequest) as error:
        bot.edit_message_media(
            CHANNEL, 1, Upload(PDF, "statement.pdf"), HTML, kind="document"
        )
    assert "no media in the message" in error.value.description


def test_an_empty_document_is_refused(bot, bot_api):
    with pytest.raises(BadRequest) as error:
        bot.send_document(CHANNEL, Upload(b"", "statement.pdf"), HTML)
    assert error.value.description == "Bad Request: file must be non-empty"


def test_delete_message(bot, bot_api):
    bot.send_message(CHANNEL, "<b>One</b>")
    bot.send_message(CHANNEL, "<b>Two</b>")
    assert bot.delete_message(CHANNEL, 1) is True
    assert bot_api.shown(CHANNEL) == {2: "Two"}
    assert bot_api.posts(CHANNEL)[1].deleted
    assert bot_api.calls("deleteMessage")[0].params == {
        "chat_id": CHANNEL,
        "message_id": 1,
    }
    with pytest.raises(BadRequest) as error:
        bot.delete_message(CHANNEL, 1)
    assert error.value.description == "Bad Request: message to delete not found"
    assert error.value.message_not_found and not error.value.not_modified


def test_an_edit_that_changes_nothing_is_recognisable(bot, bot_api):
    bot.send_message(CHANNEL, HTML)
    with pytest.raises(BadRequest) as error:
        bot.edit_message_text(CHANNEL, 1, HTML)
    assert error.value.not_modified
    assert error.value.status == 400
    assert error.value.description.startswith("Bad Request: message is not modified")


def test_too_many_requests_says_when_to_retry(bot, bot_api):
    bot_api.answer_next(429, retry_after=7)
    with pytest.raises(RetryAfter) as error:
        bot.send_message(CHANNEL, HTML)
    assert error.value.seconds == 7
    assert error.value.description == "Too Many Requests: retry after 7"
    assert bot_api.shown(CHANNEL) == {}
    assert bot.send_message(CHANNEL, HTML)["message_id"] == 1


def test_a_bot_kicked_from_the_channel_is_forbidden(bot, bot_api):
    bot_api.answer_next(403)
    with pytest.raises(Forbidden) as error:
        bot.send_message(CHANNEL, HTML)
    assert error.value.description == "Forbidden: bot was kicked from the channel chat"
    assert error.value.status == 403


def test_a_wrong_token_is_forbidden(bot_api):
    bot = BotAPI("987654321:AAWrongTokenWrongToken", api_url=bot_api.url)
    with pytest.raises(Forbidden) as error:
        bot.get_me()
    assert (error.value.status, error.value.description) == (401, "Unauthorized")


def test_a_bad_request_keeps_telegram_s_description(bot, bot_api):
    bot_api.answer_next(400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest) as error:
        bot.send_message(CHANNEL, HTML)
    assert error.value.description == "Bad Request: chat not found"
    assert not error.value.not_modified and not error.value.message_not_found
    assert str(error.value) == "sendMessage: Bad Request: chat not found"


def test_markup_telegram_cannot_parse_is_a_bad_request(bot):
    with pytest.raises(BadRequest, match="can't parse entities"):
        bot.send_message(CHANNEL, "<script>alert(1)</script>")


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 500},
        {"status": 502, "body": b"<html><h1>502 Bad Gateway</h1></html>"},
        {"status": 200, "body": b"<html>captive portal</html>"},
        {"status": 200, "body": b'{"result": true}'},
    ],
)
def test_failures_and_answers_not_from_the_bot_api_are_unavailable(
    bot, bot_api, answer
):
    bot_api.answer_next(**answer)
    with pytest.raises(Unavailable):
        bot.send_message(CHANNEL, HTML)


def test_no_answer_in_time_is_unavailable(bot_api):
    bot = BotAPI(bot_api.token, api_url=bot_api.url, timeout=0.3)
    bot_api.answer_next(delay=5)
    started = time.monotonic()
    with pytest.raises(Unavailable, match="no answer within"):
        bot.send_message(CHANNEL, HTML)
    assert time.monotonic() - started < 2


def test_a_refused_connection_is_unavailable():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    bot = BotAPI("123:secret-token", api_url=f"http://127.0.0.1:{port}")
    with pytest.raises(Unavailable) as error:
        bot.get_me()
    assert "secret-token" not in str(error.value)
    assert f"http://127.0.0.1:{port}/bot***/getMe" in str(error.value)


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 429, "retry_after": 3},
        {"status": 403},
        {"status": 400, "description": "Bad Request: chat not found"},
        {"status": 500},
        {"status": 200, "body": b"not json"},
        {"delay": 5},
    ],
)
def test_the_token_never_shows(bot_api, caplog, answer):
    bot = BotAPI(bot_api.token, api_url=bot_api.url, timeout=0.3)
    bot_api.answer_next(**answer)
    caplog.set_level(logging.DEBUG, logger="delivery.telegram")
    with pytest.raises(TelegramError) as error:
        bot.send_message(CHANNEL, HTML)
    shown = [str(error.value), repr(error.value), error.value.description, repr(bot)]
    assert not [text for text in shown if bot_api.token in text]
    assert bot_api.token not in caplog.text


def test_a_description_repeating_the_token_is_masked(bot, bot_api):
    bot_api.answer_next(400, description=f"Bad Request: token {bot_api.token}")
    with pytest.raises(BadRequest) as error:
        bot.get_me()
    assert bot_api.token not in str(error.value)
    assert error.value.description == "Bad Request: token ***"


def test_a_huge_arabic_statement_is_accepted_as_a_caption(bot, bot_api):
    caption = compose(
        title="بيان حول برنامج المياه الإقليمي <b>&amp;</b> 💧",
        date_line="الأحد، 19 جمادى الأولى 1445 | 2023/12/03",
        reference="مكتب الإعلام — رقم 12/1448",
        excerpt="يرحب المكتب بالمرحلة الثانية من البرنامج. " * 3000,
        url="https://example.org/ar/statements/1448-12/",
        language="ar",
        limit=CAPTION_LIMIT,
    )
    message = bot.send_photo(CHANNEL, Upload(JPEG, "water.jpg"), caption)
    shown = message["caption"]
    assert shown.startswith(f"{RLM}بيان حول برنامج المياه الإقليمي <b>&amp;</b> 💧\n")
    assert shown.endswith(f"{RLM}https://example.org/ar/statements/1448-12/")
    assert len(shown.encode("utf-16-le")) // 2 <= CAPTION_LIMIT


def test_errors_survive_pickling(bot, bot_api):
    bot_api.answer_next(429, retry_after=11)
    with pytest.raises(RetryAfter) as error:
        bot.get_me()
    copy = pickle.loads(pickle.dumps(error.value))
    assert type(copy) is RetryAfter
    assert (copy.seconds, copy.status, str(copy)) == (11, 429, str(error.value))
