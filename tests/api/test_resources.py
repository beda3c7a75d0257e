"""Categories, authors, offices, tags and search in the API."""

import pytest

from articles.models import Article
from tests.api.client import get, problem, refused_parameter, titles
from tests.factories import make_article, make_author, make_category, make_office

pytestmark = pytest.mark.django_db


# Categories ---------------------------------------------------------------------


def test_categories_come_as_a_tree_counting_sub_categories(client):
    root = make_category(slug="statements", position=1)
    regional = make_category(slug="regional", parent=root)
    make_category(slug="press", position=0)
    make_category(slug="secret", parent=root, is_published=False)
    make_article(category=root)
    make_article(category=regional, language="ar")
    make_article(category=regional, status=Article.Status.DRAFT)

    (press, statements) = get(client, "/api/v1/categories")["results"]

    assert (press["path"], press["count"], press["children"]) == ("press", 0, [])
    assert (statements["path"], statements["count"]) == ("statements", 2)
    (child,) = statements["children"]
    assert (child["path"], child["count"], child["children"]) == (
        "statements/regional",
        1,
        [],
    )
    assert child["url_ar"] == "http://testserver/ar/category/statements/regional/"
    assert child["id"] == regional.pk


def test_category_counts_follow_the_edition_asked_for(client):
    category = make_category(slug="news")
    make_article(category=category, language="ar")
    make_article(category=category, language="ar")
    make_article(category=category, language="en")

    def count(query):
        return get(client, f"/api/v1/categories{query}")["results"][0]["count"]

    assert (count(""), count("?edition=ar"), count("?edition=en")) == (3, 2, 1)
    assert refused_parameter(client, "/api/v1/categories?edition=fr", 422) == "edition"


# Authors and offices --------------------------------------------------------------


def test_authors_are_listed_by_slug_with_their_office(client):
    office = make_office(slug="coast", name_en="Coastal Office")
    make_author(slug="b-author", office=office, role_en="Spokesman")
    make_author(slug="a-author")

    results = get(client, "/api/v1/authors")["results"]

    assert [author["slug"] for author in results] == ["a-author", "b-author"]
    assert results[1]["role_en"] == "Spokesman"
    assert results[1]["office"]["name_en"] == "Coastal Office"
    assert results[1]["url_en"] == "http://testserver/en/author/b-author/"
    assert results[1]["photo"] is None


def test_authors_of_one_office(client):
    office = make_office(slug="coast")
    make_author(slug="here", office=office)
    make_author(slug="elsewhere")

    data = get(client, "/api/v1/authors?office=coast")

    assert [author["slug"] for author in data["results"]] == ["here"]
    assert refused_parameter(client, "/api/v1/authors?office=nowhere", 404) == (
        "office"
    )


def test_an_author_by_slug(client):
    make_author(slug="sami", name_ar="سامي", bio_en="Writes statements.")

    author = get(client, "/api/v1/authors/sami")

    assert (author["name_ar"], author["bio_en"]) == ("سامي", "Writes statements.")
    assert problem(get(client, "/api/v1/authors/nobody", 404))["loc"] == [
        "path",
        "slug",
    ]


def test_offices_come_in_the_editors_order(client):
    make_office(slug="central", position=0, is_central=True)
    make_office(slug="north", position=1)

    results = get(client, "/api/v1/offices")["results"]

    assert [(o["slug"], o["is_central"]) for o in results] == [
        ("central", True),
        ("north", False),
    ]
    assert get(client, "/api/v1/offices/north")["url_ar"] == (
        "http://testserver/ar/office/north/"
    )
    assert refused_parameter(client, "/api/v1/offices/nowhere", 404) == "slug"


# Tags ----------------------------------------------------------------------------


def test_tags_are_those_published_articles_carry_by_name(client):
    make_article().tags.add("Water", "Roads")
    make_article().tags.add("Water")
    make_article(status=Article.Status.DRAFT).tags.add("Unannounced")

    results = get(client, "/api/v1/tags")["results"]

    assert results == [
        {"name": "Roads", "slug": "roads"},
        {"name": "Water", "slug": "water"},
    ]


# Search -------------------------------------------------------------------------


def searched(client, query):
    return titles(get(client, f"/api/v1/search?{query}"))


def test_search_finds_words_in_titles_excerpts_and_bodies(client):
    make_article(title="Water network repairs")
    make_article(title="Volunteer day", excerpt="Bring water bottles.")
    make_article(title="Schools", body="<p>Drinking water in every school.</p>")
    make_article(title="Roads")

    assert sorted(searched(client, "q=water")) == [
        "Schools",
        "Volunteer day",
        "Water network repairs",
    ]


def test_search_needs_every_word(client):
    make_article(title="Water network repairs")
    make_article(title="Water day")

    assert searched(client, "q=water+repairs") == ["Water network repairs"]


def test_search_folds_case_and_arabic_spelling_of_the_query(client):
    make_article(title="بيان احمد عن المياه", language="ar")
    make_article(title="Statement", language="en")

    assert searched(client, "q=%D8%A3%D8%AD%D9%85%D8%AF") == ["بيان احمد عن المياه"]
    assert searched(client, "q=STATEMENT") == ["Statement"]


def test_search_takes_the_filters_of_the_article_list(client):
    make_article(title="Water in Arabic", language="ar")
    make_article(title="Water in English", language="en")

    assert searched(client, "q=water&language=en") == ["Water in English"]
    assert refused_parameter(client, "/api/v1/search?q=water&tag=none", 404) == "tag"


def test_search_never_finds_unpublished_articles(client):
    make_article(title="Water draft", status=Article.Status.DRAFT)

    assert searched(client, "q=water") == []


@pytest.mark.parametrize("query", ["", "q=", "q=%20%20", "q=...", "q=" + "w" * 201])
def test_search_without_words_is_refused(client, query):
    assert refused_parameter(client, f"/api/v1/search?{query}", 422) == "q"
