"""What each public page shows, and what it refuses to show."""

import datetime
import re
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from articles.models import Article
from core import conf
from tests.factories import (
    make_article,
    make_author,
    make_category,
    make_image,
    make_office,
)
from tests.markup import document_order, find_by_class, headings, parse, text

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# 22:30 UTC on 2 December 2023 is Sunday 3 December in Makkah (19 Jumada al-awwal).
MOMENT = datetime.datetime(2023, 12, 2, 22, 30, tzinfo=UTC)
MOMENT_ISO = "2023-12-03T01:30:00+03:00"
MOMENT_EN = "Sunday, 19 Jumada al-awwal 1445 | 2023/12/03"
MOMENT_AR = "الأحد، ١٩ جمادى الأولى ١٤٤٥ | ٢٠٢٣/١٢/٠٣"
MOMENT_AR_WESTERN = "الأحد، 19 جمادى الأولى 1445 | 2023/12/03"


def page(client, url, status=200, **extra):
    """GET ``url``, check the status, return the response and its tree."""
    response = client.get(url, **extra)
    assert response.status_code == status, url
    return response, parse(response)


def links(root):
    return [a.get("href") for a in root.iter("a")]


def article_elements(root):
    return list(root.iter("article"))


def main(root):
    return root.find(".//main")


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


# Home -------------------------------------------------------------------------


def test_home_lists_latest_articles_newest_first_each_in_an_article_element(client):
    older = make_article(title="Older statement", published_at=hours_ago(5))
    newer = make_article(title="Newer statement", published_at=hours_ago(1))

    _, root = page(client, "/en/")

    cards = article_elements(main(root))
    assert [text(card.find(".//a")) for card in cards] == [
        "Newer statement",
        "Older statement",
    ]
    assert links(cards[0])[0] == f"/en/article/{newer.slug}/"
    assert links(cards[1])[0] == f"/en/article/{older.slug}/"


def test_home_shows_featured_articles_in_their_own_section(client):
    featured = make_article(title="Featured statement", is_featured=True)
    make_article(title="Ordinary statement")

    _, root = page(client, "/en/")

    (section,) = [s for s in root.iter("section") if "featured" in s.get("class", "")]
    cards = article_elements(section)
    assert [text(card.find(".//a")) for card in cards] == ["Featured statement"]
    assert links(cards[0])[0] == f"/en/article/{featured.slug}/"
    assert "Ordinary statement" not in text(section)
    assert "Featured" in [title for _level, title in headings(section)]


def test_home_has_no_featured_section_without_featured_articles(client):
    make_article()

    response, _ = page(client, "/en/")

    assert not response.context.get("featured")


def test_home_leaves_out_drafts_scheduled_and_hidden_articles(client):
    make_article(title="Public statement")
    make_article(title="Draft statement", status=Article.Status.DRAFT)
    make_article(title="Scheduled statement", published_at=hours_ago(-2))
    make_article(title="Hidden statement", category=make_category(is_published=False))

    response, _ = page(client, "/en/")

    assert "Public statement" in response.content.decode()
    for hidden in ("Draft statement", "Scheduled statement", "Hidden statement"):
        assert hidden not in response.content.decode()


def test_home_latest_list_is_paginated_after_the_lead_story(client, settings):
    """The latest list leaves out what the top of the home shows, on every page,
    so that its pages follow on without a repeat."""
    settings.CMS_PAGINATE_BY = 2
    settings.CMS_HOME_SECTIONS = 0
    titles = [f"Statement {i}" for i in range(5)]
    for i, title in enumerate(titles):
        make_article(title=title, published_at=hours_ago(i + 1))

    _, first = page(client, "/en/")
    _, last = page(client, "/en/?page=2")
    page(client, "/en/?page=3", status=404)

    assert [text(c.find(".//a")) for c in article_elements(main(first))] == titles[:3]
    assert [text(c.find(".//a")) for c in article_elements(main(last))] == titles[3:]
    assert "?page=2" in [a.get("href") for a in first.iter("a") if a.get("rel")]
    assert "Page 2 of 2" in text(main(last))


