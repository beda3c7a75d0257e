"""Whose a request is (``core.audience``): the page cache, the replica router
and robots.txt ask the one rule, and agree."""

import pytest
from django.test import RequestFactory

from core import audience, db_router, page_cache
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

REQUESTS = [
    # (method, cookies, headers, anyone's)
    ("get", {}, {}, True),
    ("head", {}, {}, True),
    ("options", {}, {}, False),
    ("post", {}, {}, False),
    ("get", {"sessionid": "x"}, {}, False),
    ("get", {"messages": "x"}, {}, False),
    ("get", {"cms_digits": "western"}, {}, True),
    ("get", {}, {"HTTP_AUTHORIZATION": "Basic eDp4"}, False),
]


@pytest.mark.parametrize(("method", "cookies", "headers", "anyones"), REQUESTS)
def test_the_page_cache_and_the_replicas_read_one_rule(
    method, cookies, headers, anyones
):
    request = getattr(RequestFactory(), method)("/en/", **headers)
    request.COOKIES.update(cookies)

    assert audience.is_anyones(request) is anyones
    assert page_cache.is_anyones_request(request) is anyones
    assert db_router.may_read_from_replica(request) is anyones


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/articles/", "/en/preview/12/", "/ar/preview/3/"]
    + ["/en/comments/moderation/", "/ar/comments/moderation/?page=2"],
)
def test_private_pages_are_never_anyones_and_crawlers_keep_out(client, path):
    request = RequestFactory().get(path)

    assert audience.is_private(request.path_info)
    assert not page_cache.is_anyones_request(request)
    disallowed = [
        line.split(": ", 1)[1]
        for line in client.get("/robots.txt").content.decode().splitlines()
        if line.startswith("Disallow: ")
    ]
    assert any(request.path_info.startswith(rule) for rule in disallowed)


def test_a_public_page_named_like_a_private_one_is_kept(client):
    """``preview`` as a category's slug is no preview: its page is anyone's
    (a rule that looked for "/preview/" anywhere in the address kept none)."""
    category = make_category(slug="preview", name_en="Preview of the season")
    make_article(language="en", category=category)
    address = "/en/category/preview/"
    assert client.get(address).status_code == 200

    assert client.get(address)["X-Cache"] == "hit"
