"""Telegram's Bot API on this machine, for the tests: a real HTTP server on
127.0.0.1 that answers ``/bot<token>/<method>`` like Telegram does.

It records every request in order (``requests``), keeps the posts it
"published" per chat (``posts(chat_id)``, ``shown(chat_id)``; a document's
file as uploaded, ``Post.upload``), checks texts as
Telegram would (HTML entities, length after parsing) and, on demand, answers
the next calls with an error or after a delay (``answer_next``).
"""

import json
import re
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "123456789:AAF-test-token_for-the-stand-in"
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
# Telegram's HTML subset (https://core.telegram.org/bots/api#html-style).
TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
    "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote",
}  # fmt: skip
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and "
    "reply markup are exactly the same as a current content and reply markup "
    "of the message"
)
DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was kicked from the channel chat",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class ReceivedFile:
    """A file received in a multipart request."""

    field: str
    filename: str
    content_type: str
    size: int
    content: bytes = field(repr=False)


@dataclass
class Request:
    """One request as received: ``params`` from the query, JSON, form or
    multipart body (multipart and form values are strings, as sent)."""

    method: str
    token: str
    params: dict
    files: dict
    content_type: str


@dataclass
class Post:
    """A message the stand-in published: ``text`` is the text or caption as
    Telegram would show it, ``html`` as it was sent."""

    message_id: int
    chat_id: str
    text: str
    html: str
    photo: str | None = None  # a photo's URL or uploaded file's name
    document: str | None = None  # a document's file name (as readers see it)
    upload: "ReceivedFile | None" = field(default=None, repr=False)
    deleted: bool = False
    edits: int = 0
    date: int = field(default_factory=lambda: int(time.time()))


@dataclass
class Answer:
    """An answer queued for the next call (of ``method``, if given)."""

    status: int | None = None
    description: str | None = None
    retry_after: int | None = None
    delay: float = 0.0
    body: bytes | None = None
    method: str | None = None


class Refused(Exception):
    def __init__(self, description, status=400):
        super().__init__(description)
        self.status = status
        self.description = description


