"""A hostile-input corpus sent through every public address, parameter and form.

Payloads: cross-site scripting (tags, event handlers, ``javascript:`` links,
SVG, attribute breakouts, encoded variants, Arabic mixed in), SQL
meta-characters, broken UTF-8 (lone surrogates, overlong forms, a bare 0xFF),
NUL characters, very long strings, unreasonable page numbers and text that
shows otherwise than typed (a closed override, blank letters, line breaks);
then bad ``Host`` headers. Whatever comes in: never a server error, and the
payload never comes back unescaped. Each surface meets every class of payload
at least once (one payload of the class each, in turn), the text fields that
are shown back meet several cross-site scripting payloads, the search words
and the comment's name and text all of them.

Then: comments that pass the form shown escaped to moderators and readers,
the ``/token/`` flow with forged tokens, malformed form bodies, other HTTP
methods, hostile request headers and cookies (the digits form's ``next``
never leading off the site is ``tests/articles/test_pages.py``'s), and upload
names where Django serves the uploads. At the editors' desk: date
drill-downs typed into the admin's lists, and tags typed into the article
form and the tag admin. Runs on SQLite and PostgreSQL (which refuses NUL in
text).
``tests/cms/test_hostile_addresses.py`` has the NUL cases that once failed.
"""

import json
import time
from dataclasses import dataclass
from urllib.parse import quote, unquote, unquote_to_bytes, urlencode

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from articles.models import Category
from comments import services
from comments.forms import CommentForm, sign_timestamp
from comments.models import Comment, Status
from tests.articles.desk import article_form_data
from tests.comments.factories import make_comment, make_moderator
from tests.factories import make_article, make_author, make_category, make_office

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Payload:
    """What is sent (``encoded``, as it goes into an address or a form body)."""

    kind: str
    name: str
    encoded: str

    @property
    def text(self):
        """The payload as the server reads it (broken bytes replaced)."""
        return unquote(self.encoded, errors="replace")

    def __str__(self):
        return f"{self.kind}-{self.name}"


def sent_as_is(kind, name, text):
    return Payload(kind, name, quote(text, safe=""))


