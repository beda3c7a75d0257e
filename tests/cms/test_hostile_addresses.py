"""Hand-made addresses and form values an attack tried: never a server error.

A NUL character in an address gave a 500 on PostgreSQL ("A string literal
cannot contain NUL"); on SQLite it was a 404. Both databases now answer alike.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from comments.models import Comment
from tests.comments.factories import comment_data, post_url
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/ar/category/a%00b/",
        "/en/article/a%00b/",
        "/en/tag/a%00b/",
        "/en/author/a%00b/",
        "/en/office/a%00b/",
        "/ar/comments/post/a%00b/",
        "/en/preview/1%00/",
    ],
)
def test_a_nul_character_in_an_address_is_not_found(client, address):
    make_article()
    assert client.get(address).status_code == 404
    assert client.post(address, {}).status_code == 404


@pytest.mark.parametrize(
    "address", ["/en/?page=1%00", "/en/article/{slug}/?reply_to=%00"]
)
def test_a_nul_character_in_the_query_is_a_clear_bad_request(client, address):
    article = make_article()

    response = client.get(address.format(slug=article.slug))

    assert response.status_code == 400
    assert "null character" in response.content.decode()


@pytest.mark.parametrize("query", ["?page=1%00", "?q=a%00b", "?a%00=1"])
def test_a_nul_character_in_a_parameter_the_page_never_reads_changes_nothing(
    client, query
):
    """The article page reads no page number nor words: it is the page of
    its address without them (``core.page_cache.keep_parameters_read``)."""
    article = make_article()
    plain = client.get(f"/en/article/{article.slug}/")

    response = client.get(f"/en/article/{article.slug}/{query}")

    assert response.status_code == 200
    assert response.content == plain.content


def test_a_nul_character_in_the_admin_search_is_a_bad_request_not_a_crash():
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))

    response = client.get("/admin/articles/article/?q=a%00b")

    assert response.status_code == 400


@pytest.mark.parametrize("field", ["name", "body", "email", "website"])
def test_a_nul_character_in_a_comment_field_is_a_form_error(client, field):
    article = make_article()
    data = comment_data()
    data[field] = data[field][:3] + "\x00" + data[field][3:]

    response = client.post(post_url(article, "en"), data, REMOTE_ADDR="192.0.2.1")

    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    kept = "body" if field != "body" else "name"
    assert data[kept] in response.content.decode()  # the reader's text is kept
    assert not Comment.objects.exists()
