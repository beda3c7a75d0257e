"""Several gunicorn workers sharing Redis: no reader sees a stale page.

Before: each worker kept its own cache, and after an editor renamed the site
12 of 15 page views still showed the old name. Here two workers serve, the
test process changes the content (as the admin would, in another process),
and every page view after it must show the change.

Needs a database and a cache two processes can share: PostgreSQL and Redis
(``REDIS_URL``), as CI runs the suite; skipped otherwise.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from articles import services
from articles.models import Article
from comments import services as comment_services
from comments.models import Comment
from site_settings.models import SiteSettings
from tests.comments.factories import make_comment
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
        reason="needs the shared Redis cache (REDIS_URL)",
    ),
]

VIEWS = 15


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def workers():
    """Two gunicorn workers on the test database and the test's Redis."""
    if connection.vendor != "postgresql":
        pytest.skip("two processes need a database they can share (PostgreSQL)")
    port = free_port()
    db = connection.settings_dict
    env = {
        **{
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CMS_"))
        },
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
        "CMS_CACHE_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        "DJANGO_DEBUG": "1",
        "CMS_PAGE_CACHE_SECONDS": "300",
    }
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "cms.wsgi", "--workers", "2",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def views(url):
    """The page ``url`` as many readers get it, one after the other."""
    pages = []
    for _ in range(VIEWS):
        with urllib.request.urlopen(url, timeout=10) as response:
            pages.append(response.read().decode())
    return pages


def rename_the_site(article):
    SiteSettings(site_name_en="A renamed office").save()
    return "A renamed office"


def correct_the_title(article):
    article.title = "A corrected title"
    services.article_save(article=article)
    return "A corrected title"


def approve_a_comment(article):
    comment = make_comment(
        article=article, status=Comment.Status.PENDING, body="A reader's remark."
    )
    comment_services.comment_approve(comment=comment, moderator=None)
    return "A reader&#x27;s remark."


@pytest.mark.parametrize(
    "change", [rename_the_site, correct_the_title, approve_a_comment]
)
def test_no_worker_serves_a_stale_page_after_a_change(workers, change):
    article = make_article(language="en", title="The first title", slug="first")
    url = f"{workers}/en/article/first/"
    assert all("The first title" in page for page in views(url))  # now cached

    expected = change(Article.objects.get(pk=article.pk))

    assert all(expected in page for page in views(url))
