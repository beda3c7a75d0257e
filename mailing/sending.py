"""Statements mailed to the subscribers who want them, as they are published.

Planned with the channels and webhooks (``delivery.services.plan_article``):
when a statement is public, freshly (``MAILING_FRESH_HOURS``), every
confirmed subscriber of its edition who wants each statement at once, of
every section or of one holding it, and who had confirmed before it was
published, gets a ``Mail`` row, made once. A job then sends the rows still
waiting in batches over one connection, marking each as the server takes
it: a worker stopped mid-batch leaves only the unsent to send again.
"""

import datetime

from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core import conf, hijri
from jobs import queue
from mailing import mails
from mailing.models import Mail, Subscriber
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
    sent = 0
    while article is not None:
        batch = list(
            Mail.objects.filter(article_id=article_id, state=Mail.State.PENDING)
            .select_related("subscriber")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            break
        with get_connection(fail_silently=False) as connection:
            for mail in batch:
                if mail.subscriber.state != Subscriber.State.CONFIRMED:
                    Mail.objects.filter(pk=mail.pk).delete()  # left meanwhile
                    continue
                message = statement_mail(article, mail.subscriber)
                connection.send_messages([message])
                mail.mark_sent(message)
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
