"""``make bench``'s delivery run: an editor's publication only queues its
deliveries, and how many the workers send a second.

Run by ``bench/run.py --only delivery`` in its own process, on a database of
its own (``BENCH_DELIVERY_DATABASE_URL``, made again at each run) and with
local stand-ins for Telegram's Bot API and a partner's webhook receiver
(``tests/delivery``): nothing leaves the machine.

1. ``--publications`` articles are published through
   ``articles.services.article_publish``, as from the desk, with nowhere to
   deliver to; then as many with two Telegram channels (one per edition) and
   two webhook endpoints: the time of each publication, p50 and p90.
2. ``--workers`` ``manage.py worker`` processes start on what the second
   batch queued (each publication: a plan, then one post and two webhooks):
   the time until every delivery is sent, and deliveries a second. The limit
   of posts a minute per channel is lifted, to measure the workers, not
   Telegram's rate.
3. ``--subscribers`` confirmed email subscribers: one more publication (its
   time beside the first batch's), then the workers mail it to every one of
   them through a local SMTP server (aiosmtpd): mails a second.

Prints one JSON object.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from serving import free_port  # noqa: E402

from articles.models import Article, ArticleAuthor, Author, Category, Office  # noqa: E402
from articles.services import article_publish  # noqa: E402
from delivery.models import Channel, Delivery, Endpoint  # noqa: E402
from delivery.signing import new_secret  # noqa: E402
from tests.delivery.bot_api import BotAPIServer  # noqa: E402
from tests.delivery.receiver import WebhookReceiver  # noqa: E402


def publish(number, author, category):
    language = "ar" if number % 2 else "en"
    started = time.perf_counter()
    with transaction.atomic():
        article = article_publish(
            article=Article(
                title=f"Statement number {number} on the regional water programme",
                slug=f"bench-delivery-{number}",
                language=language,
                category=category,
                office=author.office,
                excerpt="The office sets out the programme's next steps. " * 4,
                body="<p>The programme's next steps, one by one.</p>" * 20,
            )
        )
        ArticleAuthor.objects.create(article=article, author=author)
    return (time.perf_counter() - started) * 1000


def run_workers(args, env, done):
    """Start the workers, wait until ``done()``; the seconds it took."""
    started = time.monotonic()
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(args.workers)
    ]
    try:
        while time.monotonic() - started < args.timeout and not done():
            time.sleep(0.2)
        return time.monotonic() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)


def mail_subscribers(args, env, author, category):
    """Phase 3: a publication to ``--subscribers`` subscribers, mailed
    through a local SMTP server."""
    from aiosmtpd.controller import Controller
    from django.utils import timezone

    from mailing.models import Mail, Subscriber

    class Count:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            self.received += len(envelope.rcpt_tos)
            return "250 OK"

    Channel.objects.all().delete()
    Endpoint.objects.all().delete()
    confirmed = timezone.now() - datetime.timedelta(days=1)
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{number}@example.org",
            language="en",
            state=Subscriber.State.CONFIRMED,
            confirmed_at=confirmed,
        )
        for number in range(args.subscribers)
    )
    publication = publish(2 * args.publications, author, category)
    connection.close()
    handler = Count()
    server = Controller(handler, hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        mail_env = {
            **env,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(server.port),
        }
        elapsed = run_workers(
            args,
            mail_env,
            lambda: (
                Mail.objects.filter(state=Mail.State.SENT).count() >= args.subscribers
            ),
        )
    finally:
        server.stop()
    sent = Mail.objects.filter(state=Mail.State.SENT).count()
    return {
        "subscribers": args.subscribers,
        "publication_to_subscribers_ms": round(publication, 1),
        "mails_sent": sent,
        "mails_received": handler.received,
        "mail_seconds": round(elapsed, 2),
        "mails_per_second": round(sent / elapsed, 1),
    }


def percentiles(times):
    ordered = sorted(times)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p90": round(ordered[int(len(ordered) * 0.9) - 1], 1),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--publications", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--subscribers", type=int, default=5000)
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()

    office = Office.objects.create(slug="central", name_en="Central office")
    category = Category.objects.create(slug="news", name_en="News")
    author = Author.objects.create(slug="writer", name_en="A writer", office=office)
    n = args.publications
    alone = [publish(i, author, category) for i in range(n)]

    bot_api, receiver = BotAPIServer(), WebhookReceiver()
    Channel.objects.create(name="News", chat="@bench_news", language="en")
    Channel.objects.create(name="أخبار", chat="@bench_news_ar", language="ar")
    for name in ("Agency one", "Agency two"):
        Endpoint.objects.create(
            name=name, url=receiver.url(f"/{name[-3:]}"), secret=new_secret()
        )
    delivering = [publish(n + i, author, category) for i in range(n)]
    connection.close()

    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": bot_api.token,
        "TELEGRAM_API_URL": bot_api.url,
        "CMS_WEBHOOKS_ALLOW_PRIVATE": "1",
        "CMS_TELEGRAM_POSTS_PER_MINUTE": "1000000",
    }
    expected = n * 3  # one post and two webhooks per publication
    try:
        elapsed = run_workers(
            args,
            env,
            lambda: (
                Delivery.objects.filter(state=Delivery.State.SENT).count() >= expected
            ),
        )
    finally:
        bot_api.close()
        receiver.close()
    states = dict(
        Delivery.objects.values_list("state").annotate(n=django.db.models.Count("pk"))
    )
    mailing = mail_subscribers(args, env, author, category)
    print(
        json.dumps(
            {
                "publications": n,
                "alone_ms": percentiles(alone),
                "delivering_ms": percentiles(delivering),
                "workers": args.workers,
                "deliveries": expected,
                "states": states,
                "seconds": round(elapsed, 2),
                "per_second": round(states.get("sent", 0) / elapsed, 1),
                "posts": len(bot_api.calls("sendMessage")),
                "webhooks": len(receiver.requests),
                **mailing,
            }
        )
    )


if __name__ == "__main__":
    main()
