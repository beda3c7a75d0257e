"""The search results page, and the search box on every page."""

import datetime
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone
from html5lib.html5parser import ParseError

from tests.factories import (
    make_archive,
    make_article,
    make_author,
    make_category,
    make_image,
)
from tests.markup import find_by_class, parse, parse_strict, text

pytestmark = pytest.mark.django_db

# 22:30 UTC on 2 December 2023 is Sunday 3 December in Makkah.
MOMENT = datetime.datetime(2023, 12, 2, 22, 30, tzinfo=datetime.UTC)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response, parse(response)


def result_titles(root):
    return [text(h) for h in find_by_class(root, "h2", "search-result-title")]


@pytest.mark.parametrize("url", ["/en/", "/ar/", "/en/authors/", "/en/no-such-page/"])
def test_every_page_has_the_search_box_in_its_header(client, url):
    make_article(title="Harbour")
    response = client.get(url)
    header = parse(response).find(".//header")

    form = header.find(".//form[@role='search']")
    field = form.find(".//input[@name='q']")
    label = form.find(".//label")
    assert form.get("class") == "site-search" and form.get("method") == "get"
    assert form.get("action") == f"/{url.split('/')[1]}/search/"
    assert (field.get("type"), field.get("id"), field.get("dir")) == (
        "search",
        "site-search-q",
        "auto",
    )
    assert label.get("for") == "site-search-q" and "visually-hidden" in label.get(
        "class"
    )
    assert form.find(".//button[@type='submit']") is not None


def test_results_say_what_was_searched_and_how_many_were_found(client):
    make_article(title="Harbour notice")
    make_article(title="Harbour report")
    make_article(title="Something else")

    response, root = get(client, "/en/search/?q=harbour")

    assert "harbour" in text(root.find(".//title"))
    assert text(root.find(".//h1")) == "Results for “harbour”"
    assert text(find_by_class(root, "p", "search-count")[0]) == "2 results"
    assert set(result_titles(root)) == {"Harbour notice", "Harbour report"}
    assert root.find(".//meta[@name='robots']").get("content") == "noindex"


def test_each_result_has_its_dual_date_link_and_highlighted_passage(client):
    article = make_article(
        title="Statement on the harbour",
        excerpt="The harbour reopens.",
        published_at=MOMENT,
        authors=[make_author(name_en="Omar Khalil")],
    )

    response, root = get(client, "/en/search/?q=harbours")

    result = find_by_class(root, "article", "search-result")[0]
    assert result.find(".//h2/a").get("href") == article.get_absolute_url()
    assert [text(m) for m in result.iter("mark")] == ["harbour", "harbour"]
    assert text(result.find(".//time")) == (
        "Sunday, 19 Jumada al-awwal 1445 | 2023/12/03"
    )
    assert "Omar Khalil" in text(result)
    passage = find_by_class(result, "p", "search-result-passage")[0]
    assert text(passage) == "The harbour reopens."


def test_a_result_with_a_lead_image_shows_its_small_copy_with_its_alt(client):
    make_article(
        title="Harbour with a picture",
        lead_image=make_image("lead.png"),
        lead_image_alt="Boats at the quay",
    )
    make_article(title="Harbour without one")

    _, root = get(client, "/en/search/?q=harbour")

    pictured, plain = (
        next(
            r
            for r in find_by_class(root, "article", "search-result")
            if title in text(r)
        )
        for title in ("with a picture", "without one")
    )
    (image,) = pictured.iter("img")
    assert image.get("alt") == "Boats at the quay" and image.get("width") == "112"
    assert not list(plain.iter("img"))


def test_arabic_interface_searches_the_arabic_edition_by_default(client):
    make_article(title="بيان الميناء", language="ar")
    make_article(title="الميناء harbour", language="en")

    _, root = get(client, "/ar/search/?q=الميناء")
    _, both = get(client, "/ar/search/?q=الميناء&edition=both")

    assert result_titles(root) == ["بيان الميناء"]
    assert len(result_titles(both)) == 2
    result = find_by_class(root, "h2", "search-result-title")[0]
    assert (result.get("lang"), result.get("dir")) == ("ar", "rtl")