class BotAPIServer:
    """The stand-in, listening on ``url`` for the bot with ``token``."""

    def __init__(self, token=TOKEN):
        self.token = token
        self.requests = []
        self._chats = {}  # chat key -> {message_id: Post}
        self._answers = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.api = self
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()

    def close(self):
        self._closing.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    # For the tests ---------------------------------------------------------

    def answer_next(
        self,
        status=None,
        *,
        description=None,
        retry_after=None,
        delay=0.0,
        body=None,
        method=None,
    ):
        """Queues how the next call (of ``method``, if given) is answered: an
        error ``status`` with Telegram's JSON (``description``, ``retry_after``
        for 429), a raw ``body`` instead of JSON, and/or a ``delay`` in seconds
        first. A delay alone still does the work after waiting, as Telegram
        may do after a client gave up."""
        answer = Answer(status, description, retry_after, delay, body, method)
        with self._lock:
            self._answers.append(answer)

    def posts(self, chat_id):
        """Every post in the chat, deleted or not, by message id."""
        with self._lock:
            return dict(self._chats.get(str(chat_id), {}))

    def shown(self, chat_id):
        """What the channel shows: the text or caption of each post not
        deleted, by message id."""
        return {
            message_id: post.text
            for message_id, post in self.posts(chat_id).items()
            if not post.deleted
        }

    def calls(self, method):
        """The requests made to one Bot API method, in order."""
        return [request for request in self.requests if request.method == method]

    # Serving ---------------------------------------------------------------

    def handle(self, handler):
        """Answers one HTTP request: (status, body bytes, content type)."""
        parts = urllib.parse.urlsplit(handler.path)
        found = re.fullmatch(r"/bot([^/]*)/(\w+)", parts.path)
        if not found:
            return _error(404, "Not Found")
        token, method = found.groups()
        try:
            params, files, content_type = _parameters(handler, parts.query)
        except ValueError as error:
            return _error(400, f"Bad Request: {error}")
        with self._lock:
            self.requests.append(Request(method, token, params, files, content_type))
        if token != self.token:
            return _error(401, "Unauthorized")
        answer = self._next_answer(method)
        if answer and answer.delay:
            self._closing.wait(answer.delay)
        if answer and answer.body is not None:
            return answer.status or 200, answer.body, "text/html"
        if answer and answer.status:
            description = answer.description or DESCRIPTIONS.get(answer.status, "")
            if answer.status == 429:
                seconds = answer.retry_after if answer.retry_after is not None else 5
                description = answer.description or (
                    f"Too Many Requests: retry after {seconds}"
                )
                return _error(429, description, {"retry_after": seconds})
            return _error(answer.status, description)
        work = getattr(self, f"_{_snake(method)}", None)
        if work is None:
            return _error(404, "Not Found")
        try:
            with self._lock:
                result = work(params, files)
        except Refused as refusal:
            return _error(refusal.status, refusal.description)
        return 200, json.dumps({"ok": True, "result": result}).encode(), _JSON

    def _next_answer(self, method):
        with self._lock:
            for answer in self._answers:
                if answer.method in (None, method):
                    self._answers.remove(answer)
                    return answer
        return None

    # Bot API methods -------------------------------------------------------

    def _get_me(self, params, files):
        bot_id = self.token.split(":")[0]
        return {
            "id": int(bot_id) if bot_id.isdigit() else 1,
            "is_bot": True,
            "first_name": "Statements test bot",
            "username": "statements_test_bot",
        }

    def _send_message(self, params, files):
        chat = self._chat(params)
        text, html = _parse(params, "text", MESSAGE_LIMIT)
        return self._publish(chat, Post(len(chat) + 1, _key(params), text, html))

    def _send_photo(self, params, files):
        chat = self._chat(params)
        photo = _photo(params.get("photo"), files)
        text, html = _parse(params, "caption", CAPTION_LIMIT)
        post = Post(len(chat) + 1, _key(params), text, html, photo=photo)
        return self._publish(chat, post)

    def _send_document(self, params, files):
        chat = self._chat(params)
        upload = _document(params.get("document"), files)
        text, html = _parse(params, "caption", CAPTION_LIMIT)
        post = Post(len(chat) + 1, _key(params), text, html)
        post.document, post.upload = _document_name(upload), upload
        return self._publish(chat, post)

    def _edit_message_text(self, params, files):
        post = self._post(params, "edit")
        if _is_media(post):
            raise Refused("Bad Request: there is no text in the message to edit")
        text, html = _parse(params, "text", MESSAGE_LIMIT)
        return self._edit(post, text=text, html=html)

    def _edit_message_caption(self, params, files):
        post = self._post(params, "edit")
        if not _is_media(post):
            raise Refused("Bad Request: there is no caption in the message to edit")
        text, html = _parse(params, "caption", CAPTION_LIMIT)
        return self._edit(post, text=text, html=html)

    def _edit_message_media(self, params, files):
        """A photo or a document, each may become the other (not an album);
        a text message has no media to edit."""
        post = self._post(params, "edit")
        media = _object(params.get("media"))
        kind = media.get("type") if isinstance(media, dict) else None
        if kind not in ("photo", "document"):
            raise Refused("Bad Request: can't parse InputMedia: unsupported type")
        if not _is_media(post):
            raise Refused("Bad Request: there is no media in the message to edit")
        attached = str(media.get("media", ""))
        uploaded = attached.startswith("attach://")  # always a change
        if uploaded and attached.removeprefix("attach://") not in files:
            raise Refused("Bad Request: can't find attached file")
        text, html = _parse(media, "caption", CAPTION_LIMIT)
        if kind == "photo":
            photo = _photo(attached, files)
            new = {"photo": photo, "document": None, "upload": None}
        else:
            upload = _document(attached, files)
            new = {"photo": None, "document": _document_name(upload)}
            new["upload"] = upload if isinstance(upload, ReceivedFile) else None
        return self._edit(post, changed=uploaded, text=text, html=html, **new)

    def _delete_message(self, params, files):
        post = self._post(params, "delete")
        post.deleted = True
        return True

    # State -----------------------------------------------------------------

    def _chat(self, params):
        if params.get("chat_id") in (None, ""):
            raise Refused("Bad Request: chat_id is empty")
        return self._chats.setdefault(_key(params), {})

    def _post(self, params, action):
        chat = self._chat(params)
        try:
            message_id = int(params.get("message_id"))
        except (TypeError, ValueError):
            raise Refused("Bad Request: message identifier is not specified") from None
        post = chat.get(message_id)
        if post is None or post.deleted:
            raise Refused(f"Bad Request: message to {action} not found")
        return post

    def _publish(self, chat, post):
        chat[post.message_id] = post
        return _message(post)

    def _edit(self, post, *, changed=False, **new):
        if not changed and all(getattr(post, k) == v for k, v in new.items()):
            raise Refused(NOT_MODIFIED)
        for name, value in new.items():
            setattr(post, name, value)
        post.edits += 1
        return _message(post, edited=True)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self._answer()

    do_GET = do_POST

    def _answer(self):
        status, body, content_type = self.server.api.handle(self)
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting

    def log_message(self, format, *args):
        pass


