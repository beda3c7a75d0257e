"""Links to another site's player, drawn as click-to-load blocks: embeds
without tracking.

A link to a YouTube or Vimeo video, an X or Telegram post or a SoundCloud
track, alone in a paragraph of the body, is drawn on the article page as a
block that loads nothing from that site until the reader asks for it; the
button then puts the provider's privacy-friendliest player in place
(``static/js/embeds.js``). The stored body stays the editor's HTML: an embed is
a way of drawing a link, applied where the article page draws the body
(``articles_tags.with_embeds``). The feeds, the API and the PDF draw the body
as stored, and so keep the plain link.

``recognise(url)`` reads the providers' address forms from one table,
``FORMS``; ``embed_links(html, draw)`` finds the paragraphs that hold only such
a link and puts what ``draw`` makes in their place. ``FRAME_ORIGINS`` are the
players' addresses, the only frames the Content-Security-Policy allows.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from django.utils.translation import pgettext_lazy

from core.sanitize import html_to_text


@dataclass(frozen=True)
class Provider:
    key: str
    name: str  # as readers know it, in their language
    kind: str  # what it holds: "video", "post" or "track"
    origin: str  # where its player is: the one frame the policy allows for it
    # The player's Referer: YouTube's refuses to play without the site's
    # origin; the others get none (the site's own policy is same-origin).
    referrer_policy: str = "no-referrer"


YOUTUBE = Provider(
    "youtube",
    pgettext_lazy("embed provider", "YouTube"),
    "video",
    "https://www.youtube-nocookie.com",
    referrer_policy="strict-origin",
)
VIMEO = Provider(
    "vimeo",
    pgettext_lazy("embed provider", "Vimeo"),
    "video",
    "https://player.vimeo.com",
)
X = Provider(
    "x", pgettext_lazy("embed provider", "X"), "post", "https://platform.twitter.com"
)
TELEGRAM = Provider(
    "telegram", pgettext_lazy("embed provider", "Telegram"), "post", "https://t.me"
)
SOUNDCLOUD = Provider(
    "soundcloud",
    pgettext_lazy("embed provider", "SoundCloud"),
    "track",
    "https://w.soundcloud.com",
)
PROVIDERS = (YOUTUBE, VIMEO, X, TELEGRAM, SOUNDCLOUD)
FRAME_ORIGINS = tuple(provider.origin for provider in PROVIDERS)


def _youtube(found, query):
    player = f"{YOUTUBE.origin}/embed/{found['id']}"
    start = _seconds((query.get("t") or query.get("start") or [""])[0])
    return f"{player}?{urlencode({'start': start})}" if start else player


def _vimeo(found, query):
    parameters = {"dnt": 1}
    if found.get("hash"):
        parameters["h"] = found["hash"]
    return f"{VIMEO.origin}/video/{found['id']}?{urlencode(parameters)}"


def _x(found, query):
    parameters = {"id": found["id"], "dnt": "true"}
    return f"{X.origin}/embed/Tweet.html?{urlencode(parameters)}"


def _telegram(found, query):
    return f"{TELEGRAM.origin}/{found['channel']}/{found['id']}?embed=1"


def _soundcloud(found, query):
    track = f"https://soundcloud.com/{found['user']}/{found['track']}"
    if found.get("secret"):
        track += f"/{found['secret']}"
    return f"{SOUNDCLOUD.origin}/player/?{urlencode({'url': track}, quote_via=quote)}"


YOUTUBE_ID = r"(?P<id>[A-Za-z0-9_-]{11})"
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
X_HOSTS = {
    "x.com", "www.x.com", "mobile.x.com",
    "twitter.com", "www.twitter.com", "mobile.twitter.com",
}  # fmt: skip
# Telegram's own pages that look like a channel followed by a number.
TELEGRAM_RESERVED = {
    "addemoji", "addstickers", "addtheme", "boost", "contact", "invoice",
    "joinchat", "proxy", "setlanguage", "share", "socks",
}  # fmt: skip
# SoundCloud's pages under a user that are not a track, and its own pages.
SOUNDCLOUD_RESERVED = {
    "albums", "comments", "followers", "following", "likes", "playlists",
    "popular-tracks", "reposts", "sets", "spotlight", "toptracks", "tracks",
    "charts", "discover", "messages", "notifications", "pages", "people",
    "search", "settings", "stations", "stream", "tags", "upload", "you",
}  # fmt: skip


@dataclass(frozen=True)
class Form:
    provider: Provider
    hosts: frozenset
    path: re.Pattern  # matched against the whole path, a final "/" aside
    player: object  # (the path's groups, the query) -> the player's address
    # (the query parameter holding the id, its pattern), when the path has none
    query_id: tuple = ()
    reserved: frozenset = frozenset()  # groups' values that are not content


def _form(provider, hosts, path, player, *, query_id=(), reserved=()):
    return Form(
        provider,
        frozenset(hosts),
        re.compile(path, re.ASCII),
        player,
        query_id=query_id,
        reserved=frozenset(reserved),
    )


# The address forms readers paste, and the player each one becomes.
FORMS = (
    _form(YOUTUBE, {"youtu.be"}, rf"/{YOUTUBE_ID}", _youtube),
    _form(YOUTUBE, YOUTUBE_HOSTS, r"/watch", _youtube, query_id=("v", YOUTUBE_ID)),
    _form(YOUTUBE, YOUTUBE_HOSTS, rf"/(?:shorts|embed|live)/{YOUTUBE_ID}", _youtube),
    _form(YOUTUBE, {"www.youtube-nocookie.com"}, rf"/embed/{YOUTUBE_ID}", _youtube),
    _form(
        VIMEO,
        {"vimeo.com", "www.vimeo.com"},
        r"/(?:channels/[\w-]+/)?(?P<id>\d+)(?:/(?P<hash>[0-9a-f]+))?",
        _vimeo,
    ),
    _form(VIMEO, {"player.vimeo.com"}, r"/video/(?P<id>\d+)", _vimeo),
    _form(
        X,
        X_HOSTS,
        r"/(?P<user>\w{1,15})/status/(?P<id>\d{1,20})(?:/(?:photo|video)/\d)?",
        _x,
    ),
    _form(
        TELEGRAM,
        {"t.me", "telegram.me", "www.t.me", "www.telegram.me"},
        r"/(?P<channel>[A-Za-z]\w{3,31})/(?P<id>\d{1,10})",
        _telegram,
        reserved=TELEGRAM_RESERVED,
    ),
    _form(
        SOUNDCLOUD,
        {"soundcloud.com", "www.soundcloud.com", "m.soundcloud.com"},
        r"/(?P<user>[\w-]+)/(?P<track>[\w-]+)(?:/(?P<secret>s-\w+))?",
        _soundcloud,
        reserved=SOUNDCLOUD_RESERVED,
    ),
)


@dataclass(frozen=True)
class Embed:
    """A recognised link: its provider, the address as written in the text,
    and the address of the provider's player."""

    provider: Provider
    url: str
    player: str


