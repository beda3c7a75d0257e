"""Which links become click-to-load embeds, and the player each one loads
(``core.embeds``): every address form of each provider, and the look-alikes
that must stay plain links."""

import pytest

from core import embeds

VIDEO = "dQw4w9WgXcQ"
YOUTUBE_PLAYER = f"https://www.youtube-nocookie.com/embed/{VIDEO}"


@pytest.mark.parametrize(
    ("url", "provider", "player"),
    [
        # YouTube: the short link, the watch page, Shorts, the embed address.
        (f"https://youtu.be/{VIDEO}", "youtube", YOUTUBE_PLAYER),
        (f"https://youtu.be/{VIDEO}?si=tracking", "youtube", YOUTUBE_PLAYER),
        (f"https://www.youtube.com/watch?v={VIDEO}", "youtube", YOUTUBE_PLAYER),
        (f"http://youtube.com/watch?app=1&v={VIDEO}", "youtube", YOUTUBE_PLAYER),
        (f"https://m.youtube.com/watch?v={VIDEO}", "youtube", YOUTUBE_PLAYER),
        (f"https://www.youtube.com/shorts/{VIDEO}", "youtube", YOUTUBE_PLAYER),
        (f"https://www.youtube.com/embed/{VIDEO}/", "youtube", YOUTUBE_PLAYER),
        (f"https://www.youtube.com/live/{VIDEO}", "youtube", YOUTUBE_PLAYER),
        (f"HTTPS://WWW.YOUTUBE.COM/watch?v={VIDEO}", "youtube", YOUTUBE_PLAYER),
        (
            f"https://www.youtube-nocookie.com/embed/{VIDEO}",
            "youtube",
            YOUTUBE_PLAYER,
        ),
        # Where the reader's link starts, the player starts.
        (f"https://youtu.be/{VIDEO}?t=42", "youtube", f"{YOUTUBE_PLAYER}?start=42"),
        (
            f"https://www.youtube.com/watch?v={VIDEO}&t=1m30s",
            "youtube",
            f"{YOUTUBE_PLAYER}?start=90",
        ),
        # Vimeo: the video's page, an unlisted one with its key, the player.
        (
            "https://vimeo.com/76979871",
            "vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://vimeo.com/76979871/8272103f6e",
            "vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1&h=8272103f6e",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        # X, under either name.
        (
            "https://x.com/MediaOffice/status/1790000000000000001",
            "x",
            "https://platform.twitter.com/embed/Tweet.html"
            "?id=1790000000000000001&dnt=true",
        ),
        (
            "https://twitter.com/MediaOffice/status/20?s=20",
            "x",
            "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
        ),
        (
            "https://mobile.twitter.com/MediaOffice/status/20/photo/1",
            "x",
            "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
        ),
        # A Telegram channel's post.
        (
            "https://t.me/media_office/1234",
            "telegram",
            "https://t.me/media_office/1234?embed=1",
        ),
        (
            "https://telegram.me/media_office/7/",
            "telegram",
            "https://t.me/media_office/7?embed=1",
        ),
        # A SoundCloud track, public or shared by its secret link.
        (
            "https://soundcloud.com/media-office/weekly-briefing",
            "soundcloud",
            "https://w.soundcloud.com/player/?url="
            "https%3A%2F%2Fsoundcloud.com%2Fmedia-office%2Fweekly-briefing",
        ),
        (
            "https://soundcloud.com/media-office/weekly-briefing/s-AbC123",
            "soundcloud",
            "https://w.soundcloud.com/player/?url="
            "https%3A%2F%2Fsoundcloud.com%2Fmedia-office%2Fweekly-briefing%2Fs-AbC123",
        ),
    ],
)
def test_each_address_form_becomes_its_providers_private_player(url, provider, player):
    embed = embeds.recognise(url)

    assert embed is not None, url
    assert embed.provider.key == provider
    assert embed.player == player
    assert embed.url == url


@pytest.mark.parametrize(
    "url",
    [
        # Look-alike hosts and addresses that only mention a provider.
        f"https://youtube.com.evil.example/watch?v={VIDEO}",
        f"https://evilyoutube.com/watch?v={VIDEO}",
        f"https://youtu.be.evil.example/{VIDEO}",
        f"https://evil.example/https://youtu.be/{VIDEO}",
        f"https://evil.example/?u=https://www.youtube.com/watch?v={VIDEO}",
        f"https://www.youtube.com@evil.example/watch?v={VIDEO}",
        f"https://user@www.youtube.com/watch?v={VIDEO}",
        f"https://www.youtube.com:8443/watch?v={VIDEO}",
        "https://x.com.evil.example/MediaOffice/status/20",
        "https://t.me.evil.example/media_office/1234",
        # Not http(s).
        f"javascript:alert(1)//youtu.be/{VIDEO}",
        f"javascript://www.youtube.com/watch?v={VIDEO}",
        f"data:text/html,https://youtu.be/{VIDEO}",
        f"ftp://youtu.be/{VIDEO}",
        f"//youtu.be/{VIDEO}",
        f"youtu.be/{VIDEO}",
        # A provider's pages that are not one video, post or track.
        "https://www.youtube.com/",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@MediaOffice",
        "https://www.youtube.com/playlist?list=PL0123456789",
        f"https://youtu.be/{VIDEO}/more",
        "https://vimeo.com/channels/staffpicks",
        "https://x.com/MediaOffice",
        "https://x.com/MediaOffice/status/notanumber",
        "https://t.me/media_office",
        "https://t.me/s/media_office",
        "https://t.me/c/1234567890/55",
        "https://t.me/joinchat/12345",
        "https://t.me/+AbCdEf123",
        "https://soundcloud.com/media-office",
        "https://soundcloud.com/media-office/sets",
        "https://soundcloud.com/media-office/likes",
        "https://soundcloud.com/discover/new",
        # Not an address at all.
        "",
        None,
        "http://[::1",
        f"https://www.youtube.com/watch?v={VIDEO} and more",
    ],
)
def test_look_alikes_and_other_pages_stay_links(url):
    assert embeds.recognise(url) is None


def test_the_frames_allowed_are_the_players_of_the_table():
    players = {
        embeds.recognise(url).player.split("/")[2]
        for url in (
            f"https://youtu.be/{VIDEO}",
            "https://vimeo.com/1",
            "https://x.com/a/status/1",
            "https://t.me/media_office/1",
            "https://soundcloud.com/a/b",
        )
    }
    assert {origin.removeprefix("https://") for origin in embeds.FRAME_ORIGINS} == (
        players
    )
    assert {form.provider for form in embeds.FORMS} == set(embeds.PROVIDERS)


def drawn(found, number):
    return f"[{number} {found.embed.provider.key}: {found.text}]"


def test_a_link_alone_in_its_paragraph_is_drawn_as_a_block():
    body = (
        "<p>Before.</p>"
        f'<p><a href="https://youtu.be/{VIDEO}" rel="noopener noreferrer">'
        "The <strong>briefing</strong></a></p>"
        '<p dir="rtl"> <a href="https://t.me/media_office/12">'
        "https://t.me/media_office/12</a> </p>"
        "<p>After.</p>"
    )

    assert embeds.embed_links(body, drawn) == (
        "<p>Before.</p>"
        "[1 youtube: The briefing]"
        "[2 telegram: https://t.me/media_office/12]"
        "<p>After.</p>"
    )


def test_an_address_written_alone_in_its_paragraph_is_drawn_too():
    body = f"<p>https://www.youtube.com/watch?v={VIDEO}&amp;t=5</p>"

    assert embeds.embed_links(body, drawn) == (
        f"[1 youtube: https://www.youtube.com/watch?v={VIDEO}&t=5]"
    )


@pytest.mark.parametrize(
    "body",
    [
        # Inside a sentence, before or after other words.
        f'<p>Watch <a href="https://youtu.be/{VIDEO}">the briefing</a> today.</p>',
        f'<p><a href="https://youtu.be/{VIDEO}">the briefing</a>, then questions.</p>',
        f"<p>Watch https://youtu.be/{VIDEO} today.</p>",
        # Two links in one paragraph, or a line break beside it.
        f'<p><a href="https://youtu.be/{VIDEO}">one</a>'
        '<a href="https://vimeo.com/1">two</a></p>',
        f'<p>Line one<br><a href="https://youtu.be/{VIDEO}">two</a></p>',
        # Inside a quotation, a list or a table: the writer's layout stays.
        f'<blockquote><p><a href="https://youtu.be/{VIDEO}">x</a></p></blockquote>',
        f'<ul><li><p><a href="https://youtu.be/{VIDEO}">x</a></p></li></ul>',
        f'<table><tbody><tr><td><p><a href="https://youtu.be/{VIDEO}">x</a></p>'
        "</td></tr></tbody></table>",
        # A heading is not a paragraph.
        f'<h2><a href="https://youtu.be/{VIDEO}">x</a></h2>',
        # A link the sanitiser emptied, and one to a look-alike.
        '<p><a rel="noopener noreferrer">x</a></p>',
        f'<p><a href="https://youtube.com.evil.example/watch?v={VIDEO}">x</a></p>',
        "",
    ],
)
def test_a_link_in_a_sentence_or_a_nested_paragraph_stays_as_written(body):
    assert embeds.embed_links(body, drawn) == body


def test_attribute_values_holding_angle_brackets_do_not_confuse_the_reading():
    body = (
        f'<p title="a > b"><a title="</p>" href="https://youtu.be/{VIDEO}">x</a></p>'
        '<p>Text with "quotes" and > signs.</p>'
    )

    assert embeds.embed_links(body, drawn) == (
        '[1 youtube: x]<p>Text with "quotes" and > signs.</p>'
    )