@pytest.mark.parametrize("number", ["99", "0", "abc"])
def test_home_page_out_of_range_is_not_found(client, settings, number):
    settings.CMS_PAGINATE_BY = 2
    make_article()

    page(client, f"/en/?page={number}", status=404)


def test_home_featured_section_only_on_the_first_page(client, settings):
    settings.CMS_PAGINATE_BY = 1
    settings.CMS_HOME_SECTIONS = 0
    make_article(is_featured=True)
    make_article()
    make_article()

    response, _ = page(client, "/en/?page=2")

    assert not response.context.get("featured")
    assert not response.context.get("lead")


def test_home_with_no_articles_says_so(client):
    response, _ = page(client, "/en/")

    assert "No articles have been published here yet." in response.content.decode()


# The article page -------------------------------------------------------------


@pytest.fixture
def reference_article():
    """An English article in a two-level category, by a male deputy spokesman."""
    office = make_office(name_en="Northern Region Office", name_ar="مكتب الشمال")
    author = make_author(
        name_en="Omar Khalil",
        name_ar="عمر خليل",
        role_en="Deputy spokesman",
        role_ar="نائب المتحدث الرسمي",
        office=office,
        gender="m",
    )
    root = make_category(slug="statements", name_en="Statements", name_ar="بيانات")
    leaf = make_category(
        slug="regional", name_en="Regional", name_ar="الأقاليم", parent=root
    )
    return make_article(
        title="Statement on the volunteer day",
        language="en",
        body="<p>First paragraph.</p><p>Second paragraph.</p>",
        published_at=MOMENT,
        category=leaf,
        authors=[author],
    )


def test_article_page_shows_the_opening_line_in_its_own_arabic_element(
    client, reference_article
):
    opening_line = conf.per_language("CMS_OPENING_LINE", "en")

    _, root = page(client, f"/en/article/{reference_article.slug}/")

    (line,) = [el for el in main(root).iter() if text(el) == opening_line]
    assert (line.get("lang"), line.get("dir")) == ("ar", "rtl")
    order = document_order(root)
    assert order[line] < order[main(root).find(".//h1")]


def test_article_page_title_is_the_only_h1(client, reference_article):
    _, root = page(client, f"/en/article/{reference_article.slug}/")

    assert [h for h in headings(root) if h[0] == 1] == [
        (1, "Statement on the volunteer day")
    ]


def test_article_page_shows_the_sanitised_body(client, reference_article):
    response, _ = page(client, f"/en/article/{reference_article.slug}/")

    assert (
        "<p>First paragraph.</p><p>Second paragraph.</p>" in response.content.decode()
    )


def test_article_page_shows_the_dual_publication_date(client, reference_article):
    _, root = page(client, f"/en/article/{reference_article.slug}/")

    dates = [t for t in root.find(".//article").iter("time")]
    assert [(t.get("datetime"), text(t)) for t in dates] == [(MOMENT_ISO, MOMENT_EN)]


def test_article_page_dual_date_in_arabic(client, reference_article, one_edition):
    _, root = page(client, f"/ar/article/{reference_article.slug}/")

    (date,) = root.find(".//article").iter("time")
    assert (date.get("datetime"), text(date)) == (MOMENT_ISO, MOMENT_AR)


def test_article_page_shows_the_category_trail_from_the_root(client, reference_article):
    _, root = page(client, f"/en/article/{reference_article.slug}/")

    (trail,) = [nav for nav in root.find(".//article").iter("nav") if nav.find(".//ol")]
    assert [(a.get("href"), text(a)) for a in trail.iter("a")] == [
        ("/en/category/statements/", "Statements"),
        ("/en/category/statements/regional/", "Regional"),
    ]


def byline_of(root):
    (byline,) = find_by_class(root, "footer", "byline")
    return byline


