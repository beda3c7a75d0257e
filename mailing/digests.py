"""The daily digest: once a day, at the site's hour (``CMS_DIGEST_HOUR`` in
its zone), each subscriber who chose it gets the statements of the day
before, of its edition and sections; a day with nothing new sends nothing.

The digest job runs at that hour and queues itself for the next day, so
no cron is needed; whoever chooses the digest makes sure it is queued
(``keep_scheduled``: once per day, in the shared cache; a second job for
the same hour finds every digest made and sends nothing twice).
"""

import datetime

from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core import cache, conf, hijri
from jobs import queue
from mailing import mails
from mailing.models import Digest, Subscriber
from site_settings import site


def next_moment(now=None):
    """The next digest hour, in the site's zone, after ``now``."""
    now = now or timezone.now()
    today = hijri.local_date(now)
    hour = datetime.time(conf.get("CMS_DIGEST_HOUR"))
    for day in (today, today + datetime.timedelta(days=1)):
        moment = timezone.make_aware(
            datetime.datetime.combine(day, hour), hijri.site_time_zone()
        )
        if moment > now:
            return moment
    raise AssertionError("a digest hour comes within a day")


def keep_scheduled(now=None):
    """Queue the next digest job, unless it is queued already."""
    moment = next_moment(now)
    if cache.acquire(cache.DIGEST_QUEUED, moment.isoformat()):
        queue.enqueue_on_commit(
            send_digests.using(run_after=moment), moment.isoformat()
        )


@queue.job(label=_("Mail the daily digest"))
def send_digests(due):
    """The job: the digests due at ``due`` (ISO), then the next day's job."""
    due_at = datetime.datetime.fromisoformat(due)
    subscribers = Subscriber.objects.filter(
        state=Subscriber.State.CONFIRMED,
        frequency=Subscriber.Frequency.DAILY,
        confirmed_at__lte=due_at,
    ).prefetch_related("sections")
    sent = 0
    with get_connection(fail_silently=False) as connection:
        for subscriber in subscribers.iterator(chunk_size=200):
            digest = Digest.objects.filter(subscriber=subscriber, due_at=due_at).first()
            if digest is None:
                articles = day_of(subscriber, due_at)
                if not articles:
                    continue  # nothing new: nothing sent
                digest, _made = Digest.objects.get_or_create(
                    subscriber=subscriber,
                    due_at=due_at,
                    defaults={"articles": [article.pk for article in articles]},
                )
            if digest.sent_at is not None:
                continue
            # Still public: one withdrawn or taken down meanwhile is left out.
            articles = list(
                Article.objects.published().for_listing().filter(pk__in=digest.articles)
            )
            if articles:
                connection.send_messages([digest_mail(subscriber, articles, due_at)])
                sent += 1
            # What it listed as sent (nothing, when all went meanwhile): who
            # received a statement is read from it (``sending.received``).
            Digest.objects.filter(pk=digest.pk).update(
                sent_at=timezone.now(), articles=[article.pk for article in articles]
            )
    keep_scheduled(due_at)
    return sent


def day_of(subscriber, due_at):
    """The statements of the day before ``due_at`` a subscriber asked for."""
    articles = Article.objects.published().filter(
        language=subscriber.language,
        published_at__gt=due_at - datetime.timedelta(days=1),
        published_at__lte=due_at,
    )
    sections = list(subscriber.sections.all())
    if sections:
        held = Q()
        for section in sections:
            held |= Q(category__path=section.path)
            held |= Q(category__path__startswith=f"{section.path}/")
        articles = articles.filter(held)
    return list(articles.order_by("-published_at")[:50])


def digest_mail(subscriber, articles, due_at):
    language = subscriber.language
    with translation.override(language):
        items = [
            {
                "title": article.title,
                "date": hijri.format_dual(article.published_at, language),
                "excerpt": article.excerpt,
                "url": site.absolute_url(article.get_absolute_url()),
            }
            for article in articles
        ]
        return mails.build(
            mails.DIGEST,
            subscriber,
            items=items,
            day=hijri.format_dual(due_at, language),
        )
