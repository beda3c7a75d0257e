"""What a reader sees and does in a real browser: clock, languages, keyboard."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from core import hijri
from tests.factories import make_article, make_category

pytestmark = [
    pytest.mark.browser,
    # The live server builds WhiteNoise, which warns when collectstatic has not
    # run; the live server serves static files itself.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def long_body(paragraphs=40):
    return "".join(
        f"<p>Paragraph {n} of a long statement about a public meeting.</p>"
        for n in range(paragraphs)
    )


def test_home_page_date_bar_shows_today_in_both_calendars(page):
    """Weekday, Hijri date, then Gregorian date, as the site renders today."""
    before = hijri.format_dual(timezone.now(), "en")
    page.goto("/en/")
    after = hijri.format_dual(timezone.now(), "en")

    date_bar = page.locator(".date-bar time")
    expect(date_bar).to_be_visible()
    assert date_bar.inner_text() in {before, after}  # midnight may pass meanwhile
    assert re.fullmatch(r"\w+, \d{1,2} .+ 1[45]\d\d \| \d{4}/\d\d/\d\d", before)


@pytest.mark.parametrize(("language", "shown"), [("en", "12:30"), ("ar", "١٢:٣٠")])
def test_clock_ticks_in_makkah_time_whatever_the_readers_time_zone(
    page, language, shown
):
    """JavaScript replaces the server's time with the browser's, in Asia/Riyadh."""
    page.clock.set_fixed_time(datetime(2023, 12, 3, 9, 30, tzinfo=UTC))
    page.goto(f"/{language}/")

    clock = page.locator("[data-clock]")
    # The server writes its own time with the site's offset; only the script
    # writes this browser time in UTC, so both checks fail if it did not run.
    expect(clock).to_have_attribute("datetime", "2023-12-03T09:30:00.000Z")
    expect(clock).to_have_text(shown)  # 04:30 in the reader's New York


def test_language_switcher_opens_the_articles_arabic_translation_right_to_left(
    page, live_server
):
    """The switcher takes the reader to the translation; the page turns RTL."""
    arabic = make_article(title="صدور التقرير السنوي", slug="taqrir", language="ar")
    make_article(
        title="Annual report published", slug="annual-report", translation=arabic
    )
    Article.objects.filter(pk=arabic.pk).update(
        translation=Article.objects.get(slug="annual-report")
    )
    page.goto("/en/article/annual-report/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    page.locator(".language-switcher a[hreflang='ar']").click()

    expect(page).to_have_url(f"{live_server.url}/ar/article/taqrir/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(page.locator("main h1")).to_have_text(arabic.title)


def test_a_comment_sent_from_a_cached_page_gets_its_token_and_is_held(
    page, live_server, settings
):
    """The page came from the cache without a CSRF token: the form fetches one
    when the reader starts writing, and the comment is received."""
    settings.COMMENTS_MIN_FILL_SECONDS = 0  # no need to wait like a person
    make_article(title="A statement open to comments", slug="open")
    page.goto("/en/article/open/")
    page.goto("/en/article/open/")  # the second view comes from the cache
    assert page.locator("input[data-csrf-token]").first.get_attribute("value") == ""

    page.fill("#comment-name", "Samira Haddad")
    page.fill("#comment-email", "samira@example.org")
    page.fill("#comment-body", "A question about the meeting.")
    page.click("text=Send comment")

    expect(page.locator(".messages")).to_contain_text("will appear once a moderator")
    assert Comment.objects.get().body == "A question about the meeting."


def test_without_javascript_a_comment_is_confirmed_then_held(
    browser, live_server, settings
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    make_article(title="A statement open to comments", slug="open")
    page.goto("/en/article/open/")
    page.fill("#comment-name", "Samira Haddad")
    page.fill("#comment-email", "samira@example.org")
    page.fill("#comment-body", "Sent without JavaScript.")
    page.click("text=Send comment")

    expect(page.locator("h1")).to_have_text("Confirm sending")
    expect(page.locator(".confirm-preview")).to_contain_text("Sent without JavaScript.")
    page.click("main button[type=submit]")

    expect(page.locator(".messages")).to_contain_text("will appear once a moderator")
    assert Comment.objects.get().body == "Sent without JavaScript."
    context.close()


def test_layout_mirrors_sidebar_right_in_english_and_left_in_arabic(page):
    """The category tree sits at the end of the line: right in LTR, left in RTL."""
    category = make_category(name_en="Statements", name_ar="بيانات")
    make_article(title="Office hours change", slug="hours", category=category)
    make_article(
        title="تغيير مواعيد العمل", slug="hours-ar", language="ar", category=category
    )

    page.goto("/en/article/hours/")
    main = page.locator("main#content").bounding_box()
    aside = page.locator("aside.sidebar").bounding_box()
    assert aside["x"] >= main["x"] + main["width"]

    page.goto("/ar/article/hours-ar/")
    main = page.locator("main#content").bounding_box()
    aside = page.locator("aside.sidebar").bounding_box()
    assert aside["x"] + aside["width"] <= main["x"]
    expect(page.locator("aside.sidebar")).to_contain_text("بيانات")


def test_first_tab_shows_skip_link_and_enter_jumps_to_main_content(page):
    """Keyboard readers can skip the header and menus."""
    make_article(slug="skip-me")
    page.goto("/en/article/skip-me/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0  # on screen once focused

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/article/skip-me/#content$"))
    # The next Tab goes on from the main content, past header and menus.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.getElementById('content').contains(document.activeElement)"
    )


def test_back_to_top_link_scrolls_to_the_top_of_the_page(page):
    """The link at the end of the article brings the reader back up."""
    make_article(slug="long-read", body=long_body())
    page.goto("/en/article/long-read/")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 0

    page.locator("main").get_by_role("link", name="Back to top").click()

    page.wait_for_function("window.scrollY === 0")
    expect(page).to_have_url(re.compile(r"#top$"))


def test_copy_link_puts_the_articles_address_on_the_clipboard(new_page, live_server):
    article = make_article(slug="shared")
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(article.get_absolute_url())

    page.get_by_role("button", name="Copy link").click()

    expect(page.locator(".share [role=status]")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}{article.get_absolute_url()}"


def test_without_javascript_the_share_links_stay_and_no_copy_button_shows(new_page):
    article = make_article(slug="plain")
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())

    expect(page.locator(".share-link")).to_have_count(5)
    expect(page.get_by_role("button", name="Copy link")).to_have_count(0)