def test_article_byline_names_office_and_author_after_the_body(
    client, reference_article
):
    _, root = page(client, f"/en/article/{reference_article.slug}/")

    byline = byline_of(root)
    sentence, role = (text(p) for p in byline.iter("p"))
    assert sentence == "Written for the Northern Region Office by Omar Khalil"
    assert role == "Deputy spokesman, Northern Region Office"
    order = document_order(root)
    (body,) = find_by_class(root, "div", "article-body")
    assert order[byline] > order[body]


def test_arabic_byline_role_line_uses_the_arabic_comma(
    client, reference_article, one_edition
):
    _, root = page(client, f"/ar/article/{reference_article.slug}/")

    role = text(byline_of(root).findall("p")[1])
    assert role == "نائب المتحدث الرسمي، مكتب الشمال"


def test_article_byline_links_to_the_author_and_office_pages(client, reference_article):
    author = reference_article.byline_authors[0]

    _, root = page(client, f"/en/article/{reference_article.slug}/")

    hrefs = links(byline_of(root))
    assert f"/en/author/{author.slug}/" in hrefs
    assert f"/en/office/{author.office.slug}/" in hrefs


def test_article_byline_with_two_authors_names_both(client):
    office = make_office(name_en="Central Media Office")
    first = make_author(name_en="Sami Haddad", office=office)
    second = make_author(name_en="Layla Nasser", office=office, gender="f")
    article = make_article(authors=[first, second], office=office)

    _, root = page(client, f"/en/article/{article.slug}/")

    sentence = text(byline_of(root).find("p"))
    assert (
        sentence
        == "Written for the Central Media Office by Sami Haddad and Layla Nasser"
    )


def test_article_without_authors_has_no_byline(client):
    article = make_article(authors=[])

    _, root = page(client, f"/en/article/{article.slug}/")

    assert not find_by_class(root, "footer", "byline")


def test_english_byline_reads_the_same_for_a_female_author(client):
    author = make_author(name_en="Huda Karim", gender="f")
    article = make_article(authors=[author])

    _, root = page(client, f"/en/article/{article.slug}/")

    assert text(byline_of(root).find("p")) == (
        f"Written for the {author.office.name_en} by Huda Karim"
    )


ARABIC_CATALOGUE = Path(django_settings.BASE_DIR) / "locale/ar/LC_MESSAGES/django.po"


def _catalogue_translates_bylines():
    """Both byline entries are in the Arabic catalogue with a translation."""
    if not ARABIC_CATALOGUE.exists():
        return False
    catalogue = ARABIC_CATALOGUE.read_text("utf-8")
    for who in ("male", "female"):
        entry = re.search(
            rf'msgctxt "byline, {who} author"\s+msgid "[^\n]*"\s+'
            r'msgstr ((?:"[^\n]*"\s*)+)',
            catalogue,
        )
        if entry is None or not "".join(re.findall(r'"(.*)"', entry.group(1))):
            return False
    return True


needs_arabic_bylines = pytest.mark.skipif(
    not _catalogue_translates_bylines(),
    reason="locale/ar/LC_MESSAGES/django.po does not translate the "
    "'byline, male/female author' entries yet",
)


@needs_arabic_bylines
@pytest.mark.parametrize(
    ("gender", "verb", "other_verb"), [("m", "كتبه", "كتبته"), ("f", "كتبته", "كتبه")]
)
def test_arabic_byline_verb_agrees_with_the_author(client, gender, verb, other_verb):
    """كتبه for a male author, كتبته for a female one."""
    author = make_author(name_ar="اسم الكاتب", gender=gender)
    article = make_article(authors=[author], language="ar")

    _, root = page(client, f"/ar/article/{article.slug}/")

    words = text(byline_of(root).find("p")).split()
    assert verb in words
    assert other_verb not in words
    assert "الكاتب" in words
    assert "Written" not in words


def test_article_page_has_a_back_to_top_link(client, reference_article):
    _, root = page(client, f"/en/article/{reference_article.slug}/")

    back = [a for a in main(root).iter("a") if text(a) == "Back to top"]
    assert back and back[0].get("href") == "#top"
    assert [el for el in root.iter() if el.get("id") == "top"]


