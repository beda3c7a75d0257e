"""Click-to-load embeds in a real browser: every request the page makes is
recorded, and none goes to a provider before the reader presses the button;
then the provider's privacy-friendly player comes, and the keyboard's focus
with it.

Every address off the live server is answered by a local stand-in
(``page.route``): the test never reaches the internet.
"""

import json
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
POST = "https://t.me/media_office/1234"
BODY = (
    "<p>The office held its weekly briefing.</p>"
    f'<p><a href="{VIDEO}">The briefing in full</a></p>'
    f'<p>Questions followed, as <a href="{VIDEO}">the video</a> shows.</p>'
    f"<p>{POST}</p>"
    '<p><a href="https://x.com/MediaOffice/status/20">Our post</a></p>'
    '<p><a href="https://vimeo.com/76979871">The report</a></p>'
    '<p><a href="https://soundcloud.com/media-office/weekly-briefing">Audio</a></p>'
)
PROVIDERS = (
    "youtube.com",
    "youtu.be",
    "youtube-nocookie.com",
    "ytimg.com",
    "vimeo.com",
    "vimeocdn.com",
    "twitter.com",
    "twimg.com",
    "x.com",
    "t.me",
    "telegram.org",
    "soundcloud.com",
    "sndcdn.com",
)
# What a stand-in player does: Telegram's tells the page its height.
STAND_IN = "<!doctype html><title>Stand-in player</title><p>{host}</p>{script}"
TELEGRAM_RESIZE = (
    "<script>parent.postMessage("
    + json.dumps(json.dumps({"event": "resize", "height": 321}))
    + ', "*")</script>'
)

# Recorded in the page as the browser reports each policy violation.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def to_provider(url):
    host = urlsplit(url).hostname or ""
    return any(host == name or host.endswith(f".{name}") for name in PROVIDERS)


@pytest.fixture
def reader(new_page, live_server):
    """``(open, requests, problems)``: ``open(url, **context_options)`` opens a
    tab whose every request is recorded in ``requests``, whose requests off
    the live server get a stand-in, and whose policy violations and page
    errors are collected in ``problems``."""
    requests, problems = [], []
    own = urlsplit(live_server.url).netloc

    def stand_in(route):
        host = urlsplit(route.request.url).hostname
        script = TELEGRAM_RESIZE if host == "t.me" else ""
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body=STAND_IN.format(host=host, script=script),
        )

    def open_page(url, **options):
        page = new_page(**options)
        page.context.route(
            lambda url: urlsplit(url).netloc != own and not url.startswith("data:"),
            stand_in,
        )
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.expose_binding(
            "reportViolation", lambda source, text: problems.append(text)
        )
        page.add_init_script(LISTEN)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page

    return open_page, requests, problems


def test_nothing_is_asked_of_a_provider_before_the_click(reader):
    open_page, requests, problems = reader
    make_article(slug="briefing", body=BODY, language="en")
    page = open_page("/en/article/briefing/")

    blocks = page.locator("figure.embed")
    expect(blocks).to_have_count(5)
    button = page.get_by_role("button", name="Load the video from YouTube")
    expect(button).to_be_visible()
    expect(page.get_by_text("YouTube may record your visit.")).to_be_visible()
    expect(page.locator("iframe")).to_have_count(0)
    page.mouse.wheel(0, 2000)  # nothing waits for the reader to scroll either
    page.wait_for_load_state("networkidle")

    assert [url for url in requests if to_provider(url)] == []
    assert requests  # the page's own requests were recorded
    assert problems == []


