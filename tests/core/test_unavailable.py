"""The database unreachable: readers get a clean 503, and the site recovers.

Before: a stopped database gave the generic 500 page and a comment's text was
lost; a hung one held every request until gunicorn killed the worker.
"""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection

from comments.models import Comment
from core.db import wait_with_deadline
from tests.comments.factories import comment_data, post_url
from tests.factories import make_article
from tests.markup import parse, text
from tests.processes import run_python
from tests.stalls import HungServer

pytestmark = pytest.mark.django_db

DOWN = OperationalError("could not connect to server: Connection refused")


def database_down():
    return mock.patch("articles.models.ArticleQuerySet.published", side_effect=DOWN)


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Temporarily unavailable"), ("ar", "الموقع غير متاح مؤقتًا")],
)
def test_readers_get_a_503_in_their_language(client, language, title):
    with database_down():
        response = client.get(f"/{language}/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    root = parse(response)
    assert root.get("lang") == language
    assert text(root.find(".//h1")) == title
    assert "could not connect" not in response.content.decode()


def test_the_site_recovers_by_itself(client):
    make_article(language="en", title="Back again")
    with database_down():
        assert client.get("/en/").status_code == 503

    response = client.get("/en/")

    assert response.status_code == 200
    assert "Back again" in response.content.decode()


def test_a_comment_sent_meanwhile_comes_back_with_its_text(client):
    article = make_article(language="en")
    data = comment_data(body="Typed while the database was away.", name="Samira")

    with mock.patch("comments.services.comment_create", side_effect=DOWN):
        response = client.post(post_url(article, "en"), data, REMOTE_ADDR="192.0.2.1")

    assert response.status_code == 503
    page = response.content.decode()
    assert "Your comment was not sent" in page
    root = parse(response)
    (body,) = [el for el in root.iter("textarea") if el.get("name") == "body"]
    assert body.text.strip() == "Typed while the database was away."
    names = {el.get("name"): el.get("value") for el in root.iter("input")}
    assert names["name"] == "Samira"
    assert names["issued"] == data["issued"]
    assert names["csrfmiddlewaretoken"]
    assert not Comment.objects.exists()

    again = client.post(post_url(article, "en"), data, REMOTE_ADDR="192.0.2.1")
    assert again.status_code == 302
    assert Comment.objects.get().body == "Typed while the database was away."


def test_waiting_for_a_hung_server_gives_up_at_the_deadline():
    import psycopg2
    from psycopg2 import extensions

    server = HungServer()
    port = server.port
    previous = extensions.get_wait_callback()
    extensions.set_wait_callback(wait_with_deadline(0.3))
    try:
        with pytest.raises(psycopg2.OperationalError, match="did not answer"):
            psycopg2.connect(host="127.0.0.1", port=port, dbname="x", user="x")
    finally:
        extensions.set_wait_callback(previous)
        server.close()


def test_a_hung_database_gives_the_web_process_a_503():
    """The WSGI application (as gunicorn loads it) answers instead of hanging."""
    server = HungServer()
    port = server.port
    env = {
        **{
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CMS_"))
        },
        "DATABASE_URL": f"postgres://x@127.0.0.1:{port}/x",
        "CMS_DB_TIMEOUT_SECONDS": "0.5",
        "DJANGO_SETTINGS_MODULE": "cms.settings",
    }
    script = (
        "import cms.wsgi\n"
        "from django.test import Client\n"
        "response = Client().get('/en/', HTTP_HOST='localhost')\n"
        "print(response.status_code, response['Retry-After'])\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.close()
    assert result.stdout.strip() == "503 30", result.stderr[-2000:]


def shared_database_url():
    """The test database, as another process reaches it (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own timeouts")
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


SERVER_TIMEOUTS = """
import time
import cms.wsgi
from django.db import connection
with connection.cursor() as cursor:
    for name in ("statement_timeout", "lock_timeout"):
        cursor.execute(f"SHOW {name}")
        print(cursor.fetchone()[0])
    started = time.monotonic()
    try:
        cursor.execute("SELECT pg_sleep(5)")
    except Exception as error:
        print(type(error.__cause__).__name__, round(time.monotonic() - started, 1))
    cursor.execute("SELECT 1")  # the connection is still usable
    print(cursor.fetchone()[0])
"""
SHOW_TIMEOUT = (
    "from django.db import connection; cursor = connection.cursor(); "
    "cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])"
)


def test_postgresql_itself_cancels_a_web_query_past_the_timeout():
    """The query stops in the database too: it kept running after the 503."""
    url = shared_database_url()

    web = run_python(
        ["-c", SERVER_TIMEOUTS], DATABASE_URL=url, CMS_DB_TIMEOUT_SECONDS="0.5"
    )
    command = run_python(
        ["manage.py", "shell", "--no-imports", "-c", SHOW_TIMEOUT], DATABASE_URL=url
    )

    assert web.stdout.split("\n")[:4] == ["500ms", "500ms", "QueryCanceled 0.5", "1"], (
        web.stderr[-2000:]
    )
    # Migrations, seeding and other commands keep PostgreSQL's default: none.
    assert command.stdout.strip() == "0", command.stderr[-2000:]


FIRST_REQUEST_AFTER_A_HANG = """
import os, sys, time
from wsgiref.util import setup_testing_defaults
from tests.stalls import StallingProxy

host, port, user, name = sys.argv[1:]
proxy = StallingProxy((host, int(port)))
os.environ["DATABASE_URL"] = f"postgres://{user}@127.0.0.1:{proxy.port}/{name}"
import cms.wsgi
from django.db import connections

# As in production (DEBUG off): connections kept, and checked before reuse.
connections.settings["default"].update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)


def get(path, query=""):
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    status = []
    started = time.monotonic()
    response = cms.wsgi.application(environ, lambda s, h, e=None: status.append(s))
    b"".join(response)
    response.close()
    return status[0].split()[0], time.monotonic() - started


print(get("/healthz")[0])  # a connection is open, and kept
proxy.stall()
for number in (1, 2, 3):
    status, seconds = get("/en/", f"reader={number}")
    print(status, round(seconds, 2))
"""


def test_a_workers_first_request_after_a_hang_waits_no_longer_than_the_others():
    """It waited twice: for the check of its kept connection, then for a new one."""
    if connection.vendor != "postgresql":
        pytest.skip("a kept PostgreSQL connection")
    db = connection.settings_dict
    where = [db["HOST"], str(db["PORT"]), db["USER"], db["NAME"]]

    result = run_python(
        ["-c", FIRST_REQUEST_AFTER_A_HANG, *where], CMS_DB_TIMEOUT_SECONDS="0.5"
    )

    lines = result.stdout.split("\n")
    assert lines[0] == "200", result.stderr[-2000:]
    answers = [line.split() for line in lines[1:4]]
    assert [status for status, _seconds in answers] == ["503"] * 3
    first, *others = [float(seconds) for _status, seconds in answers]
    assert first < 1.3 * min(others), answers
    assert max(others) < 3  # the deadline and its grace, not gunicorn's timeout


def test_health_check_says_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_check_says_which_part_is_down(client):
    with mock.patch("core.cache.ping", return_value=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable"}

    with mock.patch("site_settings.views._database_answers", return_value=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_pages_already_cached_are_still_served_while_the_database_is_away(client):
    make_article(language="en", title="Kept in the cache")
    client.get("/en/")

    with (
        mock.patch("articles.services.scheduled_changes", side_effect=DOWN),
        database_down(),
    ):
        response = client.get("/en/")

    assert response.status_code == 200
    assert "Kept in the cache" in response.content.decode()