def test_article_page_shows_the_lead_image_with_alt_and_caption(client):
    article = make_article(
        lead_image=make_image("lead.png"),
        lead_image_alt="Volunteers planting trees",
        lead_image_caption="The volunteer day in the park",
    )

    _, root = page(client, f"/en/article/{article.slug}/")

    (figure,) = root.find(".//article").iter("figure")
    assert figure.find(".//img").get("alt") == "Volunteers planting trees"
    assert text(figure.find("figcaption")) == "The volunteer day in the park"


# Category, author, office and authors pages -----------------------------------


def test_category_page_includes_sub_categories_articles_newest_first(client):
    root = make_category(slug="news")
    child = make_category(slug="north", parent=root)
    grandchild = make_category(slug="coast", parent=child)
    make_article(title="In the root", category=root, published_at=hours_ago(3))
    make_article(title="In the child", category=child, published_at=hours_ago(1))
    make_article(title="Deep down", category=grandchild, published_at=hours_ago(2))
    make_article(title="Elsewhere", category=make_category(slug="news-archive"))
    make_article(title="Unfinished", category=child, status=Article.Status.DRAFT)

    _, tree = page(client, "/en/category/news/")

    assert [text(card.find(".//a")) for card in article_elements(main(tree))] == [
        "In the child",
        "Deep down",
        "In the root",
    ]


def test_category_page_of_a_sub_category_leaves_out_its_parent(client):
    root = make_category(slug="news")
    child = make_category(slug="north", parent=root, name_en="North")
    make_article(title="In the root", category=root)
    make_article(title="In the child", category=child)

    _, tree = page(client, "/en/category/news/north/")

    assert text(main(tree).find(".//h1")) == "North"
    assert [text(c.find(".//a")) for c in article_elements(main(tree))] == [
        "In the child"
    ]


def test_category_page_is_paginated(client, settings):
    settings.CMS_PAGINATE_BY = 2
    category = make_category(slug="news")
    for i in range(3):
        make_article(category=category, published_at=hours_ago(i + 1))

    _, second = page(client, "/en/category/news/?page=2")
    page(client, "/en/category/news/?page=3", status=404)

    assert len(article_elements(main(second))) == 1


def test_author_page_shows_profile_and_their_articles(client):
    office = make_office(name_en="Coastal Region Office", slug="coastal")
    author = make_author(
        name_en="Huda Karim",
        role_en="Press officer",
        bio_en="An invented person for the tests.",
        office=office,
        photo=make_image("huda.png"),
    )
    make_article(title="Her statement", authors=[author])
    make_article(title="Co-written", authors=[make_author(), author])
    make_article(title="Her draft", authors=[author], status=Article.Status.DRAFT)
    make_article(title="Someone else's")

    _, root = page(client, f"/en/author/{author.slug}/")

    content = main(root)
    assert text(content.find(".//h1")) == "Huda Karim"
    assert "Press officer, Coastal Region Office" in text(content)
    assert "/en/office/coastal/" in links(content)
    assert "An invented person for the tests." in text(content)
    assert content.find(".//img").get("alt")
    titles = [text(card.find(".//a")) for card in article_elements(content)]
    assert sorted(titles) == ["Co-written", "Her statement"]


def test_arabic_author_pages_use_the_arabic_comma(client):
    office = make_office(name_ar="مكتب الساحل")
    author = make_author(name_ar="هدى كريم", role_ar="مسؤولة الإعلام", office=office)

    _, profile = page(client, f"/ar/author/{author.slug}/")
    _, authors = page(client, "/ar/authors/")
    _, office_page = page(client, f"/ar/office/{office.slug}/")

    assert "مسؤولة الإعلام، مكتب الساحل" in text(main(profile))
    assert "هدى كريم، مسؤولة الإعلام" in text(main(authors))
    assert "هدى كريم، مسؤولة الإعلام" in text(main(office_page))


def test_office_page_shows_its_authors_and_articles(client):
    office = make_office(name_en="Northern Region Office")
    author = make_author(name_en="Omar Khalil", office=office)
    make_article(title="Written for the north", authors=[author])
    make_article(title="Written elsewhere")

    _, root = page(client, f"/en/office/{office.slug}/")

    content = main(root)
    assert text(content.find(".//h1")) == "Northern Region Office"
    assert f"/en/author/{author.slug}/" in links(content)
    assert [text(c.find(".//a")) for c in article_elements(content)] == [
        "Written for the north"
    ]


