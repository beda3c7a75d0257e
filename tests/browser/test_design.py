"""How the site looks and behaves in a browser: menu, mirroring, cards, dark
mode, accessibility (axe), console errors and the weight of a first view."""

import gzip
import re
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import PHONE, screenshot
from tests.factories import make_article, make_category, make_image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LANGUAGES = ["en", "ar"]
SCHEMES = ["light", "dark"]


@pytest.fixture
def demo(transactional_db, monkeypatch):
    """The demo site of ``make run``: pictures, tags, pages, logo."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "an-invented-demo-password-42")
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    article = {
        language: Article.objects.published()
        .filter(language=language)
        .exclude(lead_image="")
        .order_by("-published_at")
        .first()
        for language in LANGUAGES
    }
    return {"article": article}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots_of_the_demo_site(new_page, demo, language, scheme, width):
    """Pictures for people to look at (SCREENSHOT_DIR); the pages load whole."""
    viewport = PHONE if width == "phone" else None
    options = {"color_scheme": scheme, **({"viewport": viewport} if viewport else {})}
    page = new_page(**options)
    article = demo["article"][language]
    for name, url in (
        ("home", f"/{language}/"),
        ("article", f"/{language}/article/{article.slug}/"),
        ("category", f"/{language}/category/{article.category.path}/"),
        ("page", f"/{language}/page/about/"),
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        expect(page.locator("main h1")).to_have_count(1)
        screenshot(page, f"{name}-{language}-{width}-{scheme}")
    if width == "phone":
        page.goto(f"/{language}/")
        page.locator(".nav-toggle summary").click()
        expect(page.locator(".main-menu a").first).to_be_visible()
        screenshot(page, f"menu-open-{language}-{width}-{scheme}")


def test_menu_opens_on_a_phone_without_javascript(new_page):
    make_category(name_en="Statements", name_ar="البيانات")
    for language, label in (("en", "Statements"), ("ar", "البيانات")):
        page = new_page(viewport=PHONE, java_script_enabled=False)
        page.goto(f"/{language}/")
        link = page.locator(".main-menu").get_by_role("link", name=label)
        expect(link).to_be_hidden()

        page.locator(".nav-toggle summary").click()

        expect(link).to_be_visible()
        link.click()
        expect(page.locator("main h1")).to_have_text(label)


MENU = {"en": "Menu", "ar": "القائمة"}
SEARCH = {"en": "Search", "ar": "بحث"}
SECTION = {"en": "Statements", "ar": "البيانات"}
STORY = {"en": "Water supply restored", "ar": "عودة إمدادات المياه"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phone_header_is_one_short_row_that_works_without_javascript(
    new_page, language
):
    """Logo, a search button and a menu button in one row of about 60 px, and
    today's dual date in one line above it (not a third of the screen); the
    menu opens and the search page is reached without JavaScript."""
    news = make_category(name_en=SECTION["en"], name_ar=SECTION["ar"])
    make_article(category=news, language=language, title=STORY[language])
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(f"/{language}/")
    header = page.locator("header.site-header")
    brand = header.locator(".brand")
    search = header.get_by_role("link", name=SEARCH[language], exact=True)
    menu = header.locator(".nav-toggle summary")
    expect(menu).to_have_accessible_name(MENU[language])

    boxes = {
        name: locator.bounding_box()
        for name, locator in (("brand", brand), ("search", search), ("menu", menu))
    }
    row_top = min(box["y"] for box in boxes.values())
    row_bottom = max(box["y"] + box["height"] for box in boxes.values())
    assert row_bottom - row_top <= 48, boxes  # one row
    assert header.locator(".masthead").bounding_box()["height"] <= 64
    assert header.bounding_box()["height"] <= 100
    expect(header.locator(".date-bar")).to_be_visible()
    expect(header.locator(".date-bar")).to_contain_text("|")  # Hijri | Gregorian
    for name in ("search", "menu"):
        assert min(boxes[name]["width"], boxes[name]["height"]) >= 40, name
    if language == "ar":  # the buttons sit where the line ends
        assert boxes["menu"]["x"] < boxes["search"]["x"] < boxes["brand"]["x"]
    else:
        assert boxes["menu"]["x"] > boxes["search"]["x"] > boxes["brand"]["x"]

    section = header.get_by_role("link", name=SECTION[language], exact=True)
    expect(section).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(section).to_be_visible()

    search.click()
    expect(page).to_have_url(re.compile(f"/{language}/search/$"))
    box = page.locator("main").get_by_role("searchbox")
    box.fill(STORY[language].split()[-1])
    box.press("Enter")
    expect(page.locator("main")).to_contain_text(STORY[language])


def test_a_wide_screen_keeps_the_search_box_in_the_header(page):
    page.goto("/en/")
    header = page.locator("header.site-header")

    expect(header.get_by_role("searchbox")).to_be_visible()
    expect(header.get_by_role("link", name="Search", exact=True)).to_be_hidden()


def test_menu_is_always_open_on_a_wide_screen(page):
    make_category(name_en="Statements")
    page.goto("/en/")

    expect(page.locator(".nav-toggle summary")).to_be_hidden()
    expect(
        page.locator(".main-menu").get_by_role("link", name="Statements")
    ).to_be_visible()


def test_every_control_shows_where_the_keyboard_is(page):
    make_article(slug="focus")
    page.goto("/en/article/focus/")

    for _ in range(6):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        assert outline[0] != "none" and outline[1] >= 2, outline


def crumbs(page):
    """The boxes of the category trail's items and of their links."""
    return page.evaluate(
        """[...document.querySelectorAll('.category-trail li')].map(li => {
            const item = li.getBoundingClientRect();
            const link = li.querySelector('a').getBoundingClientRect();
            return {left: item.left, right: item.right,
                    linkLeft: link.left, linkRight: link.right};
        })"""
    )


