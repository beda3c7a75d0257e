"""Mail sent so that it never holds a reader's request, and its back-off.

The administrators' mail about a server error (``AdminEmailHandler``, in
``LOGGING``) goes out once the response is sent (``after_response``:
``run_after_response`` is a ``request_finished`` receiver), in the same
worker: not as a job, since the error may be the database that keeps the jobs.
The moderators' mail about new comments is a job (``comments.services``).

Every mail shares one back-off, kept in the shared cache (``core.cache``):
after a failure (a mail server that refuses, or hangs until
``EMAIL_TIMEOUT``), no new mail is tried for ``COMMENTS_MAIL_BACKOFF_SECONDS``,
so a broken mail server costs one wait and one logged error per period, not
one per request.
"""

import logging
import threading
import traceback
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.utils import log

logger = logging.getLogger(__name__)

# What the current request (thread) asked to do once its response is sent.
_pending = threading.local()


def after_response(work):
    """Have ``work()`` done once the current response is sent (once, however
    often the request asks)."""
    pending = getattr(_pending, "work", None)
    if pending is None:
        pending = _pending.work = {}
    pending[work] = None


def run_after_response(**kwargs):
    """``request_finished`` receiver: the work the request asked for."""
    pending = getattr(_pending, "work", None) or {}
    _pending.work = {}
    for work in pending:
        try:
            work()
        except Exception:  # nothing a request asked for may break the next one
            logger.exception("Work after the response failed: %r", work)


def backed_off():
    """Whether a mail failed recently: no mail is tried then. (``False`` when
    the shared cache cannot say: the mail is tried.)"""
    from core import cache

    try:
        return cache.held(cache.MAIL_BACKOFF)
    except Exception:  # the cache backend's own connection errors
        return False


def templated(subject, text, html=None, *, context, to, headers=None):
    """A mail from its templates (``subject``, ``text``, and ``html`` as its
    alternative when given), rendered with ``context`` in the active
    language: the one way the site's mails are put together."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    message = EmailMultiAlternatives(
        " ".join(render_to_string(subject, context).split()),
        render_to_string(text, context),
        to=to,
        headers=headers or {},
    )
    if html:
        message.attach_alternative(render_to_string(html, context), "text/html")
    return message


def provider_id(message):
    """The id the mail provider gave ``message`` once sent (django-anymail),
    which its bounce reports name; empty with plain SMTP."""
    status = getattr(message, "anymail_status", None)
    found = getattr(status, "message_id", None)
    if found is None or isinstance(found, set | frozenset):
        return ""  # none, or several (one per recipient): ours have one
    return str(found)


def backing_off(send):
    """``send()``'s result; when it raises, the back-off starts and the error
    goes on (a job's failure, tried again by the queue)."""
    from core import cache

    try:
        return send()
    except Exception:
        try:
            cache.acquire(cache.MAIL_BACKOFF)
        except Exception:  # the cache backend's own connection errors
            pass
        raise


def attempt(send, *, failing, default=None):
    """``send()``'s result; when it raises, ``default``, with one logged error
    ("Could not ``failing``") and the back-off started."""
    from core import conf

    try:
        return backing_off(send)
    except Exception:
        logger.exception(
            "Could not %s; next try in %d s",
            failing,
            conf.get("COMMENTS_MAIL_BACKOFF_SECONDS"),
        )
        return default


def error_kind(record):
    """What tells one kind of error from another: the exception's class and
    the line that raised it, else the logger and the response's status."""
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        frames = traceback.extract_tb(record.exc_info[2])
        where = (frames[-1].filename, frames[-1].lineno) if frames else ()
        return (type(error).__module__, type(error).__qualname__, *where)
    return (record.name, getattr(record, "status_code", None), record.levelno)


class AdminEmailHandler(log.AdminEmailHandler):
    """Django's mail to ``ADMINS`` about a server error, sent after the
    response, at most once per kind of error (``error_kind``) in
    ``CMS_ERROR_MAIL_SECONDS`` across every worker, and not while mail is
    backed off. (Without the shared cache, every error is mailed.)"""

    def emit(self, record):
        if settings.ADMINS:
            after_response(partial(self.emit_now, record))

    def emit_now(self, record):
        from core import cache

        if backed_off():
            return
        try:
            first = cache.acquire(cache.ERROR_MAIL, *error_kind(record))
        except Exception:  # the cache backend's own connection errors
            first = True
        if first:
            attempt(
                partial(super().emit, record),
                failing="mail the administrators about an error",
            )

    def connection(self):
        # A failure must be seen, to start the back-off.
        return get_connection(backend=self.email_backend, fail_silently=False)