XSS = [
    sent_as_is("xss", "script", "<script>alert(1)</script>"),
    sent_as_is("xss", "attribute-breakout", '"><script>alert(1)</script>'),
    sent_as_is("xss", "single-quote-breakout", "'><img src=x onerror=alert(1)>"),
    sent_as_is("xss", "event-handler", '" onmouseover="alert(1)" x="'),
    sent_as_is("xss", "svg", "<svg/onload=alert(1)>"),
    sent_as_is("xss", "javascript-url", "javascript:alert(1)"),
    sent_as_is("xss", "link", '<a href="javascript:alert(1)">x</a>'),
    sent_as_is("xss", "textarea-breakout", "</textarea><script>alert(1)</script>"),
    sent_as_is("xss", "arabic-mixed", "بيان <script>alert(1)</script> عاجل"),
    sent_as_is("xss", "entities", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    sent_as_is("xss", "double-encoded", "%3Cscript%3Ealert(1)%3C/script%3E"),
    sent_as_is("xss", "bidi-override", "\u202e<script>alert(1)</script>"),
    # Character references a browser reads without their ";".
    sent_as_is("xss", "references-without-semicolon", "&#60script&#62alert(1)"),
    sent_as_is("xss", "named-without-semicolon", "&ltscript&gtalert(1)&lt/script&gt"),
]
# Text that shows otherwise than it was typed: a closed override reversing
# letters ("evil" shows "live"), letters that show nothing, line breaks.
SPOOF = [
    sent_as_is("spoof", "closed-override", "\u202eevil\u202c"),
    sent_as_is("spoof", "hangul-filler", "\u3164"),
    sent_as_is("spoof", "braille-blank", "\u2800\u2800"),
    sent_as_is("spoof", "crlf", "Samira\r\nHaddad"),
    sent_as_is("spoof", "line-separator", "Samira\u2028Haddad"),
]
SQL = [
    sent_as_is("sql", "or-true", "' OR '1'='1"),
    sent_as_is("sql", "drop", '"; DROP TABLE articles_article; --'),
    sent_as_is("sql", "comment", "1 /* x */ -- y"),
    sent_as_is("sql", "wildcards", "%_\\%"),
    sent_as_is("sql", "backslash-quote", "\\'; SELECT 1; --"),
]
BROKEN_UTF8 = [
    Payload("utf8", "lone-surrogate", "a%ED%A0%80b"),
    Payload("utf8", "overlong-slash", "%C0%AF"),
    Payload("utf8", "bare-ff", "%FF"),
    Payload("utf8", "beyond-unicode", "%F4%90%80%80"),
]
NUL = [Payload("nul", "nul", "a%00b"), Payload("nul", "only-nul", "%00")]
LONG = [
    sent_as_is("long", "latin", "a" * 8000),
    sent_as_is("long", "arabic", "بيان" * 1500),
]
NUMBERS = [
    Payload("number", "huge", "99999999999999999999"),
    Payload("number", "past-bigint", "9223372036854775808"),
    Payload("number", "negative", "-1"),
    Payload("number", "zero", "0"),
    Payload("number", "letters", "abc"),
    Payload("number", "exponent", "1e9"),
    Payload("number", "fraction", "1.5"),
]
CLASSES = [XSS, SQL, BROKEN_UTF8, NUL, LONG, NUMBERS, SPOOF]


@dataclass(frozen=True)
class Surface:
    """Where a payload goes: ``{}`` in ``address`` (a path or query), or a form
    field of a POST. ``shown`` surfaces show the value back (escaped): they get
    more cross-site scripting payloads; ``numeric`` ones more numbers."""

    name: str
    address: str
    field: str = ""
    method: str = "get"
    shown: bool = False
    numeric: bool = False


def query(name, address, *, shown=False, numeric=False):
    return Surface(name, address, shown=shown, numeric=numeric)


SURFACES = [
    # Pages and their page numbers.
    query("home-page", "/en/?page={}", numeric=True),
    query("home-ar-page", "/ar/?page={}", numeric=True),
    query("home-parameter-name", "/en/?{}=1"),
    query("article-slug", "/en/article/{}/"),
    query("article-reply-to", "/en/article/{article}/?reply_to={}", numeric=True),
    query("category-path", "/en/category/{}/"),
    query("category-subpath", "/en/category/{category}/{}/"),
    query("category-page", "/en/category/{category}/?page={}", numeric=True),
    query("authors-page", "/en/authors/?page={}", numeric=True),
    query("author-slug", "/en/author/{}/"),
    query("author-page", "/en/author/{author}/?page={}", numeric=True),
    query("office-slug", "/en/office/{}/"),
    query("office-page", "/en/office/{office}/?page={}", numeric=True),
    query("tag-slug", "/en/tag/{}/"),
    query("tag-page", "/en/tag/{tag}/?page={}", numeric=True),
    query("page-slug", "/en/page/{}/"),
    query("preview-pk", "/en/preview/{}/", numeric=True),
    # Archives in both calendars.
    query("archive-page", "/en/archive/?page={}", numeric=True),
    query("archive-year", "/en/archive/{}/", numeric=True),
    query("archive-month", "/en/archive/2024/{}/", numeric=True),
    query("archive-month-year", "/en/archive/{}/1/", numeric=True),
    query("archive-month-page", "/en/archive/2024/1/?page={}", numeric=True),
    query("archive-hijri-year", "/ar/archive/hijri/{}/", numeric=True),
    query("archive-hijri-month", "/ar/archive/hijri/1445/{}/", numeric=True),
    query("archive-hijri-month-year", "/ar/archive/hijri/{}/5/", numeric=True),
    # Search: the words, the filters, the page.
    query("search-q", "/en/search/?q={}", shown=True),
    query("search-q-ar", "/ar/search/?q={}", shown=True),
    query("search-edition", "/en/search/?q=statement&edition={}", shown=True),
    query("search-category", "/en/search/?q=statement&category={}", numeric=True),
    query("search-author", "/en/search/?q=statement&author={}", numeric=True),
    query("search-date-from", "/en/search/?q=statement&date_from={}", shown=True),
    query("search-date-to", "/ar/search/?q=statement&date_to={}", shown=True),
    query("search-page", "/en/search/?q=statement&page={}", numeric=True),
    # Feeds and sitemaps.
    query("feed-query", "/en/feed/?{}"),
    query("atom-feed-query", "/ar/feed/atom/?page={}"),
    query("category-feed", "/en/category/{}/feed/"),
    query("author-feed", "/en/author/{}/feed/atom/"),
    query("office-feed", "/ar/office/{}/feed/"),
    query("tag-feed", "/en/tag/{}/feed/"),
    query("sitemap-index-page", "/sitemap.xml?p={}", numeric=True),
    query("sitemap-section", "/sitemap-{}.xml"),
    query("sitemap-section-page", "/sitemap-articles.xml?p={}", numeric=True),
    query("news-sitemap-page", "/news-sitemap.xml?p={}", numeric=True),
    # The JSON API: every list's filters and page parameters.
    query("api-articles-language", "/api/v1/articles?language={}"),
    query("api-articles-edition", "/api/v1/articles?edition={}"),
    query("api-articles-category", "/api/v1/articles?category={}"),
    query("api-articles-author", "/api/v1/articles?author={}"),
    query("api-articles-office", "/api/v1/articles?office={}"),
    query("api-articles-tag", "/api/v1/articles?tag={}"),
    query("api-articles-since", "/api/v1/articles?since={}", numeric=True),
    query("api-articles-until", "/api/v1/articles?until={}", numeric=True),
    query("api-articles-month", "/api/v1/articles?month={}", numeric=True),
    query("api-articles-hijri-month", "/api/v1/articles?hijri_month={}", numeric=True),
    query("api-articles-page", "/api/v1/articles?page={}", numeric=True),
    query("api-articles-page-size", "/api/v1/articles?page_size={}", numeric=True),
    query("api-article-id", "/api/v1/articles/{}", numeric=True),
    query("api-search-q", "/api/v1/search?q={}"),
    query("api-search-page", "/api/v1/search?q=statement&page={}", numeric=True),
    query("api-categories-edition", "/api/v1/categories?edition={}"),
    query("api-authors-office", "/api/v1/authors?office={}"),
    query("api-authors-page", "/api/v1/authors?page={}", numeric=True),
    query("api-author-slug", "/api/v1/authors/{}"),
    query("api-offices-page", "/api/v1/offices?page_size={}", numeric=True),
    query("api-office-slug", "/api/v1/offices/{}"),
    query("api-tags-page", "/api/v1/tags?page={}", numeric=True),
    query("api-unknown-address", "/api/v1/{}"),
    # Small endpoints.
    query("token", "/token/?{}"),
    query("robots", "/robots.txt?{}"),
    query("moderation-queue-anonymous", "/en/comments/moderation/?page={}"),
    query("comment-post-get", "/en/comments/post/{}/"),
    # Forms sent by POST.
    *(
        Surface(f"comment-{field}", "/en/comments/post/{article}/", field, "post", True)
        for field in ("name", "email", "website", "body")
    ),
    # Emptied or replaced when the form comes back: never shown.
    *(
        Surface(f"comment-{field}", "/en/comments/post/{article}/", field, "post")
        for field in ("fax", "parent", "issued")
    ),
    Surface("comment-slug", "/en/comments/post/{}/", "", "post"),
    Surface("comment-ar-body", "/ar/comments/post/{article_ar}/", "body", "post", True),
    Surface("report-pk", "/en/comments/{}/report/", "", "post", numeric=True),
    Surface("digits-choice", "/prefs/digits/", "digits", "post"),
    Surface("digits-next", "/prefs/digits/", "next", "post"),
    Surface("moderation-post-anonymous", "/en/comments/moderation/", "bulk", "post"),
    Surface("token-post", "/token/", "token", "post"),
]


# The page numbers every paginated address gets; the other numbers in turn.
PAGE_NUMBERS = NUMBERS[:3] + NUMBERS[4:6]  # huge, past bigint, -1, abc, 1e9


# Where a value is shown back, in full: every cross-site scripting payload.
EVERY_XSS = {"search-q", "comment-name", "comment-body"}


def taken_in_turn(payloads, index, count):
    """``count`` of ``payloads``, the ``index``-th surface's turn."""
    return [payloads[(index * count + n) % len(payloads)] for n in range(count)]


def cases():
    """Every surface with one payload of each class, taken in turn; where the
    value is shown back, four cross-site scripting payloads (all of them for
    the search words and the comment's name and text); where a number is
    expected, three numbers, the unreasonable page numbers first."""
    numbers = PAGE_NUMBERS + [n for n in NUMBERS if n not in PAGE_NUMBERS]
    for index, surface in enumerate(SURFACES):
        chosen = []
        for payloads in CLASSES:
            count = 1
            if payloads is XSS and surface.shown:
                count = len(XSS) if surface.name in EVERY_XSS else 4
            elif payloads is NUMBERS and surface.numeric:
                payloads, count = numbers, 3
            chosen.extend(taken_in_turn(payloads, index, count))
        for payload in chosen:
            yield pytest.param(surface, payload, id=f"{surface.name}:{payload}")


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    """A little of everything a public page can show, in both editions: made
    once for the module (each test runs inside its own savepoint), and rolled
    back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_content()
        transaction.set_rollback(True)


def make_content():
    office = make_office(slug="press-office")
    author = make_author(slug="a-spokesman", office=office)
    category = make_category(slug="statements")
    make_category(slug="regional", parent=category)
    article = make_article(
        title="A statement on the harvest", category=category, authors=[author]
    )
    article.tags.add("harvest")
    article_ar = make_article(
        title="بيان عن الحصاد", language="ar", category=category, authors=[author]
    )
    make_comment(article=article, body="A first reader's remark.")
    return {
        "article": article.slug,
        "article_ar": quote(article_ar.slug),
        "category": "statements",
        "author": "a-spokesman",
        "office": "press-office",
        "tag": "harvest",
    }


def comment_form(**encoded):
    """The urlencoded body of a valid comment (and of the other small forms),
    with ``encoded`` fields sent as they are."""
    form = {
        "name": "Samira Haddad",
        "email": "samira@example.org",
        "website": "",
        "body": "Thank you for the clear statement.",
        "parent": "",
        "issued": sign_timestamp(time.time() - 60),
        "fax": "",
        "digits": "western",
        "next": "/en/",
        "bulk": "approve",
        "selected": "1",
    }
    form = {name: quote(value, safe="") for name, value in form.items()}
    form.update(encoded)
    return "&".join(f"{name}={value}" for name, value in form.items())


def send(client, surface, payload, content):
    """Send ``payload`` through ``surface``; ``(address, response)``."""
    if surface.field:  # a form field
        address = surface.address.format(**content)
        body = comment_form(**{surface.field: payload.encoded})
    else:  # the address itself
        address = surface.address.format(payload.encoded, **content)
        body = comment_form()
    if surface.method == "get":
        return address, client.get(address, REMOTE_ADDR="192.0.2.7")
    response = client.post(
        address,
        body,
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR="192.0.2.7",
    )
    return address, response


DANGEROUS = ("<script>alert(", "<svg/onload", "<img src=x", 'href="javascript:')


def assert_harmless(response, payload, where):
    """No server error, and nothing of ``payload`` shown unescaped."""
    assert response.status_code < 500, f"{where}: {response.status_code}"
    location = response.get("Location", "")
    assert not location.lower().startswith(("javascript:", "//")), where
    assert not any(ch in location for ch in '<>"'), f"{where}: Location {location}"
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content).decode("utf-8", "replace")
    else:
        body = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        json.loads(body)  # JSON a browser never renders as a page
        assert response["X-Content-Type-Options"] == "nosniff", where
        return
    lowered = body.lower()
    for dangerous in DANGEROUS:
        assert dangerous not in lowered, f"{where}: {dangerous} in the page"
    if any(ch in payload.text for ch in '<>"'):
        assert payload.text not in body, f"{where}: the payload is shown unescaped"


@pytest.mark.parametrize(("surface", "payload"), list(cases()))
def test_hostile_input_is_refused_or_shown_escaped(client, content, surface, payload):
    where, response = send(client, surface, payload, content)
    assert_harmless(response, payload, f"{surface.method.upper()} {where}")
    if surface.shown and payload.kind == "xss" and response.status_code != 302:
        # Refused, it is shown back (kept in the form, named in the message),
        # escaped.
        assert escape(payload.text) in response.content.decode(), where


# Uploads served where no web server stands in front (make run, make serve).
MEDIA_NAMES = [
    *LONG,
    sent_as_is("long", "name-of-256", "a" * 256),
    sent_as_is("long", "arabic-name", "ب" * 200),
    sent_as_is("long", "deep-path", "/".join(["a" * 200] * 30)),
    *XSS[:2],
    SQL[1],
    *BROKEN_UTF8,
]


@pytest.mark.parametrize("payload", MEDIA_NAMES, ids=str)
def test_a_hostile_upload_name_is_not_found(client, payload):
    address = f"/media/{payload.encoded}"
    response = client.get(address)
    assert response.status_code in (400, 404), f"GET /media/{payload}"
    assert_harmless(response, payload, f"GET /media/{payload}")


@pytest.mark.parametrize("payload", XSS + SQL + BROKEN_UTF8 + LONG, ids=str)
def test_a_form_sent_without_its_token_is_confirmed_with_everything_escaped(
    content, payload
):
    """A comment whose page came from the cache, sent without a CSRF token,
    comes back on a confirmation page that carries every field typed."""
    client = Client(enforce_csrf_checks=True)
    address = f"/en/comments/post/{content['article']}/"
    body = comment_form(name=payload.encoded, body=payload.encoded)

    response = client.post(
        address, body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 403
    assert_harmless(response, payload, f"POST {address} without a token")


@pytest.mark.parametrize("payload", XSS[:4] + SQL[:1] + BROKEN_UTF8[:1], ids=str)
def test_the_digits_cookie_cannot_inject_into_a_page(client, content, payload):
    # As a server hands it on: the header's bytes read as ISO-8859-1.
    cookie = unquote_to_bytes(payload.encoded).decode("iso-8859-1")
    for address in ("/ar/", f"/ar/article/{content['article_ar']}/", "/ar/archive/"):
        response = client.get(address, HTTP_COOKIE=f"cms_digits={cookie}")
        assert_harmless(response, payload, f"GET {address} with cms_digits")


@pytest.mark.parametrize(
    "payload",
    [
        XSS[0],
        SQL[0],
        sent_as_is("digits", "made-up", "arabic"),
        sent_as_is("digits", "other-case", "Arabic-Indic"),
        sent_as_is("digits", "empty", ""),
    ],
    ids=str,
)
def test_a_made_up_digits_cookie_never_changes_the_page_others_get(
    content, settings, payload
):
    """With Western digits the site's default, the page drawn for a made-up
    cookie (Arabic-Indic then) was kept for every reader."""
    settings.CMS_ARABIC_DIGITS = "western"
    cookie = unquote_to_bytes(payload.encoded).decode("iso-8859-1")
    western = 'name="digits" value="arabic-indic"'  # offers the other choice
    for address in ("/ar/", f"/ar/article/{content['article_ar']}/"):
        odd = Client().get(address, HTTP_COOKIE=f"cms_digits={cookie}")
        plain = Client().get(address)
        assert western in odd.content.decode(), f"{address} with {payload}"
        assert western in plain.content.decode(), f"{address} after {payload}"


BAD_HOSTS = [
    "evil.example",
    "evil.example:8000",
    "testserver:abc",
    "testserver evil",
    "tëstserver",
    "例え.jp",
    "",
    "testserver/<script>",
    "[::1",
]
HOST_ADDRESSES = [
    ("get", "/en/"),
    ("get", "/ar/article/{article_ar}/"),
    ("get", "/en/search/?q=statement"),
    ("get", "/en/feed/"),
    ("get", "/sitemap.xml"),
    ("get", "/api/v1/articles"),
    ("get", "/token/"),
    ("get", "/robots.txt"),
    ("post", "/en/comments/post/{article}/"),
    ("post", "/prefs/digits/"),
]


def host_cases():
    """Every bad host on the home page (held in the page cache), every address
    with two bad hosts in turn."""
    for host in BAD_HOSTS:
        yield pytest.param("get", "/en/", host, id=f"get-/en/-{host}")
    for index, (method, address) in enumerate(HOST_ADDRESSES[1:]):
        for host in (BAD_HOSTS[index % 9], BAD_HOSTS[(index + 4) % 9]):
            yield pytest.param(method, address, host, id=f"{method}-{address}-{host}")


@pytest.mark.parametrize(("method", "address", "host"), list(host_cases()))
def test_a_host_not_allowed_is_a_bad_request(content, method, address, host):
    """Even for a page the cache already holds for the right host."""
    client = Client(raise_request_exception=False)
    address = address.format(**content)
    if method == "get":
        assert client.get(address).status_code == 200  # now in the page cache
    response = getattr(client, method)(address, HTTP_HOST=host)
    assert response.status_code == 400, f"{method.upper()} {address} Host {host!r}"
    page = response.content.decode()
    assert "does not answer to the host name" in page
    assert "evil" not in page and "<script>" not in page
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert header in response.headers, header


# The editors' desk: date drill-downs typed by hand into the admin's lists.
DESK_DATE_FILTERS = [
    "/admin/articles/article/?published_at__year={}",
    "/admin/articles/article/?state=published&published_at__year=2024"
    "&published_at__month={}",
    "/admin/comments/comment/?created_at__year=2024&created_at__month=1"
    "&created_at__day={}",
    "/admin/comments/moderationdecision/?decided_at__year={}",
    "/admin/axes/accessattempt/?attempt_time__year={}",
]
DESK_DATES = [
    *NUMBERS,
    Payload("number", "year-9999", "9999"),
    Payload("number", "beyond-any-date", "99999999999"),
    Payload("number", "thousands-of-digits", "9" * 5000),
    XSS[0],
    XSS[1],
    SQL[0],
    BROKEN_UTF8[0],
]  # NUL is refused before any view (test_hostile_addresses.py)


@pytest.mark.parametrize("address", DESK_DATE_FILTERS)
@pytest.mark.parametrize("payload", DESK_DATES, ids=str)
def test_a_hostile_date_filter_on_the_desk_shows_the_list_with_a_message(
    content, address, payload
):
    client = desk_client()
    address = address.format(payload.encoded)

    response = client.get(address)

    assert response.status_code == 200, address
    assert_harmless(response, payload, f"GET {address}")
    assert "The date filter was left out:" in response.content.decode(), address


def desk_client():
    client = Client()
    client.force_login(
        User.objects.create_superuser("desk-editor", password="unused-password")
    )
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# Tags typed at the desk: the article form's and the tag admin's.
DESK_TAGS = [
    *XSS[:4],
    XSS[8],
    SQL[1],
    *LONG,
    BROKEN_UTF8[0],
    sent_as_is("tag", "symbols-only", "?, #"),
    sent_as_is("tag", "arabic-question-mark", "؟"),
    sent_as_is("tag", "harakat-only", "\u064e\u064f"),
    sent_as_is("tag", "101-characters", "x" * 101),
    sent_as_is("tag", "long-address", "\ufdfa" * 10),
]


@pytest.mark.parametrize("payload", DESK_TAGS, ids=str)
def test_a_hostile_tag_at_the_desk_is_refused_or_kept_escaped(content, payload):
    client = desk_client()
    category = Category.objects.get(slug="statements")
    form = article_form_data(
        title="Tagged by hand", category=category, office=make_office()
    )
    del form["tags"]
    for address, body in (
        ("/admin/articles/article/add/", f"{urlencode(form)}&tags={payload.encoded}"),
        ("/admin/taggit/tag/add/", f"name={payload.encoded}&slug=tagged-by-hand"),
    ):
        response = client.post(
            address, body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (200, 302), f"POST {address} {payload}"
        assert_harmless(response, payload, f"POST {address}")
        if response.status_code == 200 and payload.kind == "xss":
            assert escape(payload.text) in response.content.decode(), address
    for tag in Tag.objects.all():
        assert any(ch.isalnum() for ch in tag.name) and len(tag.name) <= 100


@pytest.mark.parametrize("payload", [*XSS[-2:], *SPOOF], ids=str)
def test_a_name_that_does_not_read_as_typed_is_refused_with_it_kept(content, payload):
    address = f"/en/comments/post/{content['article']}/"
    response = Client().post(
        address,
        comment_form(name=payload.encoded),
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR="192.0.2.60",
    )
    assert response.status_code == 200, f"{payload} was accepted"
    assert_harmless(response, payload, f"POST {address}")
    page = response.content.decode()
    errors = CommentForm.name_errors.values()
    assert any(escape(str(error)) in page for error in errors), payload
    assert not Comment.objects.filter(name=payload.text).exists()


# What the comment form accepts (no HTML in it) and moderators then approve.
STORED = [XSS[3], XSS[5], XSS[10], SQL[0], SQL[1], SQL[4]]
# A valid address (no space in it) that would break out of ``href="…"``.
WEBSITE = 'https://example.org/?"onmouseover="alert(1)'


def test_accepted_hostile_comments_are_shown_escaped_to_moderators_and_readers(
    content,
):
    """Text that is not HTML passes the comment form: in the moderation queue,
    then approved on the article page, it is shown as text."""
    client = Client()
    address = f"/en/comments/post/{content['article']}/"
    for n, payload in enumerate(STORED):
        body = comment_form(
            name=payload.encoded,
            body=payload.encoded,
            website=quote(WEBSITE, safe=""),
        )
        response = client.post(
            address,
            body,
            content_type="application/x-www-form-urlencoded",
            REMOTE_ADDR=f"192.0.2.{n + 20}",
        )
        assert response.status_code == 302, f"{payload} was not accepted"
    held = Comment.objects.filter(status=Status.PENDING)
    assert held.count() == len(STORED)

    moderator = Client()
    moderator.force_login(make_moderator())
    queue = moderator.get("/en/comments/moderation/")
    for comment in held:
        services.comment_approve(comment=comment, moderator=None)
    article_page = client.get(f"/en/article/{content['article']}/")

    for response, where in ((queue, "the queue"), (article_page, "the article")):
        assert response.status_code == 200
        for payload in STORED:
            assert_harmless(response, payload, f"{payload} in {where}")
            assert escape(payload.text) in response.content.decode(), where
        assert WEBSITE not in response.content.decode(), where
        assert escape(WEBSITE) in response.content.decode(), where


@pytest.mark.parametrize("payload", [XSS[0], XSS[3], SQL[1], BROKEN_UTF8[0]], ids=str)
def test_the_token_flow_with_hostile_fields_and_tokens(content, payload):
    """A reader on a cached page asks ``/token/`` for a CSRF token, then sends
    the form with it; a forged token gets the confirmation page."""
    client = Client(enforce_csrf_checks=True)
    token = client.get("/token/").json()["token"]
    address = f"/en/comments/post/{content['article']}/"
    sent = comment_form(name=payload.encoded, body=payload.encoded)

    with_token = client.post(
        address,
        f"{sent}&csrfmiddlewaretoken={token}",
        content_type="application/x-www-form-urlencoded",
    )
    forged = client.post(
        address,
        f"{sent}&csrfmiddlewaretoken={payload.encoded}",
        content_type="application/x-www-form-urlencoded",
    )

    assert with_token.status_code in (200, 302)
    assert_harmless(with_token, payload, f"POST {address} with the token")
    assert forged.status_code == 403
    assert_harmless(forged, payload, f"POST {address} with a forged token")


MALFORMED = {
    "broken-multipart": (
        "multipart/form-data; boundary=xyz",
        b'--xyz\r\nContent-Disposition: form-data; name="body"\r\n\r\nunfinished',
    ),
    "no-boundary": ("multipart/form-data", b"name=a&body=b"),
    "too-many-fields": (
        "application/x-www-form-urlencoded",
        "&".join(f"f{n}=x" for n in range(1200)).encode(),
    ),
    "json-body": ("application/json", b'{"name": "<script>alert(1)</script>"}'),
    "latin-1-charset": (
        "application/x-www-form-urlencoded; charset=iso-8859-1",
        b"name=%E9&body=%FF",
    ),
    "unknown-charset": ("application/x-www-form-urlencoded; charset=x-evil", b"a=b"),
}


@pytest.mark.parametrize("kind", MALFORMED)
@pytest.mark.parametrize(
    "address", ["/en/comments/post/{article}/", "/prefs/digits/", "/en/search/"]
)
def test_a_malformed_form_body_is_refused_cleanly(content, address, kind):
    client = Client(raise_request_exception=False)
    content_type, body = MALFORMED[kind]
    address = address.format(**content)

    response = client.generic("POST", address, body, content_type=content_type)

    assert response.status_code < 500, f"POST {address} {kind}"
    assert b"<script>alert(" not in response.content


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "trace"])
@pytest.mark.parametrize(
    "address", ["/en/", "/en/article/{article}/", "/api/v1/articles", "/token/"]
)
def test_other_methods_are_refused_cleanly(client, content, address, method):
    address = address.format(**content)
    response = client.generic(method.upper(), address)
    assert response.status_code < 500, f"{method.upper()} {address}"


HEADERS = {
    "HTTP_ACCEPT_LANGUAGE": [
        "<script>alert(1)</script>",
        "ar;q=" + "9" * 500,
        "x" * 9000,
    ],
    "HTTP_USER_AGENT": ["<script>alert(1)</script>", "\u00ff" * 5000],
    "HTTP_REFERER": ["javascript:alert(1)", '"><script>alert(1)</script>'],
    "HTTP_X_FORWARDED_FOR": ["<script>", "1.2.3.4, ' OR 1=1 --", "::ffff:999.1.1.1"],
    "HTTP_IF_NONE_MATCH": ['"<script>alert(1)</script>"', "*, W/", "\u00ff"],
    "HTTP_IF_MODIFIED_SINCE": ["Mon, 99 Foo 99999 99:99:99 GMT", "-1", "9" * 40],
    "HTTP_RANGE": ["bytes=-99999999999999999999", "bytes=abc"],
    "HTTP_X_FORWARDED_PROTO": ["https", "<script>alert(1)</script>", "https, http"],
    "HTTP_COOKIE": [
        "sessionid=<script>alert(1)</script>",
        "csrftoken=%00; sessionid=' OR '1'='1",
        "messages=garbage:signature",
        "cms_digits=" + "x" * 4000,
    ],
}


HEADER_ADDRESSES = ["/ar/", "/en/article/{article}/", "/api/v1/articles", "/en/feed/"]


def header_cases():
    """Each hostile header value on one address, the addresses in turn."""
    pairs = [(header, value) for header, values in HEADERS.items() for value in values]
    for index, (header, value) in enumerate(pairs):
        address = HEADER_ADDRESSES[index % len(HEADER_ADDRESSES)]
        yield pytest.param(address, header, value, id=f"{header}:{value[:20]}")


@pytest.mark.parametrize(("address", "header", "value"), list(header_cases()))
def test_hostile_request_headers_are_harmless(content, address, header, value):
    address = address.format(**content)
    response = Client().get(address, **{header: value})
    assert response.status_code < 500, f"GET {address} {header}: {value[:40]}"
    assert b"<script>alert(" not in response.content, f"{address} {header}"


@pytest.mark.parametrize("address", HEADER_ADDRESSES)
def test_what_one_client_sends_never_changes_the_page_others_get(
    content, address, stopped_clock
):
    """A HEAD first, made-up parameters, a claimed scheme, a made-up digits
    cookie: the next reader gets the page the first one got, whole."""
    address = address.format(**content)
    first = Client().get(address)
    hostile = Client()
    hostile.cookies["cms_digits"] = "made-up"
    joiner = "&" if "?" in address else "?"

    hostile.head(address)
    hostile.get(f"{address}{joiner}flood1=1&fields=body")
    Client().get(address, HTTP_X_FORWARDED_PROTO="https")
    hostile.get(address)
    after = Client().get(address)

    assert after.status_code == first.status_code == 200
    assert after.content == first.content


@settings(
    deadline=None,
    max_examples=40,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=60))
def test_any_text_in_search_and_comments_is_harmless(content, text):
    """Generated text (any code point, surrogates aside) as search words, as
    the API's search and as a comment's name and text."""
    client = Client()
    # Marked, so that finding it unescaped in a page is never a coincidence.
    payload = sent_as_is("generated", "text", f"zq{text}<i>qz")
    for address in (
        f"/en/search/?q={payload.encoded}",
        f"/api/v1/search?q={payload.encoded}",
    ):
        assert_harmless(client.get(address), payload, f"GET {address}")
    address = f"/ar/comments/post/{content['article_ar']}/"
    response = client.post(
        address,
        comment_form(name=payload.encoded, body=payload.encoded),
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR=f"198.51.100.{len(text) % 250}",  # within the rate limit
    )
    assert_harmless(response, payload, f"POST {address}")
