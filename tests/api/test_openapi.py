"""The API's description (OpenAPI 3) and its documentation page."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

from tests.api.client import problem
from tests.factories import make_article, make_author, make_category, make_office
from tests.markup import parse, parse_strict

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_openapi_document_validates(document):
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_endpoint_is_documented(document):
    assert set(document["paths"]) == {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/search",
        "/api/v1/categories",
        "/api/v1/authors",
        "/api/v1/authors/{slug}",
        "/api/v1/offices",
        "/api/v1/offices/{slug}",
        "/api/v1/tags",
    }


# Every documented parameter: a value the API answers, and one it refuses.
SAMPLES = {
    "language": ("ar", "fr"),
    "edition": ("en", "xx"),
    "category": ("statements/regional", "a b"),
    "author": ("sami", "<b>"),
    "office": ("central", "a/b"),
    "tag": ("water", "x" * 300),
    "since": ("1445-05-01", "2023-02-30"),
    "until": ("2030-01-01", "2023-13-01"),
    "month": ("2023-12", "2023-13"),
    "hijri_month": ("1445-05", "1445-13"),
    "page": ("1", "0"),
    "page_size": ("5", "101"),
    "q": ("water", "..."),
    # In the path: the site's own article, author or office answers.
    "article_id": (None, "0"),
    "slug": (None, "<b>"),
}


@pytest.fixture
def site():
    office = make_office(slug="central")
    author = make_author(slug="sami", office=office)
    regional = make_category(slug="regional", parent=make_category(slug="statements"))
    article = make_article(title="Water", category=regional, authors=[author])
    article.tags.add("Water")
    return article


def documented_parameters(document):
    """``(path, parameter)`` for every parameter of every GET."""
    return [
        (path, parameter)
        for path, item in document["paths"].items()
        for parameter in item["get"].get("parameters", [])
    ]


def test_every_documented_parameter_has_samples_here(document):
    names = {parameter["name"] for _, parameter in documented_parameters(document)}

    assert names == set(SAMPLES)


def address(path, name, value, article):
    """``path`` asking ``name=value`` (``None``: the sample site's own)."""
    parts = {
        "article_id": article.pk,
        "slug": "central" if path.startswith("/api/v1/offices/") else "sami",
    }
    if name in parts:
        return path.format(**{**parts, name: value or parts[name]})
    query = {"q": "water"} if path == "/api/v1/search" else {}
    return f"{path.format(**parts)}?{urlencode({**query, name: value})}"


def test_the_api_answers_every_documented_parameter(client, document, site):
    for path, parameter in documented_parameters(document):
        good, _bad = SAMPLES[parameter["name"]]
        url = address(path, parameter["name"], good, site)
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])


def test_the_api_refuses_a_bad_value_of_every_documented_parameter(
    client, document, site
):
    for path, parameter in documented_parameters(document):
        _good, bad = SAMPLES[parameter["name"]]
        url = address(path, parameter["name"], bad, site)
        response = client.get(url)
        assert 400 <= response.status_code < 500, url
        assert problem(response.json())["loc"][-1] == parameter["name"], url


def test_every_documented_parameter_is_described(document):
    for path, parameter in documented_parameters(document):
        assert parameter.get("description"), (path, parameter["name"])


# The documentation page ---------------------------------------------------------


def test_the_docs_page_uses_only_the_sites_own_files(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()

    assert response.status_code == 200
    assert not re.search(r"https?://", html)
    root = parse(html)
    assets = [el.get("src") for el in root.iter("script") if el.get("src")] + [
        el.get("href") for el in root.iter("link")
    ]
    assert len(assets) == 5
    for asset in assets:
        assert asset.startswith("/static/")
        assert finders.find(asset.removeprefix("/static/")), asset


def test_the_docs_page_reads_the_document_and_sends_it_nowhere(client):
    root = parse(client.get("/api/v1/docs"))

    (settings,) = [el for el in root.iter("script") if el.get("id")]
    assert settings.get("type") == "application/json"
    assert '"url": "/api/v1/openapi.json"' in settings.text
    assert '"validatorUrl": null' in settings.text


def test_the_docs_page_is_valid_html_with_a_language_and_a_heading(client):
    html = client.get("/api/v1/docs").content.decode()

    root = parse_strict(html)
    assert root.get("lang") == "en"
    assert len(list(root.iter("h1"))) == 1
