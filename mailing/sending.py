"""Statements mailed to the subscribers who want them, as they are published.

Planned with the channels and webhooks (``delivery.services.plan_article``):
when a statement is public, freshly (``MAILING_FRESH_HOURS``), every
confirmed subscriber of its edition who wants each statement at once, of
every section or of one holding it, and who had confirmed before it was
published, gets a ``Mail`` row, made once. A job then sends the rows still
waiting in batches over one connection, marking each as the server takes
it: a worker stopped mid-batch leaves only the unsent to send again. A
statement no longer public by then is not sent (its rows waiting go).

A statement withdrawn with the subscribers to be told (``withdrawal_mailed``)
gives each confirmed subscriber who was sent it (at once or in a digest) a
``WithdrawalNotice`` row, made once, sent by its own job the same way.
"""

import datetime

from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.encoding import uri_to_iri
from django.utils.translation import gettext_lazy as _

from core import conf, hijri
from jobs import queue
from mailing import mails
from mailing.models import Digest, Mail, Subscriber, WithdrawalNotice
from site_settings import site

BATCH = 100


def has_subscribers():
    return Subscriber.objects.filter(state=Subscriber.State.CONFIRMED).exists()


def audience(article):
    """The subscribers ``article`` is mailed to at once."""
    parts = article.category.path.split("/")
    paths = ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
    return (
        Subscriber.objects.filter(
            language=article.language,
            state=Subscriber.State.CONFIRMED,
            frequency=Subscriber.Frequency.AT_ONCE,
            confirmed_at__lte=article.published_at,
        )
        .filter(Q(sections__isnull=True) | Q(sections__path__in=paths))
        .distinct()
    )


def plan_article_mails(article_id, article, public):
    """The mails ``article`` calls for (made once; queued to be sent)."""
    if not public:
        return []
    fresh = datetime.timedelta(hours=conf.get("MAILING_FRESH_HOURS"))
    if article.published_at < timezone.now() - fresh:
        return []
    waiting = list(audience(article).exclude(mails__article_id=article_id))
    made = Mail.objects.bulk_create(
        [Mail(subscriber=subscriber, article_id=article_id) for subscriber in waiting],
        ignore_conflicts=True,  # another process planned some meanwhile
    )
    if made:
        queue.enqueue_on_commit(send_article_mails, article_id)
    return made


@queue.job(label=_("Mail a statement to its subscribers"))
def send_article_mails(article_id):
    """The job: every mail of ``article_id`` still waiting, in batches over
    one connection each. A failure stops here; the next try goes on from
    the first mail not sent."""
    from articles.models import Article

    article = Article.objects.for_detail().filter(pk=article_id).first()
    waiting = Mail.objects.filter(article_id=article_id, state=Mail.State.PENDING)
    if article is None or not article.is_published:
        waiting.delete()  # gone, withdrawn or taken down meanwhile: not news
        return 0
    return send_waiting(waiting, lambda subscriber: statement_mail(article, subscriber))


def send_waiting(waiting, build):
    """Send the mails of ``waiting`` (``SentMail`` rows still to send) in
    batches over one connection each, each ``build(subscriber)``, each marked
    as the server takes it: a failure stops here, and the next try goes on
    from the first not sent. A subscriber who left meanwhile is dropped."""
    sent = 0
    while batch := list(waiting.select_related("subscriber").order_by("pk")[:BATCH]):
        with get_connection(fail_silently=False) as connection:
            for row in batch:
                if row.subscriber.state != Subscriber.State.CONFIRMED:
                    type(row).objects.filter(pk=row.pk).delete()  # left meanwhile
                    continue
                message = build(row.subscriber)
                connection.send_messages([message])
                row.mark_sent(message)
                sent += 1
    return sent


def statement_mail(article, subscriber):
    """The statement as a mail: its title, dual date, office and reference
    number, excerpt and link."""
    with translation.override(article.language):
        return mails.build(
            mails.STATEMENT,
            subscriber,
            article=article,
            date=hijri.format_dual(article.published_at, article.language),
            reference=hijri.localize_digits(article.reference, article.language),
            office=article.office.name if article.office_id else "",
            url=site.absolute_url(article.get_absolute_url()),
        )


# Withdrawal notices -----------------------------------------------------------


def received(article):
    """The confirmed subscribers who were sent ``article``: mailed at once,
    or listed in a digest sent them."""
    mailed = Q(mails__article_id=article.pk, mails__state=Mail.State.SENT)
    return (
        Subscriber.objects.filter(state=Subscriber.State.CONFIRMED)
        .filter(mailed | Q(pk__in=digest_readers(article)))
        .distinct()
    )


def digest_readers(article):
    """The subscribers a digest listing ``article`` was sent to: digests are
    due within a day of what they list, so only those are read."""
    due = (
        article.published_at - datetime.timedelta(days=1),
        article.published_at + datetime.timedelta(days=2),
    )
    digests = Digest.objects.filter(
        due_at__range=due,
        sent_at__isnull=False,
        subscriber__language=article.language,
    ).values_list("subscriber_id", "articles")
    return [subscriber for subscriber, listed in digests if article.pk in listed]


def plan_withdrawal_notices(article_id, article, public):
    """The notices a withdrawn ``article`` calls for, when the office asked
    that its subscribers be told (made once; queued to be sent)."""
    from articles.models import Article

    if (
        article is None
        or article.status != Article.Status.WITHDRAWN
        or not article.withdrawal_mailed
    ):
        return []
    waiting = list(received(article).exclude(withdrawalnotices__article_id=article_id))
    made = WithdrawalNotice.objects.bulk_create(
        [
            WithdrawalNotice(subscriber=subscriber, article_id=article_id)
            for subscriber in waiting
        ],
        ignore_conflicts=True,  # another process planned some meanwhile
    )
    if made:
        queue.enqueue_on_commit(send_withdrawal_notices, article_id)
    return made


def _notices_failed(error, article_id):
    WithdrawalNotice.failed_for_good(error, article_id=article_id)


@queue.job(
    label=_("Tell subscribers that a statement was withdrawn"),
    failed=_notices_failed,
)
def send_withdrawal_notices(article_id):
    """The job: every withdrawal notice of ``article_id`` still waiting, in
    batches over one connection each, each marked as the server takes it;
    the next try goes on from the first not sent."""
    from articles.models import Article

    article = (
        Article.objects.withdrawn().select_related("office").filter(pk=article_id)
    ).first()
    if article is None:
        return 0
    waiting = WithdrawalNotice.objects.filter(
        article_id=article_id, state=WithdrawalNotice.State.PENDING
    )
    return send_waiting(waiting, lambda reader: withdrawal_mail(article, reader))


def withdrawal_mail(article, subscriber):
    """The notice: the statement's title, when and by which office it was
    withdrawn, why, and its address (which says so)."""
    with translation.override(article.language):
        url = site.absolute_url(article.get_absolute_url())
        return mails.build(
            mails.WITHDRAWAL,
            subscriber,
            article=article,
            when=hijri.format_dual(article.withdrawn_at, article.language),
            office=article.office.name,
            reason=article.withdrawal_reason,
            url=url,
            # The address as a reader reads it (Arabic letters, not %-codes).
            shown_url=uri_to_iri(url),
        )
