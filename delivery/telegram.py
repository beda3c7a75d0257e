"""A small client for Telegram's Bot API, on the standard library alone.

``BotAPI`` posts, edits and deletes a channel's messages, photos and documents
(a statement's PDF). Every call is one HTTPS request to
``{api_url}/bot{token}/{method}``, with a connect timeout and a deadline for
the whole exchange, and returns Telegram's ``result``. Whatever goes wrong
raises a ``TelegramError`` whose class tells the caller what to do about it:

- ``RetryAfter``: Telegram asks us to slow down; try again in ``seconds``.
- ``Forbidden``: the token was revoked or the bot is no longer in the channel;
  nothing will work until an administrator acts.
- ``BadRequest``: Telegram refused this request (``description`` says why);
  ``not_modified`` marks an edit that changed nothing, a success for us.
- ``Unavailable``: Telegram could not be reached or answered something that is
  not the Bot API (5xx, timeouts, refused connections): try again later.

The token is a password: it never appears in an error, a log line or a repr.
"""

import http.client
import json
import logging
import mimetypes
import re
import secrets
import ssl
import time
import urllib.parse
from dataclasses import dataclass

logger = logging.getLogger(__name__)

API_URL = "https://api.telegram.org"
ANSWER_AT_MOST = 1024 * 1024  # bytes; Bot API answers are a few kilobytes


class TelegramError(Exception):
    """A Bot API call that failed; ``description`` is Telegram's own words (or
    what went wrong on the way), ``method`` the Bot API method called."""

    def __init__(self, description, *, method="", status=None, parameters=None):
        self.description = description
        self.method = method
        self.status = status
        self.parameters = parameters or {}
        super().__init__(f"{method}: {description}" if method else description)

    def __reduce__(self):
        # Picklable (for a task queue) although subclasses take other arguments.
        return _rebuild, (type(self), self.args, self.__dict__)


def _rebuild(cls, args, state):
    error = Exception.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class RetryAfter(TelegramError):
    """Too many requests (429): the same call may be made again in ``seconds``."""

    def __init__(self, seconds, description, **kwargs):
        self.seconds = seconds
        super().__init__(description, **kwargs)


class Forbidden(TelegramError):
    """The bot may not do this (401, 403, or 404 for a token Telegram does not
    know): revoked token, bot removed from the channel or lacking rights."""


class BadRequest(TelegramError):
    """Telegram refused the request (400); ``description`` says why."""

    @property
    def not_modified(self):
        """An edit that would leave the message as it is."""
        return "message is not modified" in self.description.lower()

    @property
    def message_not_found(self):
        """The message to edit or delete is not there (any more)."""
        return bool(re.search(r"message to \w+ not found", self.description, re.I))


class Unavailable(TelegramError):
    """Telegram could not be reached, did not answer in time, failed (5xx) or
    answered something that is not the Bot API: worth trying again later."""


@dataclass(frozen=True)
class Upload:
    """A file to upload: its bytes, its name and (else guessed from the name)
    its media type."""

    content: bytes
    filename: str = "photo.jpg"
    content_type: str = ""

    def __repr__(self):
        return f"Upload({self.filename!r}, {len(self.content)} bytes)"


