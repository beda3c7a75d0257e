"""Sending a planned delivery: the jobs, one per delivery.

Telegram: what a channel shows of an article is reconciled with what the
delivery asks for (post, edit the text, the caption, the picture or the PDF,
delete, or mark withdrawn: a withdrawn statement's post is always edited to
its notice, never deleted), from the last delivery that went through. A post
is a text message, a photo or a document (the statement's PDF, uploaded from
the storage under a name readers can read); a photo and a document change
into each other in place, a text message is replaced. Sends to one
channel take turns (its row is locked), within Telegram's rate per channel;
a delivery overtaken by a later one for the same article before it was sent
is left (``superseded``): the later one sends the newer post.

Webhooks: each event is posted, signed, to the partner's address, checked
again at send; an endpoint whose delivery fails on its last try is disabled.

A delivery already sent is never sent again, whoever runs its job.
"""

import datetime
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import cache, conf
from delivery import addresses, signing
from delivery.models import ATTEMPT_BYTES, Channel, Delivery, Endpoint
from delivery.posts import encoded
from delivery.telegram import (
    BadRequest,
    BotAPI,
    Forbidden,
    RetryAfter,
    TelegramError,
    Upload,
)
from jobs import queue

logger = logging.getLogger(__name__)

# Telegram lets a bot delete a message for 48 hours after it was sent.
DELETABLE_FOR = datetime.timedelta(hours=48)
# Another delivery for the same article and channel is being sent: look
# again after this many seconds.
TURN_SECONDS = 5
# A post's PDF was replaced before it went out: look again after this many
# seconds, by when the delivery of the newer one has overtaken it.
PDF_REPLACED_SECONDS = 30
# What a post is in Telegram.
TEXT, PHOTO, DOCUMENT = "text", "photo", "document"


def bot():
    """The site's bot, or ``None`` when ``TELEGRAM_BOT_TOKEN`` is not set."""
    token = getattr(settings, "TELEGRAM_BOT_TOKEN", "")
    if not token:
        return None
    return BotAPI(token, api_url=settings.TELEGRAM_API_URL)


def _telegram_failed(error, delivery_id):
    """Its last try failed (or Telegram refuses the bot): the delivery stays
    failed, to send again once mended."""
    Delivery.objects.filter(pk=delivery_id).update(
        state=Delivery.State.FAILED, last_error=str(error)[:2000]
    )


@queue.job(label=_("Post a statement to a Telegram channel"), failed=_telegram_failed)
def send_telegram(delivery_id):
    """The job: make the channel show what the delivery asks for."""
    failure = None
    with transaction.atomic():
        delivery = Delivery.objects.filter(pk=delivery_id).first()
        if delivery is None or delivery.state == Delivery.State.SENT:
            return "already sent"
        # Sends to one channel take turns.
        channel = Channel.objects.select_for_update().get(pk=delivery.channel_id)
        delivery.refresh_from_db()
        if delivery.state == Delivery.State.SENT:
            return "already sent"
        # A later post waiting for its PDF does not overtake this one: it
        # may never come.
        later = (
            Delivery.objects.filter(
                channel=channel, article_id=delivery.article_id, pk__gt=delivery.pk
            )
            .exclude(event="comment.approved")
            .exclude(state=Delivery.State.WAITING)
        )
        if later.exists():
            _finish(delivery, state=Delivery.State.SUPERSEDED)
            return "superseded"
        try:
            _reconcile(channel, delivery)
        except TelegramError as error:
            failure = error
            _failed_try(delivery, error)
            if isinstance(error, Forbidden):
                Channel.objects.filter(pk=channel.pk).update(
                    broken_since=channel.broken_since or timezone.now(),
                    broken_reason=error.description,
                )
        else:
            if channel.broken_since:
                Channel.objects.filter(pk=channel.pk).update(
                    broken_since=None, broken_reason=""
                )
            return delivery.remote_id
    _raise_for(failure)


def kind_of(payload):
    """A post's kind: the PDF (a document) wins over a photo."""
    if payload.get(DOCUMENT):
        return DOCUMENT
    return PHOTO if payload.get(PHOTO) else TEXT


def _raise_for(error):
    """What the queue should do after ``error``."""
    if isinstance(error, RetryAfter):
        raise queue.RetryIn(error.seconds, str(error))
    if isinstance(error, Forbidden):
        raise queue.GiveUp(str(error))
    raise error