def test_no_results_page_suggests_spelling_the_other_edition_and_fewer_words(client):
    make_article(title="Harbour notice", language="ar")

    response, root = get(client, "/en/search/?q=harbour+lighthouse")

    advice = text(find_by_class(root, "div", "search-none")[0])
    assert "No published article matches “harbour lighthouse”" in advice
    assert "spelling" in advice and "fewer words" in advice
    other = [a.get("href") for a in root.iter("a") if "Arabic edition" in text(a)]
    assert other and parse_qs(urlsplit(other[0]).query)["edition"] == ["ar"]
    _, arabic = get(client, other[0].replace("+lighthouse", ""))
    assert result_titles(arabic) == ["Harbour notice"]


def test_no_results_with_filters_offers_the_search_without_them(client):
    make_article(title="Harbour notice")
    category = make_category()

    _, root = get(client, f"/en/search/?q=harbour&category={category.pk}")

    link = next(a for a in root.iter("a") if "without the filters" in text(a))
    _, unfiltered = get(client, link.get("href"))
    assert result_titles(unfiltered) == ["Harbour notice"]


def test_empty_search_shows_the_form_and_a_hint(client):
    for url in ("/en/search/", "/en/search/?q=", "/en/search/?q=+++&page=3"):
        _, root = get(client, url)
        assert text(root.find(".//h1")) == "Search"
        assert find_by_class(root, "p", "search-hint"), url
        assert not find_by_class(root, "section", "search-results"), url


def test_results_are_paginated_and_page_links_keep_the_search(client, settings):
    settings.CMS_PAGINATE_BY = 2
    author = make_author()
    for n in range(5):
        make_article(title=f"Harbour {n}", authors=[author])

    _, root = get(client, f"/en/search/?q=harbour&author={author.pk}&page=2")

    assert len(result_titles(root)) == 2
    hrefs = [a.get("href") for a in root.find(".//nav[@class='pagination']").iter("a")]
    for href in hrefs:
        params = parse_qs(urlsplit(href).query)
        assert params["q"] == ["harbour"] and params["author"] == [str(author.pk)]
    assert sorted(parse_qs(urlsplit(h).query)["page"][0] for h in hrefs) == ["1", "3"]
    assert [text(a) for a in root.find(".//nav[@class='pagination']").iter("a")] == [
        "Previous",
        "Next",
    ]


@pytest.mark.parametrize("number", [str(10**30), "0", "-1", "abc", "1e400", "9" * 5000])
def test_any_page_number_shows_a_page(client, settings, number):
    settings.CMS_PAGINATE_BY = 2
    for n in range(3):
        make_article(title=f"Harbour {n}")

    _, root = get(client, f"/en/search/?q=harbour&page={number}")

    assert result_titles(root)


def test_filters_form_keeps_what_was_typed_and_shows_errors(client):
    response, root = get(
        client, "/en/search/?q=harbour&date_from=1+Blah+1445&category=99999", 400
    )

    form = find_by_class(root, "form", "search-form")[0]
    assert form.find(".//input[@name='date_from']").get("value") == "1 Blah 1445"
    assert form.find(".//input[@name='q']").get("value") == "harbour"
    errors = " ".join(text(e) for e in find_by_class(form, "ul", "errorlist"))
    assert "“Blah” is not a Hijri month name." in errors
    assert "Select a valid choice" in errors
    assert find_by_class(root, "p", "search-errors")