def test_authors_page_lists_every_author_under_their_office(client):
    north = make_office(name_en="Northern Region Office", position=2)
    central = make_office(name_en="Central Media Office", position=1)
    omar = make_author(name_en="Omar Khalil", office=north)
    sami = make_author(name_en="Sami Haddad", office=central)

    _, root = page(client, "/en/authors/")

    content = main(root)
    assert [title for level, title in headings(content) if level == 2] == [
        "Central Media Office",
        "Northern Region Office",
    ]
    hrefs = links(content)
    assert f"/en/author/{omar.slug}/" in hrefs
    assert f"/en/author/{sami.slug}/" in hrefs
    assert hrefs.index(f"/en/author/{sami.slug}/") < hrefs.index(
        f"/en/author/{omar.slug}/"
    )


# Not found --------------------------------------------------------------------


def test_draft_article_is_not_found(client):
    article = make_article(status=Article.Status.DRAFT)

    page(client, f"/en/article/{article.slug}/", status=404)


def test_scheduled_article_is_not_found(client):
    article = make_article(published_at=hours_ago(-1))

    page(client, f"/en/article/{article.slug}/", status=404)


def test_unknown_article_slug_is_not_found(client):
    page(client, "/en/article/no-such-statement/", status=404)


def test_article_in_an_unpublished_category_is_not_found(client):
    article = make_article(category=make_category(is_published=False))

    page(client, f"/ar/article/{article.slug}/", status=404)


def test_article_below_an_unpublished_ancestor_is_not_found(client):
    hidden = make_category(is_published=False)
    article = make_article(category=make_category(parent=make_category(parent=hidden)))

    page(client, f"/ar/article/{article.slug}/", status=404)


@pytest.mark.parametrize(
    "path", ["no-such-section", "news/no-such-child", "news/north/extra"]
)
def test_unknown_category_path_is_not_found(client, path):
    make_category(slug="north", parent=make_category(slug="news"))

    page(client, f"/en/category/{path}/", status=404)


def test_unpublished_category_and_its_children_are_not_found(client):
    hidden = make_category(slug="internal", is_published=False)
    make_category(slug="notes", parent=hidden)

    page(client, "/en/category/internal/", status=404)
    page(client, "/en/category/internal/notes/", status=404)


def test_unknown_author_is_not_found(client):
    page(client, "/en/author/nobody/", status=404)


def test_unknown_office_is_not_found(client):
    page(client, "/en/office/nowhere/", status=404)


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_not_found_page_has_the_site_layout_and_a_heading(client, language, direction):
    make_category(name_en="Statements")

    _, root = page(client, f"/{language}/article/missing/", status=404)

    assert (root.get("lang"), root.get("dir")) == (language, direction)
    assert [level for level, _ in headings(main(root))] == [1]
    assert root.find(".//header//time") is not None, "the date bar"
    assert root.find(".//nav") is not None
    assert f"/{language}/category/" in " ".join(links(root))
    if language == "en":
        assert text(main(root).find(".//h1")) == "Page not found"
    code = find_by_class(main(root), "p", "empty-state-code")[0]
    assert text(code) == {"en": "404", "ar": "٤٠٤"}[language]  # the reader's digits


def test_server_error_page_is_a_real_page(client):
    """A crash gives the 500 page in both languages, with no details leaked."""
    client.raise_request_exception = False

    with mock.patch(
        "articles.views.HomeView.get_queryset", side_effect=RuntimeError("secret")
    ):
        response = client.get("/en/")

    assert response.status_code == 500
    root = parse(response)
    assert [level for level, _ in headings(root)][0] == 1
    assert "secret" not in response.content.decode()
    assert "Server error" in text(root)
    assert {el.get("lang") for el in root.iter() if el.get("lang")} >= {"ar", "en"}


