"""Pages of API lists: totals, links to the neighbouring pages, a stable order."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.client import get, problem, titles
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def test_a_page_links_to_its_neighbours_keeping_every_parameter(client):
    category = make_category(slug="news")
    for n in range(5):
        make_article(title=f"A{n}", category=category)

    data = get(client, "/api/v1/articles?category=news&page_size=2&page=2")

    assert data["count"] == 5
    for link, page in ((data["next"], "3"), (data["previous"], "1")):
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc, parts.path) == (
            "http",
            "testserver",
            "/api/v1/articles",
        )
        assert parse_qs(parts.query) == {
            "category": ["news"],
            "page_size": ["2"],
            "page": [page],
        }


def test_first_and_last_pages_have_no_link_beyond(client):
    for _ in range(3):
        make_article()

    first = get(client, "/api/v1/articles?page_size=2")
    last = get(client, first["next"])

    assert first["previous"] is None
    assert last["next"] is None
    assert len(last["results"]) == 1


def test_walking_next_sees_every_article_once_even_at_the_same_time(client):
    moment = timezone.now() - timedelta(hours=1)
    articles = [make_article(published_at=moment) for _ in range(7)]

    seen, url = [], "/api/v1/articles?page_size=3"
    while url:
        data = get(client, url)
        seen += [item["id"] for item in data["results"]]
        url = data["next"]

    assert seen == sorted((article.pk for article in articles), reverse=True)


def test_pages_are_twenty_long_by_default_and_at_most_a_hundred(client):
    for _ in range(21):
        make_article()

    assert len(get(client, "/api/v1/articles")["results"]) == 20
    assert len(get(client, "/api/v1/articles?page_size=100")["results"]) == 21
    refusal = problem(get(client, "/api/v1/articles?page_size=101", 422))
    assert refusal["loc"] == ["query", "page_size"]


@pytest.mark.parametrize("page", ["3", str(10**30)])
def test_a_page_past_the_end_is_not_found(client, page):
    make_article()

    refusal = problem(get(client, f"/api/v1/articles?page={page}", 404))

    assert refusal["loc"] == ["query", "page"]
    assert "1 page" in refusal["msg"]


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5", "1e3", "9" * 5000])
def test_a_page_that_is_not_a_page_number_is_refused(client, page):
    refusal = problem(get(client, f"/api/v1/articles?page={page}", 422))

    assert refusal["loc"] == ["query", "page"]


def test_an_empty_list_has_one_empty_page(client):
    data = get(client, "/api/v1/articles")

    assert data == {"count": 0, "next": None, "previous": None, "results": []}


def test_the_total_is_counted_once_for_every_page(client):
    for _ in range(3):
        make_article()
    get(client, "/api/v1/articles?page_size=2")

    with CaptureQueriesContext(connection) as queries:
        data = get(client, "/api/v1/articles?page_size=2&page=2")

    assert data["count"] == 3
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]


def test_an_editors_change_makes_the_total_fresh(client):
    make_article()
    assert get(client, "/api/v1/articles")["count"] == 1

    make_article()

    assert get(client, "/api/v1/articles")["count"] == 2


def test_totals_are_kept_apart_per_filter(client):
    make_article(title="Here", category=make_category(slug="here"))
    make_article(title="There")

    assert get(client, "/api/v1/articles?category=here")["count"] == 1
    assert get(client, "/api/v1/articles")["count"] == 2
    assert titles(get(client, "/api/v1/articles?category=here")) == ["Here"]
