"""Planning deliveries: what each target should get after a change.

A change to an article (saved, published, scheduled, taken down, deleted)
queues ``plan_article``; a scheduled moment queues it again at that time.
Planning compares what each target should now show with what was last
planned for it, and records a ``Delivery`` for each difference, whose
``version`` (what it sends, and the delivery before it) is unique per
target: two processes planning the same change, or a job run twice, find
the same row, and nothing is sent twice. Each new delivery queues its send.

A channel's post that carries the statement's PDF (``_carries_pdf``) is
planned only with the PDF that shows the article as it stands now, its stored
name in the payload; until the documents' job has made it the channel waits
(a ``waiting`` row in the log, never sent), and ``document_made`` plans again.
A PDF that never comes leaves that row waiting, where editors see it, beside
the failed job on the dashboard.
"""

import functools
import hashlib
import json

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from delivery import posts
from delivery.models import Channel, Delivery, Endpoint, Event
from delivery.sending import send_telegram, send_webhook
from documents.services import current_document
from jobs import queue


def version_of(payload, previous):
    """What makes a delivery unique for its target: what it sends, and the
    delivery planned before it (the same text sent again after a removal is
    a new delivery)."""
    content = json.dumps([payload, previous.pk if previous else 0], sort_keys=True)
    return hashlib.sha256(content.encode()).hexdigest()


# Other apps' planners for the same changes (mailing: the subscribers), each
# with what says whether it has anyone to deliver to: ``also_plan``.
PLANNERS = []


def also_plan(plan, *, wanted):
    """Have ``plan(article_id, article, public)`` (returning what it planned)
    run with ``plan_article``, whenever ``wanted()`` says it has targets."""
    PLANNERS.append((plan, wanted))


def has_targets():
    """Whether any channel, endpoint or other planner takes deliveries."""
    return (
        Channel.objects.filter(is_active=True).exists()
        or Endpoint.objects.filter(is_active=True, disabled_at__isnull=True).exists()
        or any(wanted() for _plan, wanted in PLANNERS)
    )


def article_changed(article):
    """Queue the planning for ``article`` once the change is committed, and
    again at its scheduled publication and unpublication (when there is
    anywhere to deliver to)."""
    if not has_targets():
        return
    queue.enqueue_on_commit_and_at(
        plan_article_job,
        article.pk,
        moments=(article.published_at, article.unpublish_at),
    )


@queue.job(label=_("Plan where a statement goes"))
def plan_article_job(article_id):
    """The job: ``plan_article``."""
    return len(plan_article(article_id))


def plan_article(article_id):
    """The deliveries ``article_id``'s change calls for (new ones are queued
    to be sent); a deleted article is taken down everywhere it was shown."""
    article = Article.objects.for_detail().filter(pk=article_id).first()
    public = article is not None and (
        Article.objects.published().filter(pk=article_id).exists()
    )
    withdrawn = article is not None and article.status == Article.Status.WITHDRAWN
    # Asked once, and only by a channel whose post carries the PDF.
    document = functools.cache(lambda: current_document(article_id))
    found = []
    for channel in Channel.objects.filter(is_active=True):
        found += _plan_channel(
            channel, article_id, article, public, withdrawn, document
        )
    waiting = [row for row in found if row.state == Delivery.State.WAITING]
    # A wait that is over (the post planned, nothing to send after all, the
    # channel switched off or made inactive) leaves the log.
    Delivery.objects.filter(
        article_id=article_id, state=Delivery.State.WAITING
    ).exclude(pk__in=[row.pk for row in waiting]).delete()
    planned = [row for row in found if row not in waiting]
    data = posts.article_data(article) if public else None
    gone = posts.withdrawn_data(article) if withdrawn else None
    for endpoint in Endpoint.objects.filter(is_active=True, disabled_at__isnull=True):
        planned += _plan_endpoint(endpoint, article_id, data, gone)
    for plan, _wanted in PLANNERS:
        planned += plan(article_id, article, public)
    return planned


