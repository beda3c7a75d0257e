"""Language editions, linked translations and canonical addresses.

``/ar/`` and ``/en/`` are two editions: each lists the articles written in its
language. An article is served in its own edition only, offers its
translation, and every public page names its canonical address.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import selectors, services
from articles.models import Article
from tests.articles.desk import (
    admin_url,
    form_data,
    log_in,
    make_editor,
    versions_of,
)
from tests.factories import make_article, make_author, make_category, make_office
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def titles(response):
    root = parse(response)
    return {text(h) for h in find_by_class(root, "h2", "article-card-title")} | {
        text(h) for h in find_by_class(root, "h3", "article-card-title")
    }


def alternates(response):
    return {
        link.get("hreflang"): link.get("href")
        for link in parse(response).iter("link")
        if link.get("rel") == "alternate" and link.get("hreflang")
    }


def canonical(response):
    (link,) = [
        link for link in parse(response).iter("link") if link.get("rel") == "canonical"
    ]
    return link.get("href")


@pytest.fixture
def both_languages():
    """An Arabic and an English article sharing everything but the language."""
    office = make_office(slug="central")
    author = make_author(slug="samira", office=office)
    category = make_category(slug="news")
    arabic = make_article(
        title="بيان بالعربية", language="ar", category=category, authors=[author]
    )
    english = make_article(
        title="English statement", language="en", category=category, authors=[author]
    )
    for article in (arabic, english):
        article.tags.add("Water")
    return arabic, english


# Editions ----------------------------------------------------------------------

LISTS = [
    "/{}/",
    "/{}/category/news/",
    "/{}/author/samira/",
    "/{}/office/central/",
    "/{}/tag/water/",
]


@pytest.mark.parametrize("url", LISTS)
def test_each_edition_lists_only_its_own_language(client, both_languages, url):
    assert titles(client.get(url.format("ar"))) == {"بيان بالعربية"}
    assert titles(client.get(url.format("en"))) == {"English statement"}


@pytest.mark.parametrize("url", LISTS)
def test_one_edition_lists_every_article_in_both_interfaces(
    client, both_languages, url, one_edition
):
    for language in ("ar", "en"):
        found = titles(client.get(url.format(language)))
        assert found == {"بيان بالعربية", "English statement"}


def test_category_counts_are_per_edition(client, both_languages):
    make_article(language="en", category=both_languages[1].category)

    counts = {}
    for language in ("ar", "en"):
        root = parse(client.get(f"/{language}/"))
        (tree,) = find_by_class(root, "nav", "category-tree")
        counts[language] = [text(span) for span in find_by_class(tree, "span", "count")]

    assert counts == {"ar": ["(١)"], "en": ["(2)"]}


def test_an_empty_edition_says_so_and_links_to_the_other(client):
    make_article(language="ar")

    root = parse(client.get("/en/"))

    assert "No articles have been published here yet." in text(root)
    (link,) = find_by_class(root, "p", "other-edition")
    anchor = link.find("a")
    assert (anchor.get("href"), text(anchor)) == ("/ar/", "Read the Arabic edition")


# An article in its own edition ---------------------------------------------------


def test_an_article_under_the_other_prefix_redirects_permanently(client):
    make_article(language="ar", slug="bayan")

    response = client.get("/en/article/bayan/?utm=x")

    assert response.status_code == 301
    assert response["Location"] == "/ar/article/bayan/"


def test_with_one_edition_an_article_answers_under_both_prefixes(client, one_edition):
    make_article(language="ar", slug="bayan")

    assert client.get("/en/article/bayan/").status_code == 200


def test_links_to_an_article_use_its_own_edition():
    article = make_article(language="ar", slug="bayan")
    assert article.get_absolute_url() == "/ar/article/bayan/"


# Translations ----------------------------------------------------------------------


def linked_pair():
    arabic = make_article(language="ar", title="بيان عن المياه", slug="bayan")
    english = make_article(language="en", title="Statement on water", slug="water")
    arabic.translation = english
    services.article_save(article=arabic)
    return Article.objects.get(pk=arabic.pk), Article.objects.get(pk=english.pk)


def test_linking_a_translation_links_both_ways():
    arabic, english = linked_pair()
    assert (arabic.translation, english.translation) == (english, arabic)


def test_linking_another_translation_releases_the_old_one():
    arabic, english = linked_pair()
    replacement = make_article(language="en", title="Statement on water, revised")

    arabic.translation = replacement
    services.article_save(article=arabic)

    assert Article.objects.get(pk=replacement.pk).translation_id == arabic.pk
    assert Article.objects.get(pk=english.pk).translation_id is None


def test_unlinking_releases_both():
    arabic, english = linked_pair()
    arabic.translation = None
    services.article_save(article=arabic)
    assert Article.objects.get(pk=english.pk).translation_id is None


def link_in_the_admin(client, article, translation):
    """An editor picks ``translation`` on ``article``'s change page and saves."""
    log_in(client, make_editor())
    url = admin_url("change", article.pk)
    data = form_data(client.get(url))
    data["translation"] = str(translation.pk)
    return client.post(url, data)


