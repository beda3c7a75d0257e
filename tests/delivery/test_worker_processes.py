"""Real worker processes: a scheduled statement reaches its channel within a
minute of its time, with no editor action, exactly once, with two workers.

Everything runs as it does on a server: a database of its own (a file for
SQLite, a database on the same server for PostgreSQL), migrated by
``manage.py migrate``, the content made by ``manage.py shell``, and two
``manage.py worker`` processes; the test process plays Telegram's Bot API.
"""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from tests.delivery.bot_api import BotAPIServer

pytestmark = pytest.mark.django_db(transaction=True)

SCHEDULE = """
import datetime
from django.db import transaction
from django.utils import timezone
from articles.models import Article, Author, ArticleAuthor, Category, Office
from delivery.models import Channel

Channel.objects.create(name="News", chat="@water_news", language="en")
office = Office.objects.create(slug="central", name_en="Central office")
category = Category.objects.create(slug="news", name_en="News")
author = Author.objects.create(slug="writer", name_en="A writer", office=office)
with transaction.atomic():
    article = Article.objects.create(
        title="Statement on the regional water programme",
        slug="water",
        language="en",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(seconds=4),
        body="<p>The programme's next steps.</p>",
        category=category,
        office=office,
    )
    ArticleAuthor.objects.create(article=article, author=author)
print(article.published_at.timestamp())
"""


@pytest.fixture
def database(tmp_path):
    """The URL of an empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'workers.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"cms_workers_{uuid.uuid4().hex[:8]}"
    server = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}"

    def psql(command):
        subprocess.run(["psql", f"{server}/postgres", "-qc", command], check=True)

    psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        psql(f'DROP DATABASE "{name}" WITH (FORCE)')


def environment(database, bot_api, tmp_path):
    keep = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "CMS_", "DATABASE_", "TELEGRAM_", "TASKS_"))
        and name != "REDIS_URL"
    }
    return {
        **keep,
        "DATABASE_URL": database,
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "TELEGRAM_BOT_TOKEN": bot_api.token,
        "TELEGRAM_API_URL": bot_api.url,
        "CMS_SITE_URL": "https://media.example.org",
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def test_a_scheduled_statement_is_posted_once_by_two_workers(database, tmp_path):
    bot_api = BotAPIServer()
    env = environment(database, bot_api, tmp_path)
    manage(env, "migrate", "--no-input", "-v0")
    scheduled = float(manage(env, "shell", "-c", SCHEDULE).stdout.split()[-1])
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        deadline = scheduled + 60
        while time.time() < deadline and not bot_api.calls("sendMessage"):
            assert all(worker.poll() is None for worker in workers)
            time.sleep(0.2)
        posted = time.time()
        time.sleep(3)  # any second post would be on its way by now
    finally:
        for worker in workers:
            worker.terminate()
        errors = [worker.communicate(timeout=30)[1] for worker in workers]
        bot_api.close()

    (post,) = bot_api.posts("@water_news").values()
    assert post.text.startswith("Statement on the regional water programme")
    assert len(bot_api.calls("sendMessage")) == 1, errors
    assert scheduled <= posted <= scheduled + 60
