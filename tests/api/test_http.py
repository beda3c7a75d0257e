"""The API over HTTP: read-only methods, CORS, caching, and hostile requests
answered in JSON (4xx, never a 500)."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests.api.client import JSON, get, problem
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/api/v1/",
    "/api/v1/articles",
    "/api/v1/search?q=water",
    "/api/v1/categories",
    "/api/v1/authors",
    "/api/v1/offices",
    "/api/v1/tags",
    "/api/v1/openapi.json",
    "/api/v1/docs",
]


# Methods --------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_refused_in_json(client, method):
    make_article()

    response = getattr(client, method)("/api/v1/articles")

    assert response.status_code == 405
    assert response["Content-Type"] == JSON
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert problem(response.json())["type"] == "method_not_allowed"


def test_head_answers_like_get_without_a_body(client):
    make_article()
    got = client.get("/api/v1/articles")

    head = client.head("/api/v1/articles")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Content-Length"] == str(len(got.content))


# CORS -----------------------------------------------------------------------------


def test_any_origin_may_read_by_default(client):
    response = client.get("/api/v1/articles", headers={"Origin": "https://x.example"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Access-Control-Expose-Headers"] == "ETag"


def test_a_setting_restricts_the_origins(client, settings):
    settings.CMS_API_CORS_ORIGINS = ["https://partner.example"]

    partner = client.get(
        "/api/v1/articles", headers={"Origin": "https://partner.example"}
    )
    stranger = client.get("/api/v1/articles", headers={"Origin": "https://x.example"})

    assert partner["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "Origin" in partner["Vary"]
    assert "Access-Control-Allow-Origin" not in stranger
    assert "Origin" in stranger["Vary"]


def test_a_preflight_request_is_answered(client):
    response = client.options(
        "/api/v1/articles",
        headers={
            "Origin": "https://x.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert int(response["Access-Control-Max-Age"]) > 0


# Caching --------------------------------------------------------------------------


@pytest.mark.parametrize("url", ADDRESSES)
def test_every_address_is_cacheable_and_open_to_any_origin(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_lifetime_is_a_setting(client, settings):
    settings.CMS_API_CACHE_SECONDS = 300

    assert client.get("/api/v1/articles")["Cache-Control"] == "public, max-age=300"


def test_a_known_etag_gets_not_modified_until_the_content_changes(client):
    article = make_article(title="First title")
    etag = client.get(f"/api/v1/articles/{article.pk}")["ETag"]

    unchanged = client.get(f"/api/v1/articles/{article.pk}", HTTP_IF_NONE_MATCH=etag)
    article.title = "Second title"
    article.save()
    changed = client.get(f"/api/v1/articles/{article.pk}", HTTP_IF_NONE_MATCH=etag)

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert changed.status_code == 200
    assert changed.json()["title"] == "Second title"


@pytest.mark.parametrize(
    ("origins", "origin"), [(("*",), "*"), (("https://partner.example",), None)]
)
def test_a_304_still_lets_the_origin_read_it(client, settings, origins, origin):
    """A browser reuses its copy of a cross-origin answer only when the 304
    says that origin may read it (the 304 is the middleware's, as for pages)."""
    settings.CMS_API_CORS_ORIGINS = origins
    article = make_article()
    url = f"/api/v1/articles/{article.pk}"
    asking = "https://partner.example"
    etag = client.get(url, HTTP_ORIGIN=asking)["ETag"]

    response = client.get(url, HTTP_ORIGIN=asking, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == (origin or asking)
    assert response["Access-Control-Expose-Headers"] == "ETag"


def test_refusals_are_not_kept_by_shared_caches(client):
    response = client.get("/api/v1/articles?category=nowhere")

    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


def test_messages_are_english_whatever_the_reader_prefers(client):
    data = get(client, "/api/v1/articles?since=1445-05-30", 422, Accept_Language="ar")

    assert "Hijri month 5/1445 has 29 days" in problem(data)["msg"]


# Hostile requests -----------------------------------------------------------------

PARAMETERS = [
    "language",
    "edition",
    "category",
    "author",
    "office",
    "tag",
    "since",
    "until",
    "month",
    "hijri_month",
    "page",
    "page_size",
]


@pytest.mark.parametrize("parameter", PARAMETERS)
@pytest.mark.parametrize(
    "value",
    [
        "%00",
        "a%00b",
        "%FF%FE",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "1" * 40,
        "-" + "9" * 30,
        "%E2%80%AE",
        "x" * 5000,
    ],
    ids=["nul", "inner nul", "not utf-8", "script", "huge", "negative", "rtl", "long"],
)
def test_a_hostile_value_is_refused_in_json_naming_it(client, parameter, value):
    response = client.get(f"/api/v1/articles?{parameter}={value}")

    assert response.status_code in (400, 404, 422)
    assert response["Content-Type"] == JSON
    assert problem(response.json())["loc"] == ["query", parameter]
    assert b"<script" not in response.content


@pytest.mark.parametrize("url", ["/api/v1/search?q=%00", "/api/v1/authors?office=%00"])
def test_nul_is_refused_in_every_list(client, url):
    response = client.get(url)

    assert response.status_code == 422
    assert response["Content-Type"] == JSON


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/0",
        "/api/v1/articles/-1",
        "/api/v1/articles/" + "9" * 30,
        "/api/v1/articles/abc",
        "/api/v1/authors/%3Cscript%3E",
    ],
)
def test_a_bad_address_part_is_refused_in_json(client, url):
    response = client.get(url)

    assert response.status_code == 422
    assert problem(response.json())["loc"][0] == "path"


def test_an_unknown_address_is_a_json_404(client):
    data = get(client, "/api/v1/articles/1/comments", 404)

    assert problem(data)["type"] == "not_found"


def test_the_rest_of_the_site_still_refuses_nul_with_its_page(client):
    response = client.get("/en/?page=%00")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


# Errors of the whole request ------------------------------------------------------


@contextmanager
def database_away():
    """Every query fails as with a database that cannot be reached."""
    down = OperationalError("could not connect to server: Connection refused")
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=down):
        yield


@pytest.mark.parametrize("debug", [False, True], ids=["serve", "run"])
@pytest.mark.parametrize("url", ["/api/v1/articles", "/api/v1/categories"])
def test_with_the_database_away_the_api_answers_503_in_json(
    client, settings, url, debug
):
    """Not the readers' Arabic HTML page, nor (``make run``) a traceback."""
    settings.DEBUG = debug
    with database_away():
        response = client.get(url, HTTP_ORIGIN="https://reader.example")

    assert response.status_code == 503
    assert response["Content-Type"] == JSON
    assert problem(response.json())["type"] == "unavailable"
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "could not connect" not in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/openapi.json"])
def test_addresses_that_need_no_database_answer_while_it_is_away(client, url):
    with database_away():
        response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()


def test_a_server_error_in_the_api_is_json_and_says_whether_anyone_was_told(
    settings,
):
    client = Client(raise_request_exception=False)
    failure = RuntimeError("a deliberate failure")
    with mock.patch("api.views.listed_articles", side_effect=failure):
        settings.ADMINS = []
        alone = client.get("/api/v1/articles")
        settings.ADMINS = [("Ops", "ops@example.org")]
        told = client.get("/api/v1/articles")

    for response in (alone, told):
        assert response.status_code == 500
        assert response["Content-Type"] == JSON
        assert problem(response.json())["type"] == "server_error"
    assert "told" not in problem(alone.json())["msg"]
    assert "has been told" in problem(told.json())["msg"]
