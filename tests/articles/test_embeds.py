"""A link to a video, post or track alone in its paragraph is a click-to-load
block on the article page (``core.embeds``, ``embed_tags.with_embeds``), and
stays a plain link everywhere else: the stored body, the feeds, the API and
the PDF. The page asks nothing of the provider, and its policy allows the
providers' players only as frames."""

import pytest
from django.test import Client

from articles.models import Article
from core import embeds
from documents import rendering
from tests.api.client import get
from tests.factories import make_article
from tests.markup import find_by_class, parse, parse_strict, text
from tests.queries import measure

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
POST = "https://t.me/media_office/1234"
TRACK = "https://soundcloud.com/media-office/weekly-briefing"
BODY = (
    "<p>The office held its weekly briefing.</p>"
    f'<p><a href="{VIDEO}">The briefing in full</a></p>'
    f'<p>Questions followed, as <a href="{VIDEO}">the video</a> shows.</p>'
    f"<p>{POST}</p>"
    f'<p><a href="{TRACK}">{TRACK}</a></p>'
)
PROVIDER_HOSTS = (
    "youtube.com",
    "youtube-nocookie.com",
    "vimeo.com",
    "twitter.com",
    "x.com",
    "t.me",
    "soundcloud.com",
)


@pytest.fixture
def briefing():
    return make_article(
        title="Weekly briefing", slug="briefing", body=BODY, excerpt="", language="en"
    )


def blocks(root):
    return find_by_class(root, "figure", "embed")


def test_a_link_alone_in_its_paragraph_is_a_click_to_load_block(client, briefing):
    response = client.get("/en/article/briefing/")
    root = parse(response)
    video, post, track = blocks(root)

    assert response.status_code == 200
    # Named by its provider, the link kept, the button and its note.
    assert text(video.find("figcaption")) == "YouTube"
    link = video.find(".//p[@class='embed-link']/a")
    assert link.get("href") == VIDEO
    assert text(link) == "The briefing in full"
    button = video.find(".//button")
    assert button.get("type") == "button"
    assert text(button) == "Load the video from YouTube"
    assert button.get("data-embed-player") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert button.get("data-embed-title") == (
        "Video from YouTube: The briefing in full"
    )
    note = root.find(f".//*[@id='{button.get('aria-describedby')}']")
    assert text(note) == "YouTube may record your visit."
    # Without JavaScript the block is the link: the button waits hidden.
    assert find_by_class(video, "div", "embed-consent")[0].get("hidden") is not None

    assert text(post.find("figcaption")) == "Telegram"
    assert text(post.find(".//button")) == "Load the post from Telegram"
    assert post.find(".//p/a").get("href") == POST
    assert text(post.find(".//p/a")) == POST
    assert text(track.find(".//button")) == "Load the track from SoundCloud"
    assert (
        track.find(".//button")
        .get("data-embed-player")
        .startswith(
            "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2F"
        )
    )
    # Each note is its own block's.
    notes = [block.find(".//button").get("aria-describedby") for block in blocks(root)]
    assert len(set(notes)) == 3