def test_layout_mirrors_sidebar_and_breadcrumb_separators_in_arabic(page):
    """The sidebar and the separators between crumbs change side in Arabic."""
    parent = make_category(slug="statements", name_en="Statements", name_ar="بيانات")
    child = make_category(
        slug="north", parent=parent, name_en="North", name_ar="الشمال"
    )
    make_article(slug="en-story", category=child)
    make_article(slug="ar-story", category=child, language="ar", title="بيان")

    page.goto("/en/article/en-story/")
    first, second = crumbs(page)
    assert second["left"] >= first["right"] - 1  # reading left to right
    assert second["linkLeft"] - second["left"] > 4  # separator on the left
    main = page.locator("main#content").bounding_box()
    aside = page.locator("aside.sidebar").bounding_box()
    assert aside["x"] >= main["x"] + main["width"]

    page.goto("/ar/article/ar-story/")
    first, second = crumbs(page)
    assert second["right"] <= first["left"] + 1  # reading right to left
    assert second["right"] - second["linkRight"] > 4  # separator on the right
    main = page.locator("main#content").bounding_box()
    aside = page.locator("aside.sidebar").bounding_box()
    assert aside["x"] + aside["width"] <= main["x"]


def test_arrows_point_the_way_the_text_reads(page):
    news = make_category(name_en="News", name_ar="أخبار")
    for language in LANGUAGES:
        make_article(category=news, language=language)  # the lead story
        make_article(category=news, language=language)  # in the News block
    transforms = {}
    for language in LANGUAGES:
        page.goto(f"/{language}/")
        transforms[language] = page.locator(".more-link .arrow").first.evaluate(
            "el => new DOMMatrix(getComputedStyle(el).transform).b"
        )
    # rotate(45deg) points right, rotate(-45deg) points left.
    assert transforms["en"] > 0 > transforms["ar"]


def test_every_card_of_a_list_with_images_shows_one(page):
    news = make_category(slug="news", name_en="News")
    for language in LANGUAGES:  # each edition lists its own language's articles
        for i in range(5):
            make_article(
                category=news,
                language=language,
                lead_image=make_image(f"picture-{language}-{i}.png", size=(640, 360)),
                lead_image_alt=f"Picture {i}",
            )
    for language in LANGUAGES:
        page.goto(f"/{language}/category/news/")
        cards = page.locator("main .article-card")
        expect(cards).to_have_count(5)
        for card in cards.all():
            image = card.locator("img")
            expect(image).to_have_count(1)
            image.scroll_into_view_if_needed()
            expect(image).to_be_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth > 0")
            assert image.get_attribute("loading") == "lazy"
            assert image.get_attribute("width") and image.get_attribute("height")


def test_a_card_without_a_picture_shows_a_placeholder(page):
    make_article(slug="plain")
    page.goto("/en/")

    expect(page.locator(".article-card-placeholder")).to_have_count(1)