def _reconcile(channel, delivery):
    """Post, edit or take down, as the last delivery sent left the channel."""
    api = bot()
    if api is None:
        raise Forbidden(gettext("No Telegram bot token is set (TELEGRAM_BOT_TOKEN)."))
    shown = _shown(channel, delivery)
    wanted = delivery.payload
    message_id = int(shown.remote_id) if shown else None
    if not wanted["show"]:
        if message_id is None:
            _finish(delivery, state=Delivery.State.SENT)
            return
        if wanted.get("withdrawn"):
            _within_rate(channel)
            attached = _attached(channel, delivery, shown)
            _say_withdrawn(api, channel, shown, wanted["notice"], wanted, attached)
        else:
            _take_down(api, channel, shown, wanted["notice"])
        _finish(delivery, state=Delivery.State.SENT, remote_id=shown.remote_id)
        return
    kind = kind_of(wanted)
    if message_id is not None:
        before = shown.payload
        if (kind_of(before) == TEXT) == (kind == TEXT):
            _within_rate(channel)
            _edit(api, channel.chat, message_id, before, wanted)
            _finish(delivery, state=Delivery.State.SENT, remote_id=shown.remote_id)
            return
    upload = None if kind == TEXT else _media(wanted)  # before anything is done
    if message_id is not None:
        # A text message cannot become a photo or a document, nor the other
        # way round.
        _take_down(api, channel, shown, None)
    _within_rate(channel)
    if kind == DOCUMENT:
        message = api.send_document(channel.chat, upload, wanted["text"])
    elif kind == PHOTO:
        message = api.send_photo(channel.chat, upload, wanted["text"])
    else:
        message = api.send_message(channel.chat, wanted["text"])
    _finish(delivery, state=Delivery.State.SENT, remote_id=str(message["message_id"]))


def _shown(channel, delivery):
    """The last delivery sent before ``delivery`` that left a post up, or
    ``None`` when the channel shows nothing of the article. A withdrawn
    statement's post is still up, edited to its notice (its PDF may follow):
    the delivery that posted it says what it is."""
    sent = (
        Delivery.objects.filter(
            channel=channel,
            article_id=delivery.article_id,
            state=Delivery.State.SENT,
            pk__lt=delivery.pk,
        )
        .exclude(remote_id="")
        .order_by("-pk")
    )
    last = sent.first()
    if last is not None and last.payload.get("withdrawn"):
        last = sent.filter(remote_id=last.remote_id, payload__show=True).first()
    if last is None or not last.payload.get("show"):
        return None
    return last


def _attached(channel, delivery, shown):
    """The PDF the post ``shown`` left carries now: the last delivery sent to
    that message says (a withdrawal may have replaced it)."""
    last = (
        Delivery.objects.filter(
            channel=channel,
            remote_id=shown.remote_id,
            state=Delivery.State.SENT,
            pk__lt=delivery.pk,
        )
        .order_by("-pk")
        .first()
    )
    return (last or shown).payload.get(DOCUMENT, "")


def _edit(api, chat, message_id, before, wanted):
    """Edit a post into ``wanted`` (of the same kind, or a photo into a
    document and back): its file when it changed, else its caption or text."""
    kind = kind_of(wanted)
    try:
        if kind == TEXT:
            api.edit_message_text(chat, message_id, wanted["text"])
        elif kind_of(before) != kind or wanted[kind] != before[kind]:
            api.edit_message_media(
                chat, message_id, _media(wanted), wanted["text"], kind=kind
            )
        else:
            api.edit_message_caption(chat, message_id, wanted["text"])
    except BadRequest as error:
        if not error.not_modified:
            raise


def _take_down(api, channel, shown, notice):
    """Delete the post; one too old to delete is edited to ``notice`` (when
    given) to say the statement was withdrawn."""
    posted = (
        Delivery.objects.filter(
            channel=channel, remote_id=shown.remote_id, state=Delivery.State.SENT
        )
        .order_by("pk")
        .values_list("sent_at", flat=True)
        .first()
    )
    message_id = int(shown.remote_id)
    if posted and timezone.now() - posted < DELETABLE_FOR - datetime.timedelta(
        minutes=5
    ):
        try:
            api.delete_message(channel.chat, message_id)
            return
        except BadRequest as error:
            if error.message_not_found:
                return
            # Otherwise not deletable any more: say it is withdrawn.
    if notice is not None:
        _say_withdrawn(api, channel, shown, notice)


def _say_withdrawn(api, channel, shown, notice, wanted=None, attached=""):
    """Edit the post ``shown`` left to ``notice``: its caption, or its text,
    as it was sent; a post carrying the PDF (``attached`` now) gets the one
    ``wanted`` carries, the notice's, with it. A post no longer there is
    left so."""
    message_id = int(shown.remote_id)
    document = (wanted or {}).get(DOCUMENT, "")
    try:
        if document and document != attached:
            api.edit_message_media(
                channel.chat, message_id, _media(wanted), notice, kind=DOCUMENT
            )
        elif kind_of(shown.payload) != TEXT:
            api.edit_message_caption(channel.chat, message_id, notice)
        else:
            api.edit_message_text(channel.chat, message_id, notice)
    except BadRequest as error:
        if not (error.not_modified or error.message_not_found):
            raise


