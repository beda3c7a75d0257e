"""Which addresses ``make bench`` loads, and how many queries each one asks.

Run by ``bench/run.py`` in its own process, with the served site's settings
(``DATABASE_URL`` the benchmark's database, ``CMS_PAGE_CACHE_SECONDS=0``):
prints JSON ``{name: {"path", "status", "bytes", "queries", "ms"}}``, each
page asked through Django's test client while every query is counted
(``CaptureQueriesContext``), first once to warm the process, then ``--runs``
times; ``ms`` is the median. Nothing here runs in the served site itself.

With ``--traffic``, it prints instead the addresses of the traffic phases
(``bench/traffic.py``): the newest articles, a random sample of older ones
(and another, never requested, for their first view), the lists readers open.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Category  # noqa: E402
from comments.models import Comment  # noqa: E402
from core import hijri  # noqa: E402

HOST = "127.0.0.1"
# The Arabic edition (most articles are Arabic); the article in its own.
EDITION = "ar"
# A word in a tenth of the Arabic articles: a search with thousands of results.
SEARCH_WORD = "المكتبة"


def longest_thread():
    """``{"article": id, "n": count}`` of the article with the most approved
    comments (seed_demo's long thread), or ``None``."""
    return (
        Comment.objects.public()
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )


def busiest_article():
    row = longest_thread()
    if row is None:
        raise SystemExit("No approved comments: seed with seed_demo --comments.")
    return Comment.objects.filter(article_id=row["article"]).first().article


def pages():
    """``{name: path}`` of the pages the benchmark loads."""
    article = busiest_article()
    category = Category.objects.get(slug="statements", parent=None)
    # A whole Hijri month two years back: a full month of the archive.
    month = hijri.to_hijri(timezone.now() - timedelta(days=730))
    language = EDITION
    return {
        "home": f"/{language}/",
        "article": article.get_absolute_url(),
        "category": f"/{language}/category/{category.path}/",
        "hijri_month": f"/{language}/archive/hijri/{month.year}/{month.month}/",
        "search": f"/{language}/search/?q={SEARCH_WORD}",
        "feed": f"/{language}/feed/",
        "api_list": "/api/v1/articles",
    }


# The traffic phases: the newest articles readers open most, and archive months
# of the past year in each calendar.
NEWEST = 300
ARCHIVE_MONTHS = 12


def traffic(seed, older, unseen):
    """``{"newest": [path], "older": [path], "unseen": [path], "lists":
    {kind: [path]}}`` for the traffic phases: the ``NEWEST`` published
    articles, newest first; ``older`` others drawn at random (``seed``), and
    ``unseen`` more, none of them among the first; each edition's home, every
    category, and the archive months of the past year in both calendars."""
    from articles.models import Article

    published = Article.objects.published().order_by("-published_at", "-pk")
    ids = list(published.values_list("pk", flat=True))
    drawn = random.Random(seed).sample(ids[NEWEST:], older + unseen)

    def paths(pks):
        # As written, not quoted: the benchmark quotes every address it sends.
        articles = Article.objects.only("slug", "language").in_bulk(pks)
        return [unquote(articles[pk].get_absolute_url()) for pk in pks]

    now = timezone.now()
    days = [now - timedelta(days=30 * n) for n in range(ARCHIVE_MONTHS)]
    gregorian = sorted({(day.year, day.month) for day in days}, reverse=True)
    hijri_months = sorted(
        {(h.year, h.month) for h in map(hijri.to_hijri, days)}, reverse=True
    )
    categories = list(Category.objects.live().values_list("path", flat=True))
    editions = ("ar", "en")
    return {
        "newest": paths(ids[:NEWEST]),
        "older": paths(drawn[:older]),
        "unseen": paths(drawn[older:]),
        "lists": {
            "home": [f"/{language}/" for language in editions],
            "category": [
                f"/{language}/category/{path}/"
                for language in editions
                for path in categories
            ],
            "archive": [
                f"/{language}/archive/{prefix}{year}/{month}/"
                for language in editions
                for prefix, months in (("", gregorian), ("hijri/", hijri_months))
                for year, month in months
            ],
        },
    }


def measure(client, path, runs):
    client.get(path)  # the process's first time: imports, templates, connections
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(captured))
    return {
        "path": path,
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": queries,
        "ms": round(statistics.median(timings), 1),
    }


def seeded():
    """What the database holds: generated articles (and those without tags),
    approved comments, and the longest thread."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    from articles.models import Article

    longest = longest_thread()
    generated = Article.objects.filter(slug__startswith="generated-")
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article)
    ).values("object_id")
    return {
        "articles": generated.count(),
        "untagged": generated.exclude(pk__in=tagged).count(),
        "comments": Comment.objects.public().count(),
        "longest_thread": longest["n"] if longest else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="page names to measure")
    parser.add_argument(
        "--seeded", action="store_true", help="print what is seeded, and stop"
    )
    parser.add_argument(
        "--traffic",
        type=int,
        nargs=3,
        metavar=("SEED", "OLDER", "UNSEEN"),
        help="print the traffic phases' addresses, and stop",
    )
    args = parser.parse_args()
    if args.traffic:
        json.dump(traffic(*args.traffic), sys.stdout, ensure_ascii=False)
        print()
        return
    if args.seeded:
        print(json.dumps(seeded()))
        return
    client = Client(HTTP_HOST=HOST)
    found = {
        name: measure(client, path, args.runs)
        for name, path in pages().items()
        if not args.only or name in args.only
    }
    json.dump(found, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