def test_an_editor_links_a_translation_in_the_admin(client):
    office = make_office()  # a statement and its translation: one office
    arabic = make_article(language="ar", title="بيان", office=office)
    english = make_article(language="en", title="Statement", office=office)

    response = link_in_the_admin(client, arabic, english)

    assert response.status_code == 302
    assert Article.objects.get(pk=english.pk).translation_id == arabic.pk


def test_a_translation_in_the_same_language_is_refused_with_a_message(client):
    arabic = make_article(language="ar", title="بيان")
    other = make_article(language="ar", title="بيان آخر")

    response = link_in_the_admin(client, arabic, other)

    assert response.status_code == 200
    assert "A translation is in the other language" in response.content.decode()
    assert Article.objects.get(pk=arabic.pk).translation_id is None


def test_the_article_page_offers_its_translation_in_that_language(client):
    arabic, english = linked_pair()

    root = parse(client.get("/ar/article/bayan/"))
    (offer,) = find_by_class(root, "p", "article-translation")
    link = offer.find("a")
    assert (link.get("href"), link.get("lang"), text(link)) == (
        "/en/article/water/",
        "en",
        "Read in English",
    )

    root = parse(client.get("/en/article/water/"))
    (offer,) = find_by_class(root, "p", "article-translation")
    assert text(offer.find("a")) == "اقرأ بالعربية"


def test_the_article_page_does_not_read_its_translations_body(client):
    """The page links to its translation: the translation's text, which may
    be long, stays in the database."""
    linked_pair()

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ar/article/bayan/").status_code == 200

    (article_query,) = [
        q["sql"]
        for q in queries.captured_queries
        if '"articles_article"."body"' in q["sql"]
    ]
    assert "translation_id" in article_query  # it reads the translation too
    assert article_query.count('."body"') == 1  # the article's own only


def test_hreflang_alternates_point_to_the_translation(client):
    linked_pair()

    response = client.get("/ar/article/bayan/")

    assert alternates(response) == {
        "ar": "http://testserver/ar/article/bayan/",
        "en": "http://testserver/en/article/water/",
    }
    assert canonical(response) == "http://testserver/ar/article/bayan/"


def test_an_article_without_translation_offers_no_alternate(client):
    make_article(language="ar", slug="alone")

    response = client.get("/ar/article/alone/")

    assert alternates(response) == {"ar": "http://testserver/ar/article/alone/"}
    assert find_by_class(parse(response), "p", "article-translation") == []
    # The language switcher goes to the other edition's home instead.
    (switcher,) = find_by_class(parse(response), "nav", "language-switcher")
    assert [a.get("href") for a in switcher.iter("a")] == ["/en/"]


def switcher_links(response):
    (switcher,) = find_by_class(parse(response), "nav", "language-switcher")
    return [a.get("href") for a in switcher.iter("a")]


def test_a_tag_of_one_edition_leads_the_other_to_its_home(client):
    """A tag is a word of one language: the other edition's page of it would
    be empty."""
    make_article(language="en").tags.add("Libraries")

    response = client.get("/en/tag/libraries/")

    assert alternates(response) == {"en": "http://testserver/en/tag/libraries/"}
    assert switcher_links(response) == ["/ar/"]


def test_a_tag_both_editions_use_is_offered_in_both(client):
    make_article(language="en").tags.add("COVID-19")
    make_article(language="ar").tags.add("COVID-19")

    response = client.get("/en/tag/covid-19/")

    assert alternates(response) == {
        "ar": "http://testserver/ar/tag/covid-19/",
        "en": "http://testserver/en/tag/covid-19/",
    }
    assert switcher_links(response) == ["/ar/tag/covid-19/"]


def test_an_unpublished_translation_is_not_offered(client):
    arabic, english = linked_pair()
    Article.objects.filter(pk=english.pk).update(status=Article.Status.DRAFT)

    response = client.get("/ar/article/bayan/")

    assert "en" not in alternates(response)
    assert find_by_class(parse(response), "p", "article-translation") == []


def test_restoring_a_revision_keeps_the_translation_link(client):
    arabic, english = linked_pair()
    editor = make_editor()
    services.article_save(article=arabic, user=editor)
    before_link = versions_of(arabic)[-1]
    arabic.translation = None
    services.article_save(article=arabic, user=editor)
    relinked = make_article(language="en", title="Another translation")
    arabic = Article.objects.get(pk=arabic.pk)
    arabic.translation = relinked
    services.article_save(article=arabic, user=editor)
    log_in(client, editor)
    url = admin_url("revision", arabic.pk, before_link.pk)

    client.post(url, form_data(client.get(url)))

    assert Article.objects.get(pk=arabic.pk).translation_id == relinked.pk
    assert Article.objects.get(pk=relinked.pk).translation_id == arabic.pk


