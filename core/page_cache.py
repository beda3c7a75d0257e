"""Whole pages for anonymous readers, served from the shared cache.

A reader without a session (no one signed in) and without pending messages
gets a public page from the cache when one is there, per address, language and
digits preference. What is stored is only what any reader may see:

- GET of public pages, search results included (not the admin, previews,
  the moderation queue, the health check or the form token); a HEAD is
  answered from the GET's entry when there is one, and never stored: a view
  may leave its body out, and the empty answer would be every reader's GET;
- answered 200, with no cookie set, nothing marked ``private``/``no-store``/
  ``no-cache``, and no ``Vary`` beyond the language (``Vary: Cookie`` marks a
  page that asked for a session or a CSRF token: someone's own);
- for ``CMS_PAGE_CACHE_SECONDS`` at most, never past the next change the
  schedule makes by itself to what it shows, and made fresh at once by any
  content change that shows on it (the value carries the content generation
  and the counters of what the page drew, ``core.cache``; the key carries the
  day in the site's zone, for the date bar);
- with a hole where the sidebar's counted tree was (``core.cache.HOLE``),
  filled at each serving with the tree kept then (its link to the page
  marked current), so that a publication elsewhere leaves the page kept;
  with none kept, the page is drawn again.

Conditional GET (ETag, 304) works on cached and fresh pages alike
(``ConditionalGetMiddleware`` runs outside this one).

A page is made of the query parameters its view reads and of no others
(``parameters_read``: a list's ``page``, the search's form fields, the API's
documented parameters); any other parameter is taken off such a request
before anything reads it, and the page is the one of the address without
it. So the parameters analytics add to shared links (``utm_source``,
``fbclid``…: each click from a social network carries its own) read the page
kept for the address, and made-up parameters (``?flood1=1``) cannot fill the
cache with copies of one page. Scripts in the reader's browser still see
them in its address bar.

This is also the one place that says what caches outside the site (a CDN,
a proxy, browsers) may do with a page, by its ``Cache-Control``
(``cache_control``):

- a page any reader may be given (what this cache keeps) is
  ``public, max-age=0, s-maxage=…, stale-while-revalidate=…,
  stale-if-error=…``: a shared cache may serve it for
  ``CMS_PAGE_SHARED_MAX_AGE`` seconds, then a little longer while it asks
  again (``CMS_PAGE_STALE_WHILE_REVALIDATE``), or while the site does not
  answer (``CMS_PAGE_STALE_IF_ERROR``); browsers ask every time (a 304 when the
  ``ETag`` still matches). The site cannot tell a CDN that a page changed, so
  a change reaches readers behind a CDN within that time; no time reaches
  past the next scheduled change, nor past midnight (the date bar) unless
  the site is down.
- the same page for a reader who chose their digits (a cookie a CDN does not
  key on by default) is ``private, no-cache``;
- a response whose view said nothing and that is not kept (forms sent back,
  redirects by language, errors) is ``private, no-cache``; what a view says
  itself (the admin's ``no-store``, the API's ``public, max-age=60``) stands.
"""

import datetime
import hashlib
from contextlib import nullcontext
from typing import NamedTuple

from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.encoding import escape_uri_path
from django.utils.html import escape
from django.utils.translation import get_language_from_path
from django.views.generic.list import MultipleObjectMixin

from core import audience, cache, conf
from core.reader import digits_variant

# Addresses whose pages are never kept: they are personal or must be live.
# Search results are kept like any page: the searches readers repeat (a name
# in the news) are answered from the cache, and each query's page is one entry
# replaced in place (``core.cache.PAGES``), expiring with the others; Redis'
# memory limit evicts the least used (docs/deploy.md).
# Besides the private pages (``core.audience``), what must be live: the
# health check, the form token, the reader's preferences.
LIVE_ADDRESSES = ("/healthz", "/token/", "/prefs/")
# Headers a response may vary on and still be kept: the key holds the language
# (from the address), and the stored body is the same for every encoding.
KEYED_VARY = {"accept-language", "accept-encoding"}


