"""The archive by Gregorian and by Hijri month: what each page lists and links.

Days are the site's (Makkah, Asia/Riyadh, UTC+3): 22:30 UTC is the next day
there. Jumada al-awwal 1445 runs from 15 November to 13 December 2023, Jumada
al-thani 1445 from 14 December 2023 to 12 January 2024 (Umm al-Qura).
"""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone
from html5lib.html5parser import ParseError

from articles.models import Article, ArticleAuthor
from core import conf
from site_settings.models import HijriMonthAdjustment
from tests.articles.test_query_counts import measure
from tests.factories import make_article, make_author, make_category
from tests.markup import headings, parse, parse_strict, text

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at(year, month, day, hour=12, minute=0):
    """A moment in UTC."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


def page(client, url, status=200, **extra):
    response = client.get(url, **extra)
    assert response.status_code == status, url
    return response, parse(response)


def listed(root):
    """The titles of the article cards on the page, in order."""
    return [text(card.find(".//a")) for card in root.find(".//main").iter("article")]


def links_in(element):
    """``{href: text}`` of the links inside ``element``."""
    return {a.get("href"): text(a) for a in element.iter("a")}


def main_links(root):
    return links_in(root.find(".//main"))


def nav(root, label):
    return next(el for el in root.iter("nav") if el.get("aria-label") == label)


def count_after(root, href):
    """The count shown after the link to ``href`` (index and year pages)."""
    for parent in root.iter():
        children = list(parent)
        for link, count in zip(children, children[1:], strict=False):
            if link.tag == "a" and link.get("href") == href:
                return text(count).strip("()")
    raise AssertionError(f"no link to {href}")


# Month edges --------------------------------------------------------------------


def test_late_utc_evening_is_archived_under_the_next_day_in_makkah(client):
    """22:30 UTC on 30 November is 1 December in Makkah: a December article."""
    make_article(title="Late evening", published_at=at(2023, 11, 30, 22, 30))
    make_article(title="November noon", published_at=at(2023, 11, 30, 12))

    _, december = page(client, "/en/archive/2023/12/")
    _, november = page(client, "/en/archive/2023/11/")

    assert listed(december) == ["Late evening"]
    assert listed(november) == ["November noon"]


def test_last_day_of_a_hijri_month_belongs_to_that_month(client):
    """13 December 2023 is 29 Jumada al-awwal, its last day, until midnight in
    Makkah (20:59 UTC); at 21:00 UTC 1 Jumada al-thani begins."""
    make_article(title="Last minute", published_at=at(2023, 12, 13, 20, 59))
    make_article(title="First minute", published_at=at(2023, 12, 13, 21, 0))

    _, jumada_awwal = page(client, "/en/archive/hijri/1445/5/")
    _, jumada_thani = page(client, "/en/archive/hijri/1445/6/")

    assert listed(jumada_awwal) == ["Last minute"]
    assert listed(jumada_thani) == ["First minute"]


def test_month_lists_newest_first_and_paginates(client, settings):
    settings.CMS_PAGINATE_BY = 2
    for day in (3, 20, 11):
        make_article(title=f"Day {day}", published_at=at(2023, 12, day))

    _, first = page(client, "/en/archive/2023/12/")
    _, second = page(client, "/en/archive/2023/12/?page=2")

    assert listed(first) == ["Day 20", "Day 11"]
    assert listed(second) == ["Day 3"]
    assert "?page=2" in main_links(first)
    page(client, "/en/archive/2023/12/?page=3", status=404)


def test_moon_sighting_adjustment_moves_articles_between_hijri_months(client):
    """Jumada al-thani 1445 starting a day later makes 14 December the 30th of
    Jumada al-awwal; the archive follows at once, its counts too."""
    make_article(title="Fourteenth", published_at=at(2023, 12, 14))
    make_article(title="Fifteenth", published_at=at(2023, 12, 15))
    _, before = page(client, "/en/archive/hijri/1445/6/")
    assert listed(before) == ["Fifteenth", "Fourteenth"]

    HijriMonthAdjustment.objects.create(hijri_year=1445, hijri_month=6, days=1)

    _, jumada_awwal = page(client, "/en/archive/hijri/1445/5/")
    _, jumada_thani = page(client, "/en/archive/hijri/1445/6/")
    _, index = page(client, "/en/archive/")
    assert listed(jumada_awwal) == ["Fourteenth"]
    assert listed(jumada_thani) == ["Fifteenth"]
    assert count_after(index, "/en/archive/hijri/1445/5/") == "1"
    assert "30 Jumada al-awwal 1445" in text(jumada_awwal.find(".//main"))


def test_month_starting_two_days_earlier_takes_the_days_before_it(client):
    """Jumada al-awwal 1445 moved two days earlier starts on 13 November."""
    HijriMonthAdjustment.objects.create(hijri_year=1445, hijri_month=5, days=-2)
    make_article(title="Thirteenth", published_at=at(2023, 11, 13))
    make_article(title="Twelfth", published_at=at(2023, 11, 12))

    _, jumada_awwal = page(client, "/en/archive/hijri/1445/5/")
    _, rabi_thani = page(client, "/en/archive/hijri/1445/4/")

    assert listed(jumada_awwal) == ["Thirteenth"]
    assert listed(rabi_thani) == ["Twelfth"]


# Links between months and calendars ---------------------------------------------


def test_previous_and_next_month_skip_months_without_articles(client):
    make_article(title="January", published_at=at(2023, 1, 10))
    make_article(title="April", published_at=at(2023, 4, 10))
    make_article(title="Next January", published_at=at(2024, 1, 10))

    _, april = page(client, "/en/archive/2023/4/")
    _, first = page(client, "/en/archive/2023/1/")
    _, last = page(client, "/en/archive/2024/1/")

    months = links_in(nav(april, "Other months"))
    assert months == {
        "/en/archive/2023/1/": "Previous month: January 2023",
        "/en/archive/2024/1/": "Next month: January 2024",
    }
    assert list(links_in(nav(first, "Other months"))) == ["/en/archive/2023/4/"]
    assert list(links_in(nav(last, "Other months"))) == ["/en/archive/2023/4/"]


def test_previous_and_next_hijri_month_skip_months_without_articles(client):
    make_article(published_at=at(2023, 10, 20))  # Rabi' al-thani 1445
    make_article(published_at=at(2023, 12, 20))  # Jumada al-thani 1445

    _, root = page(client, "/en/archive/hijri/1445/6/")

    assert links_in(nav(root, "Other months")) == {
        "/en/archive/hijri/1445/4/": "Previous month: Rabi' al-thani 1445"
    }


def test_only_month_of_the_archive_has_no_month_links(client):
    make_article(published_at=at(2023, 12, 20))

    _, root = page(client, "/en/archive/2023/12/")

    assert not [el for el in root.iter("nav") if el.get("aria-label") == "Other months"]


def test_gregorian_month_links_to_the_hijri_months_it_overlaps(client):
    """May 2022 meets three Hijri months: Ramadan, Shawwal and Dhu al-Qi'dah 1443.
    Those with articles are links; the others are named."""
    make_article(published_at=at(2022, 5, 1))  # 30 Ramadan 1443
    make_article(published_at=at(2022, 5, 31))  # 1 Dhu al-Qi'dah 1443

    _, root = page(client, "/en/archive/2022/5/")

    same_period = root.find(".//p[@class='archive-same-period']")
    assert text(same_period) == (
        "The same period in the Hijri calendar: "
        "Ramadan 1443, Shawwal 1443, Dhu al-Qi'dah 1443"
    )
    assert [a.get("href") for a in same_period.iter("a")] == [
        "/en/archive/hijri/1443/9/",
        "/en/archive/hijri/1443/11/",
    ]


def test_hijri_month_links_to_the_gregorian_months_it_overlaps(client):
    make_article(published_at=at(2023, 11, 20))
    make_article(published_at=at(2023, 12, 10))

    _, root = page(client, "/en/archive/hijri/1445/5/")

    same_period = root.find(".//p[@class='archive-same-period']")
    assert [a.get("href") for a in same_period.iter("a")] == [
        "/en/archive/2023/11/",
        "/en/archive/2023/12/",
    ]
    assert "From Wednesday, 1 Jumada al-awwal 1445 | 2023/11/15 to Wednesday, " in text(
        root.find(".//p[@class='archive-span']")
    )


def test_year_pages_list_their_months_and_the_other_calendars_years(client):
    make_article(published_at=at(2023, 3, 10))  # Sha'ban 1444
    make_article(published_at=at(2023, 12, 20))  # Jumada al-thani 1445
    make_article(published_at=at(2023, 12, 21))

    _, gregorian = page(client, "/en/archive/2023/")
    _, hijri = page(client, "/en/archive/hijri/1445/")

    months = gregorian.find(".//ul[@class='archive-months']")
    assert [text(li) for li in months.iter("li")] == ["March (1)", "December (2)"]
    same_period = gregorian.find(".//p[@class='archive-same-period']")
    assert [a.get("href") for a in same_period.iter("a")] == [
        "/en/archive/hijri/1444/",
        "/en/archive/hijri/1445/",
    ]
    assert text(hijri.find(".//h1")) == "Archive: 1445 AH"
    months = hijri.find(".//ul[@class='archive-months']")
    assert [text(li) for li in months.iter("li")] == ["Jumada al-thani (2)"]


def test_year_links_to_the_previous_and_next_years_with_articles(client):
    for year in (2019, 2021, 2024):
        make_article(published_at=at(year, 6, 1))

    _, root = page(client, "/en/archive/2021/")

    assert links_in(nav(root, "Other years")) == {
        "/en/archive/2019/": "Previous year: 2019",
        "/en/archive/2024/": "Next year: 2024",
    }


def test_index_lists_years_and_months_of_both_calendars_with_counts(client):
    make_article(published_at=at(2023, 12, 2, 22, 30))  # 3 December, 19 Jumada I
    make_article(published_at=at(2023, 12, 20))
    make_article(published_at=at(2022, 5, 1))

    _, root = page(client, "/en/archive/")

    assert [title for level, title in headings(root) if level == 2][:2] == [
        "Gregorian calendar",
        "Hijri calendar",
    ]
    assert [title for level, title in headings(root) if level == 3] == [
        "2023 (2)",
        "2022 (1)",
        "1445 AH (2)",
        "1443 AH (1)",
    ]
    assert count_after(root, "/en/archive/2023/12/") == "2"
    assert count_after(root, "/en/archive/hijri/1445/5/") == "1"
    assert count_after(root, "/en/archive/hijri/1445/6/") == "1"
    assert count_after(root, "/en/archive/hijri/1443/9/") == "1"


def test_empty_archive_says_so(client):
    _, root = page(client, "/en/archive/")

    assert "No articles have been published here yet." in text(root.find(".//main"))


def test_every_page_links_to_the_archive(client):
    article = make_article()

    for url in ("/en/", f"/en/article/{article.slug}/", "/en/no-such-page/"):
        response = client.get(url)
        links = [a.get("href") for a in parse(response).iter("a")]
        assert "/en/archive/" in links, url


# Editions and visibility --------------------------------------------------------


def test_each_edition_lists_and_counts_only_its_own_language(client):
    make_article(title="English", language="en", published_at=at(2023, 12, 5))
    make_article(title="عربي", language="ar", published_at=at(2023, 12, 6))
    make_article(title="عربي آخر", language="ar", published_at=at(2023, 11, 6))

    _, english = page(client, "/en/archive/2023/12/")
    _, arabic = page(client, "/ar/archive/2023/12/")
    _, english_index = page(client, "/en/archive/")
    _, arabic_index = page(client, "/ar/archive/")

    assert listed(english) == ["English"]
    assert listed(arabic) == ["عربي"]
    assert count_after(english_index, "/en/archive/2023/") == "1"
    assert count_after(arabic_index, "/ar/archive/2023/") == "٢"
    page(client, "/en/archive/2023/11/", status=404)


def test_one_archive_for_both_languages_when_editions_are_not_separate(
    client, settings
):
    settings.CMS_SEPARATE_EDITIONS = False
    make_article(title="English", language="en", published_at=at(2023, 12, 5))
    make_article(title="عربي", language="ar", published_at=at(2023, 12, 6))

    _, root = page(client, "/en/archive/2023/12/")

    assert listed(root) == ["عربي", "English"]


def test_drafts_scheduled_expired_and_hidden_articles_are_not_archived(client):
    now = timezone.now()
    make_article(title="Published", published_at=at(2023, 12, 5))
    make_article(
        title="Draft", status=Article.Status.DRAFT, published_at=at(2023, 12, 6)
    )
    make_article(
        title="Draft only", status=Article.Status.DRAFT, published_at=at(2023, 3, 6)
    )
    make_article(
        title="Expired",
        published_at=at(2023, 12, 7),
        unpublish_at=now - timedelta(hours=1),
    )
    make_article(
        title="Hidden",
        published_at=at(2023, 12, 8),
        category=make_category(is_published=False),
    )
    scheduled = make_article(title="Scheduled", published_at=now + timedelta(days=40))

    _, month = page(client, "/en/archive/2023/12/")
    _, index = page(client, "/en/archive/")

    assert listed(month) == ["Published"]
    assert count_after(index, "/en/archive/2023/12/") == "1"
    assert count_after(index, "/en/archive/2023/") == "1"
    gregorian = [href for href in main_links(index) if "/hijri/" not in href]
    assert gregorian == ["/en/archive/2023/", "/en/archive/2023/12/"]
    page(client, "/en/archive/2023/3/", status=404)
    local = timezone.localtime(scheduled.published_at)
    page(client, f"/en/archive/{local.year}/{local.month}/", status=404)


def test_a_newly_published_article_is_archived_at_once(client):
    make_article(published_at=at(2023, 12, 5))
    page(client, "/en/archive/")  # the counts are now cached

    make_article(title="New", published_at=at(2021, 2, 5))

    _, root = page(client, "/en/archive/2021/2/")
    assert listed(root) == ["New"]


# Bad addresses ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/en/archive/2023/13/",
        "/en/archive/2023/0/",
        "/en/archive/0/",
        "/en/archive/99999999/",
        "/en/archive/99999999/12/",
        "/en/archive/hijri/1445/13/",
        "/en/archive/hijri/0/1/",
        "/en/archive/hijri/0/",
        "/en/archive/hijri/99999999/5/",
        "/en/archive/hijri/99999999/",
        "/en/archive/2023/11/",  # in range, no article
        "/en/archive/2022/",
        "/en/archive/hijri/1445/6/",
        "/en/archive/hijri/1444/",
        "/en/archive/2023/12/?page=2",
        "/en/archive/2023/12/?page=nothing",
        "/en/archive/december/",
        "/ar/archive/2023/13/",
    ],
)
def test_bad_archive_addresses_are_not_found(client, url):
    make_article(published_at=at(2023, 12, 5))  # 21 Jumada al-awwal 1445

    response = client.get(url)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode() or "/ar/" in url


# Names, digits and addresses ----------------------------------------------------


def test_arabic_pages_name_months_in_arabic_with_arabic_indic_digits(client):
    make_article(language="ar", published_at=at(2023, 12, 2, 22, 30))

    _, gregorian = page(client, "/ar/archive/2023/12/")
    _, hijri = page(client, "/ar/archive/hijri/1445/5/")
    _, year = page(client, "/ar/archive/hijri/1445/")

    assert text(gregorian.find(".//h1")) == "أرشيف ديسمبر ٢٠٢٣"
    assert text(hijri.find(".//h1")) == "أرشيف جمادى الأولى ١٤٤٥"
    assert text(year.find(".//h1")) == "أرشيف عام ١٤٤٥ هـ"
    # Each article carries its dual date.
    assert "الأحد، ١٩ جمادى الأولى ١٤٤٥ | ٢٠٢٣/١٢/٠٣" in text(
        gregorian.find(".//main//article")
    )


def test_arabic_reader_who_prefers_western_digits_gets_them(client):
    make_article(language="ar", published_at=at(2023, 12, 5))
    client.cookies["cms_digits"] = "western"

    _, root = page(client, "/ar/archive/2023/12/")

    assert text(root.find(".//h1")) == "أرشيف ديسمبر 2023"


def test_hijri_month_names_follow_the_sites_spelling(client, settings):
    english = list(conf.HIJRI_MONTHS["en"])
    english[4] = "Jumada I"
    settings.CMS_HIJRI_MONTHS = {**conf.HIJRI_MONTHS, "en": english}
    make_article(published_at=at(2023, 12, 5))

    _, root = page(client, "/en/archive/hijri/1445/5/")

    assert text(root.find(".//h1")) == "Archive: Jumada I 1445"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/en/archive/", "http://testserver/en/archive/"),
        ("/en/archive/2023/", "http://testserver/en/archive/2023/"),
        ("/en/archive/hijri/1445/", "http://testserver/en/archive/hijri/1445/"),
        ("/en/archive/2023/12/", "http://testserver/en/archive/2023/12/"),
        ("/en/archive/2023/12/?page=1", "http://testserver/en/archive/2023/12/"),
        ("/en/archive/2023/012/", "http://testserver/en/archive/2023/12/"),
        ("/en/archive/2023/12/?page=2", "http://testserver/en/archive/2023/12/?page=2"),
        ("/ar/archive/hijri/1445/5/", "http://testserver/ar/archive/hijri/1445/5/"),
    ],
)
def test_archive_pages_name_their_canonical_address(client, settings, url, canonical):
    settings.CMS_PAGINATE_BY = 1
    for language in ("en", "ar", "en"):
        make_article(language=language, published_at=at(2023, 12, 5))

    _, root = page(client, url)

    links = [
        link.get("href") for link in root.iter("link") if link.get("rel") == "canonical"
    ]
    assert links == [canonical]


# Queries ------------------------------------------------------------------------

# page: most queries with a cold cache. Every page reads the site settings and
# menu, the moon-sighting table and the category tree (as every page does), and
# the archive's month counts (one query, then cached), and when the schedule
# next changes the content (one query, then cached), the static pages of the
# footer and menu (one query, then cached); a month page adds its
# articles, their authors and their comment counts. Nothing counts the month.
ARCHIVE_PAGES = {
    "/{}/archive/": 9,
    "/{}/archive/2023/": 9,
    "/{}/archive/hijri/1445/": 9,
    "/{}/archive/2023/12/": 12,
    "/{}/archive/hijri/1445/5/": 12,
}


def bulk_articles(count, *, newest):
    """``count`` published articles in both languages, one every 3.5 days back
    from ``newest``: ten years of archive, made without a query per article."""
    author = make_author()
    category = make_category()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Generated {i}",
            slug=f"generated-{i}",
            language="ar" if i % 2 else "en",
            status=Article.Status.PUBLISHED,
            published_at=newest - timedelta(hours=84 * i),
            category=category,
            office=author.office,
            body="<p>Placeholder.</p>",
        )
        for i in range(count)
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=author) for article in articles
    )


def measure_all(client, django_assert_max_num_queries):
    for url in ARCHIVE_PAGES:
        assert client.get(url.format("en")).status_code == 200, url
    return {
        url.format(language): measure(
            client, url.format(language), bound, django_assert_max_num_queries
        )
        for url, bound in ARCHIVE_PAGES.items()
        for language in ("en", "ar")
    }


def test_archive_pages_run_as_many_queries_at_1_as_at_1000_articles(
    client, django_assert_max_num_queries
):
    for language in ("en", "ar"):
        make_article(language=language, published_at=at(2023, 12, 2, 22, 30))
    small = measure_all(client, django_assert_max_num_queries)

    bulk_articles(1000, newest=at(2025, 6, 1))
    large = measure_all(client, django_assert_max_num_queries)

    grown = {url: (small[url], large[url]) for url in small if large[url] != small[url]}
    assert not grown, f"queries (1 article, 1000 articles): {grown}"


@pytest.mark.parametrize("url", ["/en/archive/", "/en/archive/hijri/1445/"])
def test_warm_index_and_year_pages_read_no_article(
    client, url, django_assert_max_num_queries
):
    """The month counts come from the cache: no article is read again."""
    bulk_articles(200, newest=at(2024, 6, 1))
    client.get(url)

    with django_assert_max_num_queries(3) as queries:
        assert client.get(url).status_code == 200

    assert not [q for q in queries.captured_queries if "articles_article" in q["sql"]]


# Markup -------------------------------------------------------------------------

VALID_PAGES = [
    url.format(language)
    for language in ("en", "ar")
    for url in (
        "/{}/archive/",
        "/{}/archive/2023/",
        "/{}/archive/hijri/1445/",
        "/{}/archive/2023/12/",
        "/{}/archive/2023/12/?page=2",
        "/{}/archive/hijri/1445/5/",
        "/{}/archive/2022/5/",
        "/{}/archive/2023/13/",
    )
]


@pytest.fixture
def archive(settings):
    """Both editions with articles in several months, pages of two articles."""
    settings.CMS_PAGINATE_BY = 2
    for language in ("en", "ar"):
        for moment in (at(2022, 5, 1), at(2023, 12, 2, 22, 30), at(2023, 12, 5)):
            make_article(language=language, published_at=moment, excerpt="Summary.")
        make_article(language=language, published_at=at(2023, 12, 20))


@pytest.mark.parametrize("url", VALID_PAGES)
def test_archive_page_is_valid_accessible_html(client, archive, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    try:
        root = parse_strict(response.content.decode())
    except ParseError as error:  # pragma: no cover - the message is the point
        pytest.fail(f"{url}: {error}")

    levels = [level for level, _ in headings(root)]
    assert levels.count(1) == 1, url
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, f"{url}: h{previous} followed by h{current}"
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)), f"{url}: duplicate ids"
    for el in root.iter():
        for reference in (el.get("aria-labelledby") or "").split():
            assert reference in ids, f"{url}: aria-labelledby={reference}"
    labels = [
        el.get("aria-label") or el.get("aria-labelledby") for el in root.iter("nav")
    ]
    assert len(labels) == len(set(labels)), f"{url}: two navigations share a name"
    assert root.get("lang") == url[1:3]
    assert root.get("dir") == ("rtl" if url.startswith("/ar/") else "ltr")