class BotAPI:
    """One bot, by its token. ``photo``, ``document`` and ``media`` arguments
    are a URL (or a file_id Telegram gave) as a string, or an ``Upload``."""

    def __init__(self, token, *, api_url=API_URL, connect_timeout=5.0, timeout=10.0):
        self._token = token
        self.api_url = api_url.rstrip("/")
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        parts = urllib.parse.urlsplit(self.api_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) address: {api_url!r}")
        self._parts = parts
        self._tls = ssl.create_default_context() if parts.scheme == "https" else None

    def __repr__(self):
        return f"<BotAPI {self.api_url}>"

    # Methods ---------------------------------------------------------------

    def get_me(self):
        """The bot itself (a User): a cheap check that the token works."""
        return self.call("getMe")

    def send_message(self, chat_id, html, *, link_preview=True):
        """Posts ``html`` (Telegram HTML) to ``chat_id``; returns the Message.
        With ``link_preview`` Telegram shows a card for the link in the text."""
        return self.call(
            "sendMessage",
            chat_id=chat_id,
            text=html,
            parse_mode="HTML",
            link_preview_options={"is_disabled": not link_preview},
        )

    def send_photo(self, chat_id, photo, caption_html=""):
        """Posts a photo with its caption; returns the Message."""
        return self.call(
            "sendPhoto", chat_id=chat_id, photo=photo, **_caption(caption_html)
        )

    def send_document(self, chat_id, document, caption_html=""):
        """Posts a file (a statement's PDF) with its caption, under the
        ``Upload``'s name, which readers see; returns the Message."""
        return self.call(
            "sendDocument", chat_id=chat_id, document=document, **_caption(caption_html)
        )

    def edit_message_text(self, chat_id, message_id, html, *, link_preview=True):
        """Replaces a text message's text; returns the edited Message."""
        return self.call(
            "editMessageText",
            chat_id=chat_id,
            message_id=message_id,
            text=html,
            parse_mode="HTML",
            link_preview_options={"is_disabled": not link_preview},
        )

    def edit_message_caption(self, chat_id, message_id, caption_html):
        """Replaces a photo's caption; returns the edited Message."""
        return self.call(
            "editMessageCaption",
            chat_id=chat_id,
            message_id=message_id,
            **_caption(caption_html),
        )

    def edit_message_media(
        self, chat_id, message_id, media, caption_html="", *, kind="photo"
    ):
        """Replaces a photo's or a document's file (and its caption) by
        ``media``, a ``kind`` ("photo" or "document"): a photo may become a
        document and back, a text message neither. Returns the edited Message."""
        described = {"type": kind, "media": media, **_caption(caption_html)}
        if isinstance(media, Upload):
            described["media"] = f"attach://{kind}"
            return self.call(
                "editMessageMedia",
                chat_id=chat_id,
                message_id=message_id,
                media=described,
                **{kind: media},
            )
        return self.call(
            "editMessageMedia", chat_id=chat_id, message_id=message_id, media=described
        )

    def delete_message(self, chat_id, message_id):
        """Deletes a message; returns True."""
        return self.call("deleteMessage", chat_id=chat_id, message_id=message_id)

    # Transport -------------------------------------------------------------

    def call(self, method, **params):
        """Calls a Bot API method and returns its ``result``. Parameters that
        are ``Upload``s are sent as multipart/form-data, the rest as JSON."""
        params = {name: value for name, value in params.items() if value is not None}
        if any(isinstance(value, Upload) for value in params.values()):
            body, content_type = _multipart(params)
        else:
            body, content_type = json.dumps(params).encode(), "application/json"
        logger.debug("Telegram %s (%d bytes)", method, len(body))
        status, answer = self._post(method, body, content_type)
        return _result(method, status, answer, self._token)

    def _post(self, method, body, content_type):
        """Sends one request; returns the HTTP status and the answer's bytes."""
        deadline = time.monotonic() + self.timeout
        parts = self._parts
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname,
                parts.port,
                timeout=min(self.connect_timeout, self.timeout),
                context=self._tls,
            )
        else:
            connection = http.client.HTTPConnection(
                parts.hostname,
                parts.port,
                timeout=min(self.connect_timeout, self.timeout),
            )
        path = f"{parts.path}/bot{self._token}/{method}"
        try:
            connection.connect()
            sock = connection.sock  # the response reads it after a close()
            _remaining(sock, deadline)
            connection.request(
                "POST",
                path,
                body=body,
                headers={"Content-Type": content_type, "Accept": "application/json"},
            )
            _remaining(sock, deadline)
            response = connection.getresponse()
            answer = b""
            while True:
                _remaining(sock, deadline)
                chunk = response.read1(65536)
                if not chunk:
                    return response.status, answer
                answer += chunk
                if len(answer) > ANSWER_AT_MOST:
                    raise Unavailable("answer too long", method=method)
        except TimeoutError:
            raise Unavailable(
                f"no answer within {self.timeout:g} s from {self._masked(method)}",
                method=method,
            ) from None
        except (OSError, http.client.HTTPException) as error:
            raise Unavailable(
                f"{type(error).__name__} on {self._masked(method)}: "
                f"{str(error).replace(self._token, '***')}",
                method=method,
            ) from None
        finally:
            connection.close()

    def _masked(self, method):
        return f"{self.api_url}/bot***/{method}"


def _remaining(sock, deadline):
    """Gives the socket what is left of the deadline, or times out."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    sock.settimeout(left)


def _caption(caption_html):
    return {"caption": caption_html, "parse_mode": "HTML"} if caption_html else {}


def _result(method, status, answer, token):
    """Telegram's ``result``, or the error its answer stands for."""
    try:
        data = json.loads(answer)
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("ok"), bool):
        raise Unavailable(f"HTTP {status}, not a Bot API answer", method=method)
    if data["ok"]:
        if "result" not in data:
            raise Unavailable(f"HTTP {status}, an answer without result", method=method)
        return data["result"]
    code = data.get("error_code") if isinstance(data.get("error_code"), int) else status
    description = str(data.get("description") or f"HTTP {code}")
    if token:
        description = description.replace(token, "***")
    parameters = (
        data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
    )
    details = {"method": method, "status": code, "parameters": parameters}
    if code == 429:
        seconds = parameters.get("retry_after")
        if not isinstance(seconds, int | float):
            found = re.search(r"retry after (\d+)", description, re.I)
            seconds = int(found.group(1)) if found else 1
        raise RetryAfter(seconds, description, **details)
    if code in (401, 403, 404):
        raise Forbidden(description, **details)
    if 400 <= code < 500:
        raise BadRequest(description, **details)
    raise Unavailable(description, **details)


def _multipart(params):
    """``params`` as multipart/form-data: ``Upload``s as files, objects as
    JSON, the rest as text."""
    boundary = f"----statement{secrets.token_hex(16)}"
    body = []
    for name, value in params.items():
        if isinstance(value, Upload):
            filename = _safe_filename(value.filename)
            content_type = (
                value.content_type
                or mimetypes.guess_type(filename)[0]
                or "application/octet-stream"
            )
            head = (
                f'Content-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}'
            )
            content = value.content
        else:
            head = f'Content-Disposition: form-data; name="{name}"'
            text = value if isinstance(value, str) else json.dumps(value)
            content = text.encode(errors="replace")
        body += [f"--{boundary}\r\n{head}\r\n\r\n".encode(), content, b"\r\n"]
    body.append(f"--{boundary}--\r\n".encode())
    return b"".join(body), f"multipart/form-data; boundary={boundary}"


def _safe_filename(filename):
    """The file's own name in letters and digits of any script (UTF-8, as
    RFC 7578 sends it: readers see a document's name, an Arabic one too),
    dots, dashes and underscores: nothing that could break the header."""
    name = re.split(r"[/\\]", filename or "")[-1]
    name = re.sub(r"[^\w.-]", "_", name).strip("._")
    return name or "photo.jpg"