@pytest.mark.urls("tests.core.error_urls")
def test_server_error_page_from_any_view(client):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Server error" in response.content.decode()


# Languages --------------------------------------------------------------------


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_html_element_carries_the_interface_language_and_direction(
    client, language, direction
):
    _, root = page(client, f"/{language}/")

    assert (root.get("lang"), root.get("dir")) == (language, direction)


def test_arabic_article_in_the_english_interface_carries_its_own_lang_and_dir(
    client, one_edition
):
    article = make_article(title="بيان عن يوم التطوع", language="ar")

    _, root = page(client, f"/en/article/{article.slug}/")
    _, home = page(client, "/en/")

    element = root.find(".//article")
    assert (element.get("lang"), element.get("dir")) == ("ar", "rtl")
    (title,) = [
        el
        for el in main(home).iter()
        if el.get("lang") == "ar" and el.find("a") is not None
    ]
    assert title.get("dir") == "rtl"
    assert text(title) == "بيان عن يوم التطوع"


def test_english_article_in_the_arabic_interface_carries_its_own_lang_and_dir(
    client, one_edition
):
    article = make_article(title="Statement in English", language="en")

    _, root = page(client, f"/ar/article/{article.slug}/")

    element = root.find(".//article")
    assert (element.get("lang"), element.get("dir")) == ("en", "ltr")
    # The interface parts of the article (date, byline) stay in Arabic.
    assert byline_of(root).get("lang") == "ar"


@pytest.mark.parametrize("path", ["", "authors/", "category/news/"])
def test_pages_link_to_both_language_versions(client, path):
    article = make_article(category=make_category(slug="news"))
    path = path.format(slug=article.slug)

    _, root = page(client, f"/en/{path}")

    alternates = {
        link.get("hreflang"): link.get("href")
        for link in root.iter("link")
        if link.get("rel") == "alternate" and link.get("hreflang")  # not feeds
    }
    assert alternates == {
        "ar": f"http://testserver/ar/{path}",
        "en": f"http://testserver/en/{path}",
    }


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("/en/category/news/?page=1", "/ar/category/news/?page=1"),
        ("/ar/authors/", "/en/authors/"),
        ("/ar/", "/en/"),
    ],
)
def test_language_switcher_links_to_the_same_page_in_the_other_language(
    client, url, other
):
    make_article(category=make_category(slug="news"))

    _, root = page(client, url)

    other_language = other.split("/")[1]
    (switcher,) = find_by_class(root, "nav", "language-switcher")
    (switch,) = [a for a in switcher.iter("a") if a.get("hreflang") == other_language]
    assert switch.get("href") == other
    assert switch.get("lang") == other_language


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("/en/no-such-page/", "/ar/no-such-page/"),
        ("/ar/article/missing/", "/en/article/missing/"),
    ],
)
def test_not_found_page_links_to_the_other_language_at_the_same_address(
    client, url, other
):
    """Even an address that matches no URL keeps its path when switching."""
    _, root = page(client, url, status=404)

    language = other.split("/")[1]
    (switch,) = [a for a in root.iter("a") if a.get("hreflang") == language]
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in root.iter("link")
        if link.get("rel") == "alternate"
    }
    assert switch.get("href") == other
    assert alternates[language] == f"http://testserver{other}"
    assert alternates[url.split("/")[1]] == f"http://testserver{url}"


# Every page: date bar, clock, category tree -----------------------------------


@pytest.fixture
def site_pages():
    """One published article, and the URL of every kind of public page."""
    office = make_office(slug="central")
    author = make_author(slug="sami", office=office)
    category = make_category(slug="news")
    article = make_article(
        category=category,
        authors=[author],
        published_at=MOMENT - timedelta(days=30),
    )
    return [
        "/{}/",
        f"/{{}}/article/{article.slug}/",
        "/{}/category/news/",
        "/{}/author/sami/",
        "/{}/office/central/",
        "/{}/authors/",
        "/{}/no-such-page/",
    ]