def recognise(url):
    """The ``Embed`` a link to ``url`` becomes, or ``None``.

    Only http(s) addresses on one of a provider's own hosts, exactly (no
    look-alike such as ``youtube.com.evil.example``, no user name or port),
    with a path of one of its forms.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if parts.username is not None or parts.password is not None or port:
        return None
    host = (parts.hostname or "").rstrip(".")
    path = parts.path.rstrip("/")
    query = parse_qs(parts.query)
    for form in FORMS:
        if host not in form.hosts:
            continue
        found = form.path.fullmatch(path)
        if found is None:
            continue
        groups = {name: value for name, value in found.groupdict().items() if value}
        if form.reserved & {value.lower() for value in groups.values()}:
            continue
        if form.query_id:
            name, pattern = form.query_id
            found = re.fullmatch(pattern, (query.get(name) or [""])[0], re.ASCII)
            if found is None:
                continue
            groups.update(found.groupdict())
        return Embed(form.provider, url, form.player(groups, query))
    return None


def _seconds(text):
    """A start time as YouTube writes it (``90``, ``90s``, ``1m30s``,
    ``1h2m3s``) in seconds, 0 when it is none of those."""
    found = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", text or "")
    if found is None:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return hours * 3600 + minutes * 60 + seconds


# A tag as the sanitiser writes it (attribute values may hold ">").
TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
VOID = {"br", "hr", "img", "wbr"}
LINK = re.compile(
    r"""\s*<a\s(?P<attributes>(?:[^>"']|"[^"]*"|'[^']*')*)>"""
    r"(?P<text>(?:(?!</?a[\s>]).)*)</a>\s*",
    re.S | re.I,
)
HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
ADDRESS = re.compile(r"\s*(https?://[^\s<>\"']+)\s*", re.I)


@dataclass(frozen=True)
class Found:
    """A paragraph holding only a link that ``recognise`` knows: the embed,
    and the link's text as the reader read it (its address when it has none)."""

    embed: Embed
    text: str


def _alone(paragraph):
    """The ``Found`` of a paragraph's inner HTML that is one link and
    nothing else (or one address, as text), or ``None``."""
    link = LINK.fullmatch(paragraph)
    if link is not None:
        href = HREF.search(" " + link["attributes"])
        if href is None:
            return None
        url = html.unescape(next(group for group in href.groups() if group is not None))
        text = html_to_text(link["text"]).replace("\n", " ")
    else:
        address = ADDRESS.fullmatch(paragraph)
        if address is None:
            return None
        url = text = html.unescape(address[1])
    embed = recognise(url)
    return Found(embed, text or url) if embed else None


def embed_links(body, draw):
    """``body`` with each of its paragraphs that holds only a link to a
    provider's content replaced by ``draw(found, number)`` (numbered from 1 in
    the order of the text).

    Only paragraphs of the body itself: a link alone in a paragraph inside a
    quotation, a list or a table stays a link, as does a link inside a
    sentence. ``body`` is HTML as ``core.sanitize`` writes it.
    """
    body = body or ""
    pieces, depth, start, inner, done, number = [], 0, None, None, 0, 0
    for tag in TAG.finditer(body):
        closing, name = tag[1] == "/", tag[2].lower()
        if name in VOID:
            continue
        if closing:
            depth = max(depth - 1, 0)
            if depth == 0 and name == "p" and start is not None:
                found = _alone(body[inner : tag.start()])
                if found is not None:
                    number += 1
                    pieces += [body[done:start], draw(found, number)]
                    done = tag.end()
                start = None
        else:
            if depth == 0:
                start, inner = (tag.start(), tag.end()) if name == "p" else (None, None)
            depth += 1
    if not number:
        return body
    return "".join([*pieces, body[done:]])