def _media(payload):
    """The file a post of ``payload`` is: its PDF under the name readers see,
    or its picture. A PDF no longer stored was replaced by a newer one (or
    the statement taken down): the delivery planned for that comes, and
    overtakes this one; until then this one waits."""
    from django.core.files.storage import default_storage

    if kind_of(payload) == PHOTO:
        return _upload(payload[PHOTO])
    if not default_storage.exists(payload[DOCUMENT]):
        raise queue.RetryIn(
            PDF_REPLACED_SECONDS,
            gettext("The statement's PDF was replaced: waiting for the newer one."),
        )
    return _upload(payload[DOCUMENT], payload.get("filename"))


def _upload(name, filename=None):
    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as stored:
        return Upload(stored.read(), filename=filename or name.rsplit("/", 1)[-1])


def _within_rate(channel):
    """Wait for the next minute when the channel had its share of this one."""
    minute = int(time.time() // 60)
    sent = cache.count(cache.TELEGRAM_SENDS, channel.pk, minute)
    if sent > conf.get("CMS_TELEGRAM_POSTS_PER_MINUTE"):
        raise RetryAfter(
            60 - int(time.time() % 60) + 1,
            gettext("Telegram's rate for one channel: waiting for the next minute."),
        )


def _failed_try(delivery, error):
    Delivery.objects.filter(pk=delivery.pk).update(
        tries=delivery.tries + 1, last_error=str(error)[:2000]
    )


def _finish(delivery, *, state, remote_id=""):
    delivery.state = state
    delivery.remote_id = remote_id
    delivery.tries += 1
    delivery.sent_at = timezone.now()
    delivery.last_error = ""
    delivery.save(
        update_fields=["state", "remote_id", "tries", "sent_at", "last_error"]
    )


def _webhook_failed_for_good(error, delivery_id):
    """Its last try failed, or the address is refused: the delivery stays
    failed and the endpoint is disabled until an editor makes it active."""
    reason = str(error)[:2000]
    Delivery.objects.filter(pk=delivery_id).update(
        state=Delivery.State.FAILED, last_error=reason
    )
    endpoint = Delivery.objects.filter(pk=delivery_id).values("endpoint_id")
    Endpoint.objects.filter(pk__in=endpoint, disabled_at__isnull=True).update(
        disabled_at=timezone.now(), disabled_reason=reason
    )


@queue.job(
    label=_("Send an event to a partner's webhook"), failed=_webhook_failed_for_good
)
def send_webhook(delivery_id):
    """The job: post the event to the endpoint, signed; its answer logged."""
    delivery = (
        Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    )
    if delivery is None or delivery.state == Delivery.State.SENT:
        return "already sent"
    endpoint = delivery.endpoint
    if not endpoint.is_active or endpoint.disabled_at:
        return "endpoint disabled"
    body = encoded(delivery.payload)
    headers = signing.signed_headers(endpoint.secret, f"msg_{delivery.pk}", body)
    began = timezone.now()
    try:
        answer = addresses.post(
            endpoint.url,
            body,
            headers,
            allow_private=getattr(settings, "CMS_WEBHOOKS_ALLOW_PRIVATE", False),
        )
    except addresses.DeliveryFailed as error:
        _log_attempt(delivery, began, error=str(error))
        if isinstance(error, addresses.AddressRefused):
            raise queue.GiveUp(str(error)) from error
        raise
    first = answer.first_bytes.decode("utf-8", "replace")
    _log_attempt(delivery, began, answer=answer, first=first)
    if 200 <= answer.status < 300:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.SENT, sent_at=timezone.now(), last_error=""
        )
        return answer.status
    raise addresses.DeliveryFailed(
        gettext("The partner answered %(status)s.") % {"status": answer.status}
    )


def _log_attempt(delivery, began, *, answer=None, first="", error=""):
    """Keep this try on the delivery: when, its outcome, and how long."""
    attempt = {"at": began.isoformat(timespec="seconds")}
    if answer is not None:
        attempt.update(
            status=answer.status,
            seconds=round(answer.elapsed_seconds, 3),
            answer=first[:ATTEMPT_BYTES],
        )
        error = (
            ""
            if 200 <= answer.status < 300
            else gettext("The partner answered %(status)s.") % {"status": answer.status}
        )
    else:
        attempt["error"] = error
    delivery.attempts = [*delivery.attempts, attempt]
    delivery.tries += 1
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=delivery.attempts,
        tries=delivery.tries,
        last_error=error,
        remote_id=str(answer.status) if answer is not None else delivery.remote_id,
        answer=first,
        duration=answer.elapsed_seconds if answer is not None else None,
    )
    logger.info(
        "Webhook %s to %s, try %d: %s",
        delivery.pk,
        delivery.endpoint_id,
        delivery.tries,
        error or answer.status,
    )