def test_every_page_shows_the_date_bar_and_the_clock(client, site_pages):
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        for url in site_pages:
            response = client.get(url.format("en"))
            root = parse(response)
            header = root.find(".//header")
            times = {(t.get("datetime"), text(t)) for t in header.iter("time")}
            assert (MOMENT_ISO, MOMENT_EN) in times, url
            assert (MOMENT_ISO, "01:30") in times, url
            assert "Time now" in text(header)
            assert "Makkah" in text(header)


def test_arabic_pages_show_the_date_bar_in_arabic(client, site_pages, one_edition):
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        for url in site_pages:
            root = parse(client.get(url.format("ar")))
            header = root.find(".//header")
            times = {(t.get("datetime"), text(t)) for t in header.iter("time")}
            assert (MOMENT_ISO, MOMENT_AR) in times, url
            assert (MOMENT_ISO, "٠١:٣٠") in times, url


def category_counts(root):
    """``{href: (count, parent href)}`` read from the category tree."""
    containers = [
        el
        for el in root.iter()
        if el.tag in ("nav", "aside")
        and any(
            "(" in text(li) and "/category/" in li.find("a").get("href", "")
            for li in el.iter("li")
            if li.find("a") is not None
        )
    ]
    assert containers, "the category tree is a list in a nav or aside"
    counts = {}

    def walk(ul, parent):
        for li in ul.findall("li"):
            link = li.find("a")
            own = (li.text or "") + "".join(
                text(child) + (child.tail or "") for child in li if child.tag != "ul"
            )
            count = re.search(r"\((\d+)\)", own)
            counts[link.get("href")] = (int(count.group(1)), parent)
            for sub in li.findall("ul"):
                walk(sub, link.get("href"))

    walk(containers[-1].find(".//ul"), None)
    return counts


def test_category_tree_counts_published_articles_and_rolls_them_up(client):
    root = make_category(slug="statements")
    child = make_category(slug="regional", parent=root)
    leaf = make_category(slug="north", parent=child)
    make_category(slug="releases")
    make_category(slug="hidden", is_published=False)
    make_article(category=root)
    make_article(category=child)
    make_article(category=child)
    make_article(category=leaf)
    make_article(category=child, status=Article.Status.DRAFT)
    make_article(category=leaf, published_at=hours_ago(-3))

    _, tree = page(client, "/en/authors/")

    assert category_counts(tree) == {
        "/en/category/statements/": (4, None),
        "/en/category/statements/regional/": (3, "/en/category/statements/"),
        "/en/category/statements/regional/north/": (
            1,
            "/en/category/statements/regional/",
        ),
        "/en/category/releases/": (0, None),
    }


def test_category_tree_leaves_out_categories_below_an_unpublished_one(client):
    hidden = make_category(slug="internal", is_published=False)
    make_article(category=make_category(slug="notes", parent=hidden))
    make_article(category=make_category(slug="news"))

    _, tree = page(client, "/en/")

    assert category_counts(tree) == {"/en/category/news/": (1, None)}


# The digits preference --------------------------------------------------------


def test_arabic_dates_use_arabic_indic_digits_by_default(client):
    article = make_article(published_at=MOMENT, language="ar")

    _, root = page(client, f"/ar/article/{article.slug}/")

    assert text(next(root.find(".//article").iter("time"))) == MOMENT_AR


def test_western_digits_preference_is_remembered_and_used(client):
    article = make_article(published_at=MOMENT, language="ar")
    url = f"/ar/article/{article.slug}/"

    response = client.post("/prefs/digits/", {"digits": "western", "next": url})

    assert response.status_code == 302
    assert response["Location"] == url
    assert response.cookies["cms_digits"].value == "western"
    _, root = page(client, url)
    assert text(next(root.find(".//article").iter("time"))) == MOMENT_AR_WESTERN


def test_arabic_indic_preference_switches_back(client):
    article = make_article(published_at=MOMENT, language="ar")
    url = f"/ar/article/{article.slug}/"
    client.cookies["cms_digits"] = "western"

    client.post("/prefs/digits/", {"digits": "arabic-indic", "next": url})

    _, root = page(client, url)
    assert text(next(root.find(".//article").iter("time"))) == MOMENT_AR