# Canonical addresses ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/en/", "/en/"),
        ("/en/?page=2", "/en/?page=2"),
        ("/en/?page=1&utm_source=x", "/en/"),
        ("/en/category/news/", "/en/category/news/"),
        ("/en/author/samira/", "/en/author/samira/"),
        ("/en/office/central/", "/en/office/central/"),
        ("/en/tag/water/", "/en/tag/water/"),
        ("/en/authors/", "/en/authors/"),
        ("/ar/archive/", "/ar/archive/"),
    ],
)
def test_every_public_page_names_its_canonical_address(
    client, both_languages, settings, url, expected
):
    settings.CMS_PAGINATE_BY = 1
    for _ in range(8):  # the home's list has a second page after its lead stories
        make_article(language="en", category=both_languages[1].category)

    response = client.get(url)

    assert response.status_code == 200
    assert canonical(response) == f"http://testserver{expected}"


# Around the article --------------------------------------------------------------


def test_related_articles_share_tags_first_then_the_category(client):
    category = make_category()
    now = timezone.now()
    article = make_article(language="en", category=category, slug="main")
    article.tags.add("water", "roads")
    both = make_article(language="en", title="Shares both tags")
    both.tags.add("water", "roads")
    one = make_article(
        language="en", title="Shares one tag", published_at=now - timedelta(minutes=1)
    )
    one.tags.add("water")
    make_article(
        language="en",
        title="Previous in the category",
        category=category,
        published_at=now - timedelta(days=2),
    )
    make_article(
        language="en",
        title="Same category",
        category=category,
        published_at=now - timedelta(days=3),
    )
    arabic = make_article(language="ar", title="بيان", category=category)
    arabic.tags.add("water", "roads")
    make_article(language="en", title="Unrelated")

    root = parse(client.get("/en/article/main/"))

    (section,) = find_by_class(root, "section", "related-articles")
    assert [text(a) for a in section.iter("a")] == [
        "Shares both tags",
        "Shares one tag",
        "Same category",
    ]


def test_related_articles_come_from_the_newest_of_each_tag(client, monkeypatch):
    """A tag thousands of articles carry is not read whole for one page: the
    related ones are chosen among the newest articles of each tag."""
    monkeypatch.setattr(selectors, "RELATED_CANDIDATES_PER_TAG", 2)
    article = make_article(language="en", slug="main")
    article.tags.add("water")
    written = []
    for n in range(4):  # written in this order; shown newest first
        item = make_article(language="en", title=f"Water statement {n}")
        item.tags.add("water")
        written.append(item)

    root = parse(client.get("/en/article/main/"))

    (section,) = find_by_class(root, "section", "related-articles")
    # The two newest carriers of the tag: the two written before are past
    # the bound, though they share it as much.
    assert [text(a) for a in section.iter("a")] == [
        "Water statement 3",
        "Water statement 2",
    ]


def test_related_articles_leave_out_the_previous_and_next_ones(client):
    """The page links to those already, beside the related ones."""
    category = make_category()
    now = timezone.now()
    older = make_article(
        language="en", category=category, published_at=now - timedelta(days=2)
    )
    article = make_article(
        language="en", category=category, published_at=now - timedelta(days=1)
    )
    newer = make_article(language="en", category=category, published_at=now)
    for item in (older, article, newer):
        item.tags.add("water")

    root = parse(client.get(article.get_absolute_url()))

    (nav,) = find_by_class(root, "nav", "article-neighbours")
    assert {a.get("rel"): text(a) for a in nav.iter("a")} == {
        "prev": older.title,
        "next": newer.title,
    }
    assert not find_by_class(root, "section", "related-articles")


def test_previous_and_next_article_in_the_category(client):
    category = make_category()
    now = timezone.now()

    def at(days, title):
        return make_article(
            language="en",
            category=category,
            title=title,
            published_at=now - timedelta(days=days),
        )

    at(3, "Oldest")
    middle = at(2, "Middle")
    at(1, "Newest")
    make_article(language="ar", category=category, title="عربي")

    root = parse(client.get(middle.get_absolute_url()))

    (nav,) = find_by_class(root, "nav", "article-neighbours")
    links = {a.get("rel"): text(a) for a in nav.iter("a")}
    assert links == {"prev": "Oldest", "next": "Newest"}


def test_articles_published_at_the_same_moment_follow_one_another_by_number(client):
    category = make_category()
    moment = timezone.now() - timedelta(days=1)
    first, middle, last = (
        make_article(language="en", category=category, published_at=moment)
        for _ in range(3)
    )

    root = parse(client.get(middle.get_absolute_url()))

    (nav,) = find_by_class(root, "nav", "article-neighbours")
    links = {a.get("rel"): text(a) for a in nav.iter("a")}
    assert links == {"prev": first.title, "next": last.title}


def test_the_article_prints_with_its_address(client):
    make_article(language="en", slug="printed")

    response = client.get("/en/article/printed/")

    root = parse(response)
    sheets = {
        link.get("href"): link.get("media")
        for link in root.iter("link")
        if link.get("rel") == "stylesheet"
    }
    assert "print" in [media for media in sheets.values()]
    (address,) = find_by_class(root, "p", "print-url")
    assert text(address) == "http://testserver/en/article/printed/"