class PageCacheMiddleware:
    """Serve and keep anonymous readers' pages (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anyones = is_anyones_request(request)
        if anyones:
            keep_parameters_read(request)
        use_cache = anyones and conf.get("CMS_PAGE_CACHE_SECONDS") > 0
        parts = page_key(request) if use_cache else ()
        if use_cache:  # one round trip to the cache for the page and its hole
            cache.prefetch((cache.NEXT_CHANGE,), (cache.PAGES, *parts), *hole(request))
        elif anyones:  # a page to draw: its frame comes in the same round trip
            prefetch_frame(request)
        # Until the next scheduled change, for the Cache-Control of the page
        # (a kept page is never read past it: ``core.cache``). With the
        # database away, pages already cached are still served.
        try:
            remaining = cache.seconds_to_scheduled_change()
        except DatabaseError:
            remaining = None
        if not anyones:
            return cache_control(self.get_response(request), shared=False)
        shared = not digits_variant(request)  # a chosen digits: a CDN keys not on it
        kept = cache.fetch(cache.PAGES, *parts) if use_cache else None
        cached = filled(kept, request) if kept is not None else None
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cache_control(cached, shared=shared, remaining=remaining)
        if use_cache:
            prefetch_frame(request)
        response = one_piece(self.get_response(request))
        if not may_keep(response):
            return cache_control(response, shared=False)
        if not response.has_header("ETag"):
            set_response_etag(response)
        if use_cache and request.method == "GET":
            keep(response, parts)
            response["X-Cache"] = "miss"
        return cache_control(response, shared=shared, remaining=remaining)


# Where a kept page's hole was (``core.cache.HOLE``): a comment no page's own
# markup holds (readers' text is escaped, articles' sanitised).
HOLE_MARK = b"<!--cms:hole-->"


class KeptPage(NamedTuple):
    """A page as kept: the response, and whether its body holds ``HOLE_MARK``."""

    response: HttpResponse
    with_hole: bool


def hole(request):
    """``[(FRAGMENT, …)]``: what fills the hole of ``request``'s page, if it
    is in a language (a page in none has no frame)."""
    language = get_language_from_path(request.path_info)
    return [cache.hole(language, digits_variant(request))] if language else []


def keep(response, parts):
    """Keep ``response`` as the page of ``parts``, with its hole (the sidebar's
    tree, which every publication changes) left open: the page does not
    depend on what the hole does, and is filled at each serving."""
    markup = cache.hole_left()
    encoded = markup.encode(response.charset) if markup is not None else None
    if (
        encoded is None
        or response.content.count(encoded) != 1
        or HOLE_MARK in response.content  # an editor's text holding it
    ):
        if encoded is not None:
            cache.depends_on(cache.LISTS)  # it shows the tree as it is now
        cache.store(cache.PAGES, *parts, value=KeptPage(response, False))
        return
    body = response.content
    response.content = body.replace(encoded, HOLE_MARK)
    del response["ETag"]
    set_response_etag(response)  # of the page as kept, with its hole
    try:
        cache.store(cache.PAGES, *parts, value=KeptPage(response, True))
    finally:
        response.content = body
    response["ETag"] = filled_etag(response["ETag"], encoded)


def marked_current(markup, request):
    """``markup`` of the hole (the same on every page) with its link to the
    page ``request`` reads, if any, marked as the current one: the first
    ``<a href="…">`` naming its path gets ``aria-current="page"``."""
    if request is None:
        return markup
    link = f'<a href="{escape(escape_uri_path(request.path))}"'
    return markup.replace(link, f'{link} aria-current="page"', 1)


def filled(kept, request):
    """The response of a kept page, its hole filled with what is kept of it
    now; ``None`` when that is not kept (the page is drawn again)."""
    response = kept.response
    if not kept.with_hole:
        return response
    wanted = hole(request)
    markup = cache.fetch(*wanted[0]) if wanted else None
    if markup is None:
        return None
    filling = marked_current(markup, request).encode(response.charset)
    response.content = response.content.replace(HOLE_MARK, filling, 1)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    response["ETag"] = filled_etag(response["ETag"], filling)
    return response


def filled_etag(kept_etag, filling):
    """The ETag of a page kept with ``kept_etag`` and its hole filled with
    ``filling``: it names both, without a hash of the whole body at each
    serving (the same whether the page was just drawn or served kept)."""
    tag = hashlib.md5(kept_etag.encode(), usedforsecurity=False)
    tag.update(hashlib.md5(filling, usedforsecurity=False).digest())
    return f'"{tag.hexdigest()}"'


def one_piece(response):
    """``response`` with its body in one piece. A body written bit by bit (a
    feed: 800 writes) is otherwise sent as that many small packets, each kept
    and served from the cache that way, several times slower."""
    if not response.streaming:
        response.content = response.content
    return response


def cache_control(response, *, shared, remaining=None):
    """Say what caches outside the site may do with ``response`` (see the module).

    ``shared``: the page is the same for any reader without cookies;
    ``remaining``: seconds until the content next changes by itself, if it will.
    """
    if response.has_header("Cache-Control"):
        return response  # the view (or the private-pages rule) has said
    if not shared:
        patch_cache_control(response, private=True, no_cache=True)
        return response
    # Nothing past the next scheduled change (an article due to go, or to
    # come); nothing past midnight either (the date bar), unless the site does
    # not answer: yesterday's date is better than no page.
    scheduled = remaining if remaining is not None else float("inf")
    limit = min(scheduled, seconds_to_midnight())
    fresh = min(conf.get("CMS_PAGE_SHARED_MAX_AGE"), limit)
    stale_while_revalidate = min(
        conf.get("CMS_PAGE_STALE_WHILE_REVALIDATE"), limit - fresh
    )
    stale_if_error = min(conf.get("CMS_PAGE_STALE_IF_ERROR"), scheduled - fresh)
    if fresh <= 0:
        patch_cache_control(response, public=True, no_cache=True)
        return response
    allowances = {
        "stale_while_revalidate": stale_while_revalidate,
        "stale_if_error": stale_if_error,
    }
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=fresh,
        **{name: seconds for name, seconds in allowances.items() if seconds > 0},
    )
    return response


def seconds_to_midnight():
    """Seconds until the day ends in the site's zone (the date bar changes)."""
    now = timezone.localtime()
    midnight = timezone.make_aware(
        datetime.datetime.combine(
            now.date() + datetime.timedelta(days=1), datetime.time.min
        )
    )
    return max(1, int((midnight - now).total_seconds()))