def test_the_page_loads_nothing_from_a_provider_and_its_script_once(client, briefing):
    root = parse(client.get("/en/article/briefing/"))

    assert list(root.iter("iframe")) == []
    fetched = [
        element.get("src") or element.get("srcset") or ""
        for element in root.iter()
        if element.tag in {"img", "script", "iframe", "source", "link", "video"}
    ]
    fetched += [link.get("href") or "" for link in root.iter("link")]
    assert not [url for url in fetched if any(host in url for host in PROVIDER_HOSTS)]
    scripts = [
        s.get("src") for s in root.iter("script") if "embeds" in (s.get("src") or "")
    ]
    assert scripts == ["/static/js/embeds.js"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_page_with_blocks_is_well_formed_with_unique_ids(client, language):
    make_article(slug="briefing", body=BODY, language=language)
    content = client.get(f"/{language}/article/briefing/").content.decode()

    parse_strict(content)  # raises on any error
    ids = [element.get("id") for element in parse(content).iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_a_link_inside_a_sentence_stays_a_link(client, briefing):
    root = parse(client.get("/en/article/briefing/"))
    body = find_by_class(root, "div", "article-body")[0]

    sentence = [p for p in body.iter("p") if text(p).startswith("Questions followed")]
    assert len(sentence) == 1
    assert sentence[0].find("a").get("href") == VIDEO
    assert text(sentence[0]) == "Questions followed, as the video shows."


def test_an_article_without_embeds_draws_its_body_as_stored_and_no_script(client):
    body = f'<p>Watch <a href="{VIDEO}" rel="noopener noreferrer">this</a>.</p>'
    article = make_article(slug="plain", body=body)
    response = client.get(article.get_absolute_url())

    assert body in response.text
    assert "embeds.js" not in response.text
    assert blocks(parse(response)) == []


def test_the_stored_body_keeps_the_editors_html(client, briefing):
    client.get("/en/article/briefing/")

    stored = Article.objects.get(pk=briefing.pk).body
    assert f'<a href="{VIDEO}" rel="noopener noreferrer">The briefing' in stored
    assert "embed" not in stored
    assert "youtube-nocookie" not in stored


def test_the_arabic_page_draws_the_block_in_arabic_right_to_left(client):
    make_article(
        title="الإيجاز الأسبوعي", slug="ijaz", body=BODY, excerpt="", language="ar"
    )
    root = parse(client.get("/ar/article/ijaz/"))
    video = blocks(root)[0]

    assert video.get("dir") == "rtl"
    assert video.get("lang") == "ar"
    assert text(video.find("figcaption")) == "يوتيوب"
    assert text(video.find(".//button")) == "اعرض الفيديو من يوتيوب"
    note = root.find(f".//*[@id='{video.find('.//button').get('aria-describedby')}']")
    assert text(note) == "قد يسجّل موقع يوتيوب زيارتك."
    assert text(blocks(root)[2].find(".//button")) == (
        "اعرض المقطع الصوتي من ساوند كلاود"
    )


def test_the_block_is_kept_with_the_page(client, briefing):
    fresh = client.get("/en/article/briefing/")
    cached = Client().get("/en/article/briefing/")

    assert cached["X-Cache"] == "hit"
    assert cached.content == fresh.content
    assert len(blocks(parse(cached))) == 3


def test_embeds_add_no_query_to_the_article_page(
    client, briefing, django_assert_max_num_queries
):
    plain = make_article(
        slug="plain", body="<p>One.</p><p>Two.</p>", category=briefing.category
    )
    plain.authors.set(briefing.authors.all())

    with_embeds = measure(
        client, "/en/article/briefing/", 30, django_assert_max_num_queries
    )
    without = measure(client, "/en/article/plain/", 30, django_assert_max_num_queries)

    assert with_embeds == without


def test_the_policy_allows_the_players_frames_and_nothing_else(client, briefing):
    for response in (client.get("/en/article/briefing/"), client.get("/en/")):
        header = response["Content-Security-Policy"]
        directives = dict(
            part.strip().split(" ", 1) for part in header.split(";") if part.strip()
        )
        assert directives["frame-src"].split() == [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://platform.twitter.com",
            "https://t.me",
            "https://w.soundcloud.com",
        ]
        assert list(embeds.FRAME_ORIGINS) == directives["frame-src"].split()
        # Scripts and everything else stay the site's own.
        assert directives["script-src"] == "'self'"
        assert directives["default-src"] == "'self'"


def test_the_feeds_keep_the_link(client, briefing):
    for url in ("/en/feed/", "/en/feed/atom/"):
        response = client.get(url)

        assert response.status_code == 200
        feed = response.content.decode()
        assert "Weekly briefing" in feed
        assert "/en/article/briefing/" in feed
        assert "embed" not in feed
        assert "youtube-nocookie" not in feed
        assert "Load the video" not in feed


def test_the_api_keeps_the_link(client, briefing):
    data = get(client, f"/api/v1/articles/{briefing.pk}")

    assert data["body_html"] == Article.objects.get(pk=briefing.pk).body
    assert f'<a href="{VIDEO}" rel="noopener noreferrer">' in data["body_html"]
    assert "youtube-nocookie" not in data["body_html"]


def test_the_pdf_keeps_the_link(briefing):
    article = Article.objects.for_listing().get(pk=briefing.pk)
    source = rendering.source_of(article)

    assert f'<a href="{VIDEO}" rel="noopener noreferrer">' in source.html
    assert "embed" not in source.html
    assert "youtube-nocookie" not in source.html
