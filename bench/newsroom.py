"""A working newsroom beside the readers of ``make bench``'s traffic phases.

Run by ``bench/traffic.py`` in its own process, with the served site's
settings (the same database and Redis, so that what it changes reaches the
workers as an editor's change from the desk would):

- every ``--approve-every`` seconds a reader's comment arrives under one of
  the ``--recent`` newest articles, held for moderation, and the moderator
  approves it through ``comments.services.comment_approve``;
- every ``--publish-every`` seconds (0: never) an editor publishes a new
  article through ``articles.services.article_publish``, in a random section,
  in Arabic and English in turn.

It prints ``ready`` once Django is loaded, runs until it is sent SIGTERM, and
then prints JSON: each change's time (``time.time()``) and how long it took.
``--clean`` deletes instead what earlier runs made (they are marked by
``MARK``), so that the shared benchmark database stays as it was seeded.
"""

import argparse
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import transaction  # noqa: E402
from reversion.models import Revision  # noqa: E402

from articles.models import Article, ArticleAuthor, Author, Category  # noqa: E402
from articles.services import article_publish  # noqa: E402
from comments.models import Comment, Status  # noqa: E402
from comments.services import comment_approve  # noqa: E402
from demo.management.commands.seed_demo import (  # noqa: E402
    AR_BODY,
    COMMENT_BODIES,
    COMMENT_NAMES,
    EN_BODY,
    make_article_fields,
)

# What the newsroom makes carries this: comments by this address, articles
# with slugs starting with it.
MARK = "bench-newsroom"
EMAIL = f"{MARK}@example.org"


class Stop(Exception):
    """SIGTERM: the phase is over."""


def stop(signum, frame):
    raise Stop


def approve_one(recent, rng):
    """A reader's comment held for moderation, then approved. Made directly as
    held (what the reader's form does when the policy holds it, without the
    rate limit and the moderators' mail): a held comment changes nothing that
    readers see, the approval does."""
    comment = Comment.objects.create(
        article_id=rng.choice(recent),
        name=rng.choice(COMMENT_NAMES),
        email=EMAIL,
        body=rng.choice(COMMENT_BODIES),
        status=Status.PENDING,
    )
    comment_approve(comment=comment, moderator=None)


def publish_one(number, rng, run):
    """A new article published now, with one author, as from the desk. No
    picture: the seeded ones are files of the checkout that seeded the
    database, and a new article renders its picture's sizes on saving."""
    language = "ar" if number % 2 == 0 else "en"
    title, excerpt, _body = make_article_fields(rng.randrange(1000), language, rng)
    author = rng.choice(list(Author.objects.select_related("office")))
    with transaction.atomic():
        article = article_publish(
            article=Article(
                title=f"{title} {number + 1}",
                slug=f"{MARK}-{run}-{number}",
                language=language,
                category=rng.choice(
                    list(Category.objects.live().filter(children__isnull=True))
                ),
                office=author.office,
                excerpt=excerpt,
                body=AR_BODY if language == "ar" else EN_BODY,
            )
        )
        ArticleAuthor.objects.create(article=article, author=author)
    return article


def work(args):
    rng = random.Random()
    run = f"{int(time.time())}"
    recent = list(
        Article.objects.published()
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[: args.recent]
    )
    actions = {"approve": args.approve_every, "publish": args.publish_every}
    started = time.monotonic()
    due = {name: every for name, every in actions.items() if every > 0}
    done = {name: [] for name in actions}
    signal.signal(signal.SIGTERM, stop)
    print("ready", flush=True)
    try:
        while due:
            name = min(due, key=due.get)
            time.sleep(max(0.0, started + due[name] - time.monotonic()))
            began = time.time()
            if name == "approve":
                approve_one(recent, rng)
            else:
                publish_one(len(done["publish"]), rng, run)
            done[name].append([began, round((time.time() - began) * 1000, 1)])
            due[name] += actions[name]
    except Stop:
        pass
    print(json.dumps(done), flush=True)


@transaction.atomic
def clean():
    """Delete what the newsroom made: its comments, its articles (with their
    comments, search documents and revisions). Returns how many of each."""
    _, deleted = Comment.objects.filter(email=EMAIL).delete()
    articles = list(
        Article.objects.filter(slug__startswith=f"{MARK}-").values_list("pk", flat=True)
    )
    Revision.objects.filter(
        version__content_type=ContentType.objects.get_for_model(Article),
        version__object_id__in=[str(pk) for pk in articles],
    ).delete()
    Article.objects.filter(pk__in=articles).delete()
    return {"comments": deleted.get("comments.Comment", 0), "articles": len(articles)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approve-every", type=float, default=5)
    parser.add_argument("--publish-every", type=float, default=0)
    parser.add_argument("--recent", type=int, default=300)
    parser.add_argument("--clean", action="store_true", help="see the module")
    args = parser.parse_args()
    if args.clean:
        print(json.dumps(clean()))
    else:
        work(args)


if __name__ == "__main__":
    main()