def is_anyones_request(request):
    """Whether ``request`` asks for a page that is the same for any reader:
    anyone's request (``core.audience``) for a public, not live, address."""
    path = request.path_info
    return (
        audience.is_anyones(request)
        and not path.startswith(LIVE_ADDRESSES)
        and not audience.is_private(path)
    )


def reads_query(names):
    """Mark a function view as reading the query parameters ``names`` (any
    iterable, read at each request; a class view says ``query_parameters``):
    only they make a page of its own."""

    def mark(view):
        view.query_parameters = names
        return view

    return mark


def parameters_read(path):
    """The query parameters the view at ``path`` reads: what it says
    (``query_parameters``), and a list's page number (``page_kwarg``)."""
    language = get_language_from_path(path)
    try:
        with translation.override(language) if language else nullcontext():
            view = resolve(path).func
    except Resolver404:
        return frozenset()
    view_class = getattr(view, "view_class", None)
    names = set(getattr(view, "query_parameters", ()))
    names.update(getattr(view_class, "query_parameters", ()))
    if view_class is not None and issubclass(view_class, MultipleObjectMixin):
        names.add(view_class.page_kwarg)
    return names


def keep_parameters_read(request):
    """Take off ``request``'s query every parameter its page does not read:
    its key in this cache, and the links the page draws from its query
    (pagination), are then those of the address without them."""
    if not request.META.get("QUERY_STRING"):
        return  # most addresses: nothing to parse
    read = parameters_read(request.path_info)
    if all(name in read for name in request.GET):
        return
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in read:
            kept.setlist(name, values)
    request.META["QUERY_STRING"] = kept.urlencode()
    request.GET = QueryDict(request.META["QUERY_STRING"])  # read-only, as Django's


def prefetch_frame(request):
    """What the frame of the page ``request`` asks for reads, in one round trip
    (``core.cache.register_frame``); an address in no language has no frame."""
    language = get_language_from_path(request.path_info)
    if language:
        cache.prefetch_frame(language, digits_variant(request))


def page_key(request):
    """What tells cached pages apart: address (with its scheme: the page's
    own links carry it), language and digits preference."""
    return (
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        get_language_from_path(request.path_info) or "",
        digits_variant(request),
        timezone.localdate().isoformat(),  # the date bar changes at midnight
    )


def may_keep(response):
    """Whether ``response`` is the same for every reader, and complete."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    if vary - KEYED_VARY - {""}:
        return False  # it differs by a header the key does not hold (Cookie, Origin)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return True