def colours(page):
    return page.evaluate(
        "(() => { const s = getComputedStyle(document.body);"
        " return [s.backgroundColor, s.color]; })()"
    )


def test_dark_mode_follows_the_readers_system(new_page):
    make_article()
    light = new_page(color_scheme="light")
    dark = new_page(color_scheme="dark")
    light.goto("/en/")
    dark.goto("/en/")

    assert colours(light) != colours(dark)
    background = dark.evaluate(
        "getComputedStyle(document.documentElement).backgroundColor"
    )
    assert background == "rgb(16, 19, 21)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_console_error_on_the_main_pages(new_page, demo, language):
    """Nor any warning: an unknown Permissions-Policy feature was one on
    every page."""
    page = new_page()
    errors = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(request.url))
    article = demo["article"][language]
    for url in (
        f"/{language}/",
        f"/{language}/article/{article.slug}/",
        f"/{language}/category/{article.category.path}/",
        f"/{language}/author/{article.byline_authors[0].slug}/",
        f"/{language}/authors/",
        f"/{language}/page/contact/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")

    assert errors == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_pass_axe_without_serious_violations(
    new_page, demo, language, scheme
):
    """axe-core (WCAG 2 A and AA): nothing serious or critical, contrast included."""
    page = new_page(color_scheme=scheme)
    article = demo["article"][language]
    found_word = max(article.title.split(), key=len)  # marked in the results
    axe = Axe()
    found = {}
    for url in (
        f"/{language}/",
        f"/{language}/search/?{urlencode({'q': found_word})}",
        f"/{language}/article/{article.slug}/",
        f"/{language}/category/{article.category.path}/",
        f"/{language}/author/{article.byline_authors[0].slug}/",
        f"/{language}/page/about/",
        f"/{language}/no-such-page/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
                },
                "resultTypes": ["violations"],
            },
        )
        serious = [
            (v["id"], [node["target"] for node in v["nodes"]][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[url] = serious

    assert not found


# Sums the page's layout shifts (what Lighthouse calls cumulative layout shift,
# without its session windows: a larger sum, never a smaller one).
LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { window.layoutShift += entry.value; }
}).observe({type: "layout-shift", buffered: true});
"""


def slow_network(page):
    """A slow phone connection: fonts and pictures arrive after the first paint."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8,
        },
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_moves_while_the_home_and_an_article_load(new_page, demo, language):
    """A late font is not swapped in and every picture has its size: text and
    pictures stay where they were first drawn (layout shift under 0.01; 0.1 is
    where Lighthouse starts to count it against the page)."""
    shifts = {}
    for url in (
        f"/{language}/",
        f"/{language}/article/{demo['article'][language].slug}/",
    ):
        page = new_page(viewport=PHONE)  # an empty cache: the first view
        slow_network(page)
        page.add_init_script(LAYOUT_SHIFTS)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        shifts[url] = page.evaluate("window.layoutShift")

    assert all(shift < 0.01 for shift in shifts.values()), shifts


def first_view_bytes(page, url):
    """Bytes of stylesheets and fonts a first visit to ``url`` transfers:
    ``(as served here, with the stylesheet compressed as in production)``."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    served = compressed = 0
    for response in responses:
        kind = response.request.resource_type
        if kind not in ("stylesheet", "font"):
            continue
        body = response.body()
        size = response.request.sizes()["responseBodySize"]
        served += size
        # WhiteNoise serves the stylesheet compressed; a font is already.
        compressed += len(gzip.compress(body, 9)) if kind == "stylesheet" else size
    return served, compressed


def test_a_first_view_stays_light(new_page, demo, record_property):
    """Stylesheet and fonts of a first view: at most ~60 KB, fonts subset."""
    weights = {}
    for language in LANGUAGES:
        for name, url in (
            ("home", f"/{language}/"),
            ("article", f"/{language}/article/{demo['article'][language].slug}/"),
        ):
            page = new_page()  # an empty cache each time
            weights[f"{name} ({language})"] = first_view_bytes(page, url)
    record_property("first_view_bytes", weights)
    print("\nFirst view (stylesheet + fonts), bytes served here / in production:")
    for key, (served, compressed) in weights.items():
        print(f"  {key}: {served} / {compressed}")

    for key, (_served, compressed) in weights.items():
        assert compressed <= 60 * 1024, key
