"""The article form reads as writing: the title, standfirst, text and byline
first, in a column of their own, the details beside them, in the site's
typeface (issue: the desk a newsroom works in all day)."""

import pytest

from tests.articles.desk import admin_url, log_in, make_editor
from tests.factories import make_article
from tests.markup import parse

pytestmark = pytest.mark.django_db


def columns(response):
    """``{column class: [field names in order]}`` of the form's two columns."""
    found = {}
    for div in parse(response).iter("div"):
        kind = div.get("class") or ""
        if kind in ("writing-column", "details-column"):
            found[kind] = [
                element.get("name")
                for element in div.iter()
                if element.tag in ("input", "textarea", "select")
                and element.get("name")
                and element.get("type") != "hidden"
                and not element.get("name").startswith("article_authors-__prefix__")
            ]
    return found


def test_the_writing_comes_first_and_the_details_beside_it(client):
    article = make_article()
    log_in(client, make_editor())

    response = client.get(admin_url("change", article.pk))

    found = columns(response)
    assert found["writing-column"][:3] == ["title", "excerpt", "body"]
    assert "article_authors-0-author" in found["writing-column"]  # the byline
    assert found["details-column"][:2] == ["slug", "language"]
    for name in ("status", "breaking_until_0", "lead_image", "tags"):
        assert name in found["details-column"], name
    assert "css/desk_article.css" in response.content.decode()


def test_a_correction_note_sits_with_the_text_it_explains(client):
    article = make_article()  # published
    log_in(client, make_editor())

    found = columns(client.get(admin_url("change", article.pk)))

    assert "correction_note" in found["writing-column"]


def test_the_add_form_has_the_same_columns(client):
    log_in(client, make_editor())

    found = columns(client.get(admin_url("add")))

    assert found["writing-column"][:3] == ["title", "excerpt", "body"]
    assert "category" in found["details-column"]