# What a partner last heard of an article that is no longer shown.
GONE = (Event.UNPUBLISHED, Event.WITHDRAWN)


def _last(article_id, **target):
    """The last delivery planned for the article there (a wait is none)."""
    return (
        Delivery.objects.filter(article_id=article_id, **target)
        .exclude(event=Event.COMMENT_APPROVED)
        .exclude(state=Delivery.State.WAITING)
        .order_by("-pk")
        .first()
    )


def _plan_channel(channel, article_id, article, public, withdrawn, document):
    """``document()``: the article's current PDF, or ``None`` until its job
    has made it."""
    last = _last(article_id, channel=channel)
    shown = last is not None and last.payload.get("show")
    attached = last.payload.get("document", "") if last is not None else ""
    if (
        public
        and article.language == channel.language
        and channel.office_id in (None, article.office_id)
    ):
        event = Event.UPDATED if shown else Event.PUBLISHED
        pdf = ""
        if _carries_pdf(channel, last, shown):
            if document() is None:
                return _wait(last, event, channel, article)
            pdf = document().file.name
        payload = posts.telegram_post(article, channel, pdf)
    elif shown and withdrawn:
        # The post stays, edited to say when, by whom and why; after it,
        # nothing of the article is shown or posted there again. Its PDF
        # becomes the notice's once made: the notice does not wait for it.
        notice = document() if attached else None
        pdf = notice.file.name if notice is not None else attached
        payload = posts.withdrawal_post(article, pdf)
        event = Event.WITHDRAWN
    elif withdrawn and attached and last.payload.get("withdrawn"):
        # The notice's PDF made after the post was edited to the notice:
        # the post's file becomes it, and nothing else changes.
        notice = document()
        if notice is None:
            return []
        payload = {**last.payload, "document": notice.file.name}
        event = Event.WITHDRAWN
    elif shown:
        payload = posts.removal(last.payload["title"], channel.language)
        event = Event.UNPUBLISHED
    else:
        return []  # nothing shown there, nothing to take down
    if last is not None and last.payload == payload:
        return []
    return _record(last, event, payload, channel=channel, article_id=article_id)


def _carries_pdf(channel, last, shown):
    """Whether the channel's post of an article is its PDF: a post already
    sent as the PDF stays so (its file kept current, whatever the channel now
    asks); else one the channel asks the PDF for, unless it is already a text
    message (Telegram cannot attach a file to one, and replacing it would
    break the links readers shared: the PDF goes with posts made from then
    on, and with photo posts, whose picture becomes the PDF in place)."""
    if shown and last.payload.get("document"):
        return True
    if not channel.send_pdf:
        return False
    return not shown or bool(last.payload.get("photo"))


def _wait(last, event, channel, article):
    """The channel's post waits for ``article``'s PDF: one row in the log says
    so (made once, whoever plans; never sent), until a planning that finds
    the PDF removes it. ``[the row]``, or ``[]`` when another process that
    found the PDF has planned the post meanwhile."""
    after = last.pk if last is not None else 0
    version = hashlib.sha256(f"waiting:{article.pk}:{after}".encode()).hexdigest()
    delivery, _created = Delivery.objects.get_or_create(
        channel=channel,
        version=version,
        defaults={
            "article_id": article.pk,
            "event": event.value,
            "payload": {"waiting": "document", "title": article.title},
            "state": Delivery.State.WAITING,
        },
    )
    overtaken = (
        Delivery.objects.filter(channel=channel, article_id=article.pk, pk__gt=after)
        .exclude(state=Delivery.State.WAITING)
        .exclude(event=Event.COMMENT_APPROVED)
    )
    if overtaken.exists():
        delivery.delete()
        return []
    return [delivery]