HOSTILE = {
    "NUL": "harbour%00",
    "huge": "harbour+" * 2000,
    "script": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "sql": "harbour%27%3B+DROP+TABLE+articles_article%3B--",
    "quotes": "%22harbour%22+%27or%27+1%3D1",
    "percent": "%25",
    "underscore": "_",
    "like": "h%25r_our",
    "punctuation": "%21%3F%2E%2C%3B%3A%28%29",
    "tsquery": "harbour+%26+%21+%7C+%3A*+%3C-%3E",
    "stop words": "the+of+and",
    "controls": "%01%02harbour%1F",
    "unicode": "%EF%BF%BE%ED%A0%80harbour",
}


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("language", ["en", "ar"])
def test_hostile_queries_get_a_valid_page_never_an_error(client, query, language):
    make_article(title="Harbour notice", language=language)
    category = make_category()
    url = f"/{language}/search/?q={query}&category={category.pk}&date_from={query}"

    response = client.get(url)

    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert" not in html
    try:
        parse_strict(html)
    except ParseError as error:  # pragma: no cover - the message is the point
        pytest.fail(f"{url}: {error}")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("%00", "Null characters are not allowed."),
        ("x" * 201, "at most 200 characters"),
        ("%21%21%21", "Type a word to search for"),
        ("the", "too common to search for"),
    ],
)
def test_unusable_queries_say_why(client, query, message):
    response, root = get(client, f"/en/search/?q={query}", 400)

    assert message in text(find_by_class(root, "form", "search-form")[0])


@pytest.mark.parametrize(
    ("query", "status"), [("_", 200), ("h_rbour", 200), ("harb%25", 200), ("%25", 400)]
)
def test_like_wildcards_match_only_themselves(client, query, status):
    make_article(title="Harbour notice")

    _, root = get(client, f"/en/search/?q={query}", status)

    assert result_titles(root) == []


# Site texts, menu and moon table (3), when the schedule next changes the
# content (1), the static pages of the footer and menu (1), the category tree
# (2), the form's choices (2), the matches and which of them are published, the
# page and its authors.
BOUND = 13


def test_results_page_runs_the_same_queries_on_a_bigger_archive(
    client, settings, django_assert_max_num_queries
):
    settings.CMS_PAGINATE_BY = 10
    make_archive(articles=12, categories=3, offices=1)

    def measure():
        counts = []
        for url in (
            "/en/search/?q=statement",
            "/ar/search/?q=statement&edition=both&page=2",
            "/en/search/?q=nothing-like-this",
            "/en/search/?q=!!!",
        ):
            cache.clear()
            with django_assert_max_num_queries(BOUND) as queries:
                assert client.get(url).status_code in (200, 400)
            counts.append(len(queries.captured_queries))
        return counts

    small = measure()
    make_archive(articles=110, categories=15, offices=4, authors_per_article=3)
    assert measure() == small


def test_a_warm_results_page_reuses_the_cached_ranking(
    client, django_assert_num_queries, settings
):
    settings.CMS_PAGE_CACHE_SECONDS = 0  # the page itself made again each time
    make_article(title="Harbour")
    client.get("/en/search/?q=harbour")

    # The form's authors (its categories are the kept tree's) and the page;
    # the frame (category tree, menu), the filters and the results' bylines
    # are kept.
    with django_assert_num_queries(2):
        client.get("/en/search/?q=harbour")
    with django_assert_num_queries(2):
        client.get("/en/search/?q=harbour&page=2")


def test_other_words_finding_the_same_article_show_its_kept_byline_and_picture(
    client, django_assert_num_queries, settings
):
    """A result's date, section, byline and picture are the same whatever was
    searched for: kept with the article's cards, not fetched nor drawn again."""
    settings.CMS_PAGE_CACHE_SECONDS = 0
    author = make_author(name_en="Hind Example")
    make_article(
        title="Harbour works begin",
        authors=[author],
        lead_image=make_image("harbour.png"),
        lead_image_alt="The quay at dawn",
    )
    first = client.get("/en/search/?q=harbour").content.decode()

    # The new words' ranking (2), the form's authors, the page: no bylines.
    with django_assert_num_queries(4) as queries:
        other = client.get("/en/search/?q=works").content.decode()

    assert not any("articleauthor" in q["sql"] for q in queries.captured_queries)

    assert "Hind Example" in other and 'alt="The quay at dawn"' in other
    assert "<mark>works</mark>" in other and "<mark>Harbour</mark>" not in other
    meta = '<p class="article-card-meta">'
    assert (
        other[other.index(meta) :].split("</p>")[0]
        == (first[first.index(meta) :].split("</p>")[0])
    )


