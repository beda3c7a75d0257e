"""The database unreachable: readers get a clean 503, and the site recovers.

Before: a stopped database gave the generic 500 page and a comment's text was
lost; a hung one held every request until gunicorn killed the worker.
"""

import os
import socket
import subprocess
import sys
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError

from cms.db import wait_with_deadline
from comments.models import Comment
from tests.cms.markup import parse, text
from tests.comments.factories import comment_data, post_url
from tests.factories import make_article

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


def hung_server():
    """A socket that accepts connections and never answers (a hung server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept())
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return server


def test_waiting_for_a_hung_server_gives_up_at_the_deadline():
    import psycopg2
    from psycopg2 import extensions

    server = hung_server()
    port = server.getsockname()[1]
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
    server = hung_server()
    port = server.getsockname()[1]
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


def test_health_check_says_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_check_says_which_part_is_down(client):
    with mock.patch("cms.cache.ping", return_value=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable"}

    with mock.patch("cms.views._database_answers", return_value=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_pages_already_cached_are_still_served_while_the_database_is_away(client):
    make_article(language="en", title="Kept in the cache")
    client.get("/en/")

    with (
        mock.patch("articles.selectors.next_scheduled_change", side_effect=DOWN),
        database_down(),
    ):
        response = client.get("/en/")

    assert response.status_code == 200
    assert "Kept in the cache" in response.content.decode()