def test_the_button_puts_the_private_player_in_place_and_focus_on_it(reader):
    open_page, requests, problems = reader
    make_article(slug="briefing", body=BODY, language="en")
    page = open_page("/en/article/briefing/")

    page.get_by_role("button", name="Load the video from YouTube").click()

    frame = page.locator("figure.embed-youtube iframe")
    expect(frame).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    expect(frame).to_have_attribute("title", "Video from YouTube: The briefing in full")
    expect(frame).to_be_focused()
    expect(page.frame_locator("figure.embed-youtube iframe").locator("p")).to_have_text(
        "www.youtube-nocookie.com"
    )
    # The button is gone; the plain link to the video stays.
    expect(page.locator("figure.embed-youtube button")).to_have_count(0)
    expect(page.locator("figure.embed-youtube a")).to_have_attribute("href", VIDEO)
    page.wait_for_load_state("networkidle")
    asked = [urlsplit(url).hostname for url in requests if to_provider(url)]
    assert asked == ["www.youtube-nocookie.com"]

    # A post's player tells its height; the other blocks still wait.
    page.get_by_role("button", name="Load the post from Telegram").click()
    post = page.locator("figure.embed-telegram iframe")
    expect(post).to_have_attribute("src", f"{POST}?embed=1")
    expect(post).to_be_focused()
    page.wait_for_function(
        "document.querySelector('figure.embed-telegram iframe')"
        ".getBoundingClientRect().height === 321"
    )
    page.wait_for_load_state("networkidle")
    asked = {urlsplit(url).hostname for url in requests if to_provider(url)}
    assert asked == {"www.youtube-nocookie.com", "t.me"}
    expect(page.locator("figure.embed button")).to_have_count(3)
    assert problems == []


def test_the_other_players_come_from_their_private_addresses(reader):
    open_page, requests, problems = reader
    make_article(slug="briefing", body=BODY, language="en")
    page = open_page("/en/article/briefing/")

    for name, block, player in (
        (
            "Load the post from X",
            "x",
            "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
        ),
        (
            "Load the video from Vimeo",
            "vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "Load the track from SoundCloud",
            "soundcloud",
            "https://w.soundcloud.com/player/?url="
            "https%3A%2F%2Fsoundcloud.com%2Fmedia-office%2Fweekly-briefing",
        ),
    ):
        page.get_by_role("button", name=name).click()
        frame = page.locator(f"figure.embed-{block} iframe")
        expect(frame).to_have_attribute("src", player)
        expect(frame).to_be_focused()

    page.wait_for_load_state("networkidle")
    asked = {urlsplit(url).hostname for url in requests if to_provider(url)}
    assert asked == {"platform.twitter.com", "player.vimeo.com", "w.soundcloud.com"}
    assert problems == []


def test_without_javascript_the_block_is_the_link(reader):
    open_page, requests, problems = reader
    make_article(slug="briefing", body=BODY, language="en")
    page = open_page("/en/article/briefing/", java_script_enabled=False)

    block = page.locator("figure.embed-youtube")
    expect(block.get_by_role("link", name="The briefing in full")).to_be_visible()
    expect(block.get_by_role("button")).to_be_hidden()
    expect(page.get_by_text("YouTube may record your visit.")).to_be_hidden()
    assert [url for url in requests if to_provider(url)] == []


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_phone_reader_loads_a_video_in_either_language(reader, language):
    """At 390 px the block fits the screen, the button mirrors in Arabic, and
    axe finds nothing serious in the block or its player."""
    open_page, requests, problems = reader
    make_article(slug="briefing", body=BODY, language=language)
    page = open_page(f"/{language}/article/briefing/", viewport=PHONE)
    name = {
        "ar": "اعرض الفيديو من يوتيوب",
        "en": "Load the video from YouTube",
    }[language]

    block = page.locator("figure.embed-youtube")
    expect(block).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    button = page.get_by_role("button", name=name)
    button.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page, context="figure.embed-youtube")
    serious = [
        violation["id"]
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []

    button.click()
    frame = block.locator("iframe")
    expect(frame).to_be_focused()
    box = frame.bounding_box()
    assert box["width"] <= PHONE["width"]
    assert abs(box["height"] - box["width"] * 9 / 16) < 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert problems == []