def test_results_whose_pieces_are_not_kept_fetch_their_bylines_in_one_query(
    client, django_assert_max_num_queries, settings
):
    settings.CMS_PAGE_CACHE_SECONDS = 0
    for n in range(3):
        make_article(title=f"Harbour notice {n}", authors=[make_author()])
    client.get("/en/search/?q=harbour")
    make_article(title="Harbour notice 3", authors=[make_author(name_en="New Writer")])

    # The change made everything fresh: the four results' bylines in one query.
    with django_assert_max_num_queries(BOUND) as queries:
        response = client.get("/en/search/?q=harbour")

    sql = [q["sql"] for q in queries.captured_queries]
    bylines = '"articles_articleauthor"."article_id" IN'
    assert len([q for q in sql if bylines in q]) == 1
    assert "New Writer" in response.content.decode()


def test_a_saved_article_is_found_at_once_despite_the_cached_ranking(client):
    make_article(title="Harbour one")
    client.get("/en/search/?q=harbour")

    make_article(title="Harbour two")

    _, root = get(client, "/en/search/?q=harbour")
    assert set(result_titles(root)) == {"Harbour one", "Harbour two"}


@pytest.mark.parametrize(
    "url",
    [
        "/{}/search/",
        "/{}/search/?q=harbour",
        "/{}/search/?q=harbour&edition=both&page=2",
        "/{}/search/?q=nothing",
        "/{}/search/?q=%00",
        "/{}/search/?q=harbour&date_from=tomorrow",
    ],
)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_search_pages_are_valid_accessible_html(client, settings, url, language):
    settings.CMS_PAGINATE_BY = 1
    make_article(title="Harbour", excerpt="A harbour <b>summary</b>", language="en")
    make_article(title="Harbour ميناء", language="ar", category=make_category())
    make_article(title="Harbour old", published_at=timezone.now() - timedelta(days=3))

    root = parse_strict(client.get(url.format(language)).content.decode())

    assert len(list(root.iter("h1"))) == 1
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    labelled = {label.get("for") for label in root.iter("label")}
    for control in root.iter():
        if control.tag in ("input", "select") and control.get("type") != "hidden":
            assert control.get("id") in labelled, control.get("name")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_filters_show_the_edition_searched_by_default(client, language):
    _, root = get(client, f"/{language}/search/?q=harbour")

    select = root.find(".//select[@name='edition']")
    selected = [o.get("value") for o in select.iter("option") if "selected" in o.attrib]
    assert selected == [language]


def selected_options(root, name):
    (select,) = [s for s in root.iter("select") if s.get("name") == name]
    return [o.get("value") for o in select.iter("option") if "selected" in o.attrib]


def test_the_kept_filters_show_each_searchs_own_choices(client, settings):
    settings.CMS_PAGE_CACHE_SECONDS = 0  # the filters' own cache is what is tested
    news = make_category(name_en="News")
    make_article(title="Harbour", category=news)

    for _ in range(2):  # the second time from the kept filters
        _, plain = get(client, "/en/search/?q=harbour")
        _, narrowed = get(client, f"/en/search/?q=harbour&category={news.pk}")
        _, other_words = get(client, "/en/search/?q=statement")
        _, wrong = get(client, "/en/search/?q=harbour&date_from=tomorrow", 400)

        assert selected_options(plain, "category") == [""]
        assert selected_options(narrowed, "category") == [str(news.pk)]
        assert selected_options(other_words, "category") == [""]
        (date_from,) = [i for i in wrong.iter("input") if i.get("name") == "date_from"]
        assert date_from.get("value") == "tomorrow"
        assert date_from.get("aria-invalid") == "true"