def test_western_digits_preference_leaves_english_dates_alone(client):
    article = make_article(published_at=MOMENT)
    client.cookies["cms_digits"] = "western"

    _, root = page(client, f"/en/article/{article.slug}/")

    assert text(next(root.find(".//article").iter("time"))) == MOMENT_EN


@pytest.mark.parametrize("default", ["arabic-indic", "western"])
def test_a_made_up_digits_cookie_reads_as_no_preference(client, settings, default):
    """With Western digits the site's default, a reader with a made-up cookie
    got Arabic-Indic digits, and the page was kept for everyone."""
    settings.CMS_ARABIC_DIGITS = default
    expected = MOMENT_AR if default == "arabic-indic" else MOMENT_AR_WESTERN
    article = make_article(published_at=MOMENT, language="ar")
    url = f"/ar/article/{article.slug}/"
    odd = Client()
    odd.cookies["cms_digits"] = "made-up-value"

    for reader in (odd, client):
        _, root = page(reader, url)
        assert text(next(root.find(".//article").iter("time"))) == expected
        # The digits form offers the other choice, not the one already shown.
        (form,) = [f for f in root.iter("form") if f.get("action") == "/prefs/digits/"]
        chosen = {i.get("name"): i.get("value") for i in form.iter("input")}
        assert chosen["digits"] != default


@pytest.mark.parametrize(
    "unsafe",
    [
        "https://evil.example/",
        "//evil.example/ar/",
        "//evil.example/",
        "javascript:alert(1)",
        "",
        "http:///evil.example/",
        # Spellings browsers read as another site (found by the hostile-input tests).
        "/\\evil.example/",
        "\\\\evil.example",
        "http:evil.example",
        "/\t/evil.example",
        "java\nscript:alert(1)",
        " javascript:alert(1)",
        "https://testserver@evil.example/",
    ],
)
def test_unsafe_next_is_ignored(client, unsafe):
    response = client.post("/prefs/digits/", {"digits": "western", "next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unknown_digits_choice_sets_no_cookie(client):
    response = client.post("/prefs/digits/", {"digits": "roman", "next": "/ar/"})

    assert response["Location"] == "/ar/"
    assert "cms_digits" not in response.cookies


def test_digits_preference_only_accepts_post(client):
    assert client.get("/prefs/digits/?digits=western").status_code == 405


def test_arabic_pages_offer_the_digits_choice_returning_to_the_same_page(client):
    _, root = page(client, "/ar/authors/")

    (form,) = [f for f in root.iter("form") if f.get("action") == "/prefs/digits/"]
    assert form.get("method") == "post"
    fields = {i.get("name"): i.get("value") for i in form.iter("input")}
    assert fields["next"] == "/ar/authors/"
    assert fields["digits"] == "western"


def test_a_category_page_follows_its_category_at_once(client):
    """The category tree is kept in the cache: a renamed category shows its
    new name, and one taken offline is gone, at the next page view."""
    category = make_category(slug="news", name_en="News")
    make_article(category=category)
    page(client, "/en/category/news/")

    category.name_en = "Newsroom"
    category.save()
    _, tree = page(client, "/en/category/news/")
    assert text(main(tree).find(".//h1")) == "Newsroom"

    category.is_published = False
    category.save()
    page(client, "/en/category/news/", status=404)


def test_the_kept_category_tree_orders_names_in_each_interface_language(
    client, one_edition
):
    """With one edition for both interfaces, the tree is kept once per
    interface language: categories of the same position are in the order of
    their names in the language the reader reads."""
    make_article(category=make_category(slug="a", name_en="Alpha", name_ar="ياء"))
    make_article(category=make_category(slug="b", name_en="Beta", name_ar="باء"))

    _, english = page(client, "/en/authors/")
    _, arabic = page(client, "/ar/authors/")

    assert list(category_counts(english)) == ["/en/category/a/", "/en/category/b/"]
    assert list(category_counts(arabic)) == ["/ar/category/b/", "/ar/category/a/"]