class _Entities(HTMLParser):
    """Telegram's reading of a text with ``parse_mode=HTML``: the visible text,
    or ``error`` for markup Telegram would refuse."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.open = []
        self.error = None

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.error = self.error or f'Unsupported start tag "{tag}"'
        elif tag == "a" and not dict(attrs).get("href"):
            self.error = self.error or "Can't find href in the a tag"
        self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.error = self.error or f'Unsupported start tag "{tag}"'

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.error = self.error or f'Unmatched end tag "{tag}"'
        else:
            self.open.pop()

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.error = self.error or "Unsupported comment"

    handle_decl = handle_pi = unknown_decl = handle_comment


def _parse(params, name, limit):
    """The visible text and the HTML of ``params[name]``, checked as Telegram
    checks it (entities, length in UTF-16 code units after parsing)."""
    html = str(params.get(name) or "")
    if params.get("parse_mode") == "HTML":
        entities = _Entities()
        entities.feed(html)
        entities.close()
        if entities.open and not entities.error:
            entities.error = (
                f"Can't find end tag corresponding to start tag {entities.open[-1]}"
            )
        if entities.error:
            raise Refused(f"Bad Request: can't parse entities: {entities.error}")
        text = "".join(entities.text)
    else:
        text = html
    text = text.strip(" \n\t")
    if name == "text" and not text:
        raise Refused("Bad Request: message text is empty")
    if len(text.encode("utf-16-le", "surrogatepass")) // 2 > limit:
        what = "message" if name == "text" else "message caption"
        raise Refused(f"Bad Request: {what} is too long")
    return text, html


def _parameters(handler, query):
    """The request's parameters and files, and how its body was sent."""
    params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    files = {}
    length = int(handler.headers.get("Content-Length") or 0)
    body = handler.rfile.read(length) if length else b""
    content_type = handler.headers.get_content_type() if body else ""
    if content_type == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("JSON object expected")
        params.update(data)
    elif content_type == "application/x-www-form-urlencoded":
        params.update(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
    elif content_type == "multipart/form-data":
        boundary = handler.headers.get_param("boundary")
        if not boundary:
            raise ValueError("multipart without boundary")
        fields, files = _multipart(body, boundary.encode())
        params.update(fields)
    return params, files, content_type


def _multipart(body, boundary):
    fields, files = {}, {}
    for part in body.split(b"--" + boundary)[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode().split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = re.search(r'\bname="([^"]*)"', disposition)
        filename = re.search(r'\bfilename="([^"]*)"', disposition)
        if not name:
            raise ValueError("multipart part without a name")
        if filename:
            files[name.group(1)] = ReceivedFile(
                name.group(1),
                filename.group(1),
                headers.get("content-type", ""),
                len(content),
                content,
            )
        else:
            fields[name.group(1)] = content.decode()
    return fields, files


def _photo(photo, files):
    """The photo sent: a URL or file id, or the name of a file uploaded."""
    if isinstance(photo, str) and photo.startswith("attach://"):
        photo = files.get(photo.removeprefix("attach://"))
    if photo is None and "photo" in files:
        photo = files["photo"]
    if isinstance(photo, ReceivedFile):
        return photo.filename
    if not photo or not isinstance(photo, str):
        raise Refused("Bad Request: there is no photo in the request")
    return photo


def _document(document, files):
    """The document sent: a file uploaded (``attach://`` or its own part),
    or a URL or file id."""
    if isinstance(document, str) and document.startswith("attach://"):
        document = files.get(document.removeprefix("attach://"))
    if document is None and "document" in files:
        document = files["document"]
    if isinstance(document, ReceivedFile):
        if not document.size:
            raise Refused("Bad Request: file must be non-empty")
        return document
    if not document or not isinstance(document, str):
        raise Refused("Bad Request: there is no document in the request")
    return document


def _document_name(document):
    if isinstance(document, ReceivedFile):
        return document.filename
    return document.rsplit("/", 1)[-1]


def _is_media(post):
    return post.photo is not None or post.document is not None


def _message(post, *, edited=False):
    key = post.chat_id
    chat = {"id": int(key) if key.lstrip("-").isdigit() else -1001000000001}
    chat.update(type="channel", title="Statements (test)")
    if key.startswith("@"):
        chat["username"] = key[1:]
    message = {
        "message_id": post.message_id,
        "sender_chat": chat,
        "chat": chat,
        "date": post.date,
    }
    if post.document is not None:
        message["document"] = {
            "file_id": f"document-{post.message_id}-{post.edits}",
            "file_unique_id": f"document-{post.message_id}-{post.edits}",
            "file_name": post.document,
            "mime_type": post.upload.content_type if post.upload else "",
            "file_size": post.upload.size if post.upload else 0,
        }
    elif post.photo is not None:
        message["photo"] = [
            {"file_id": f"photo-{post.message_id}", "width": 1280, "height": 720}
        ]
    else:
        message["text"] = post.text
    if _is_media(post) and post.text:
        message["caption"] = post.text
    if edited:
        message["edit_date"] = int(time.time())
    return message


def _object(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _key(params):
    return str(params.get("chat_id"))


def _snake(method):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", method).lower()


def _error(status, description, parameters=None):
    answer = {"ok": False, "error_code": status, "description": description}
    if parameters:
        answer["parameters"] = parameters
    return status, json.dumps(answer).encode(), _JSON


_JSON = "application/json"