def _plan_endpoint(endpoint, article_id, data, withdrawn=None):
    """``data``: the article as the API gives it while public; ``withdrawn``:
    the API's 410 body of a withdrawn one."""
    last = _last(article_id, endpoint=endpoint)
    shown = last is not None and last.event not in GONE
    if data is not None:
        if not shown:
            event = Event.PUBLISHED
        elif posts.same_article(data, last.payload.get("data")):
            return []
        elif posts.corrected(data, last.payload.get("data")):
            event = Event.CORRECTED
        else:
            event = Event.UPDATED
    elif shown and withdrawn is not None:
        event, data = Event.WITHDRAWN, withdrawn
    elif shown:
        event, data = Event.UNPUBLISHED, last.payload.get("data")
    else:
        return []
    if not endpoint.takes(event):
        return []
    body = posts.webhook_body(event.value, data)
    return _record(last, event, body, endpoint=endpoint, article_id=article_id)


def _record(last, event, payload, *, unique=None, **target):
    """The delivery of ``payload`` after ``last`` (made once), queued;
    ``unique``: what makes it unique instead (one per comment)."""
    fingerprint = {key: value for key, value in payload.items() if key != "timestamp"}
    version = (
        hashlib.sha256(unique.encode()).hexdigest()
        if unique
        else version_of(fingerprint, last)
    )
    delivery, created = Delivery.objects.get_or_create(
        version=version,
        **{key: value for key, value in target.items() if key != "article_id"},
        defaults={
            "article_id": target["article_id"],
            "event": event.value,
            "payload": payload,
        },
    )
    if not created:
        return []
    send = send_telegram if delivery.channel_id else send_webhook
    queue.enqueue_on_commit(send, delivery.pk)
    return [delivery]


def document_made(article_id):
    """Plan ``article_id`` again now that its PDF is made (``documents``),
    when a post may carry it: a channel asks for PDFs, a post carries one,
    or one waits for it."""
    carries = Channel.objects.filter(is_active=True, send_pdf=True).exists() or (
        Delivery.objects.filter(article_id=article_id, channel__isnull=False)
        .filter(Q(payload__has_key="document") | Q(state=Delivery.State.WAITING))
        .exists()
    )
    if carries:
        queue.enqueue_on_commit(plan_article_job, article_id)


def channel_changed(channel):
    """Plan again the statements waiting for their PDF on ``channel`` once
    saved, unless it still asks for PDFs: switched off, they go without it;
    made inactive, they stop waiting."""
    if channel.is_active and channel.send_pdf:
        return
    waiting = (
        Delivery.objects.filter(channel=channel, state=Delivery.State.WAITING)
        .values_list("article_id", flat=True)
        .distinct()
    )
    for article_id in waiting:
        queue.enqueue_on_commit(plan_article_job, article_id)


def send_again(delivery):
    """Queue a failed delivery to be tried again (an editor asked)."""
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.PENDING, last_error=""
    )
    send = send_telegram if delivery.channel_id else send_webhook
    queue.enqueue_on_commit(send, delivery.pk)


def comment_approved(comment_id):
    """Queue ``comment.approved`` for the endpoints that take it, once the
    decision is committed."""
    if Endpoint.objects.filter(is_active=True, disabled_at__isnull=True).exists():
        queue.enqueue_on_commit(plan_comment_job, comment_id)


@queue.job(label=_("Tell partners about an approved comment"))
def plan_comment_job(comment_id):
    """The job: one delivery per endpoint that takes approved comments (made
    once per comment), while the comment is still shown."""
    from comments.models import Comment, Status

    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Status.APPROVED:
        return 0
    event = Event.COMMENT_APPROVED
    body = posts.webhook_body(event.value, posts.comment_data(comment))
    planned = []
    for endpoint in Endpoint.objects.filter(is_active=True, disabled_at__isnull=True):
        if endpoint.takes(event):
            planned += _record(
                None,
                event,
                body,
                endpoint=endpoint,
                article_id=comment.article_id,
                unique=f"comment:{comment.pk}",
            )
    return len(planned)
