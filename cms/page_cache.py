"""Whole pages for anonymous readers, served from the shared cache.

A reader without a session (no one signed in) and without pending messages
gets a public page from the cache when one is there, per address, language and
digits preference. What is stored is only what any reader may see:

- GET and HEAD of public pages (not the admin, previews, the moderation queue,
  search results, the health check or the form token);
- answered 200, with no cookie set, nothing marked ``private``/``no-store``/
  ``no-cache``, and no ``Vary`` beyond the language (``Vary: Cookie`` marks a
  page that asked for a session or a CSRF token: someone's own);
- for ``CMS_PAGE_CACHE_SECONDS`` at most, never past the next change the
  schedule makes by itself, and made fresh at once by any content change
  (the keys carry the content generation of ``cms.cache``, and the day in the
  site's zone, for the date bar).

Conditional GET (ETag, 304) works on cached and fresh pages alike
(``ConditionalGetMiddleware`` runs outside this one).
"""

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.cache import set_response_etag
from django.utils.translation import get_language_from_path

from cms import cache, conf
from cms.views import DIGITS_COOKIE

# Addresses whose pages are never kept: they are personal or must be live, or
# (search results) one per query a reader types, not worth the memory: search
# keeps its own ranking for a minute.
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/token/", "/prefs/")
UNCACHED_PARTS = ("/preview/", "/comments/moderation/", "/search/")
MESSAGES_COOKIE = "messages"
# Headers a response may vary on and still be kept: the key holds the language
# (from the address), and the stored body is the same for every encoding.
KEYED_VARY = {"accept-language", "accept-encoding"}


class PageCacheMiddleware:
    """Serve and keep anonymous readers' pages (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A scheduled time that has come makes every cached thing fresh, here
        # first, whatever the cache's own clock says. With the database away,
        # pages already cached are still served.
        try:
            cache.seconds_to_next_change()
        except DatabaseError:
            pass
        if not may_use_cache(request):
            return self.get_response(request)
        parts = page_key(request)
        cached = cache.fetch(cache.PAGES, *parts)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if may_keep(response):
            if not response.has_header("ETag"):
                set_response_etag(response)
            cache.store(cache.PAGES, *parts, value=response)
            response["X-Cache"] = "miss"
        return response


def may_use_cache(request):
    """Whether ``request`` may be answered from the cache (and its page kept)."""
    if conf.get("CMS_PAGE_CACHE_SECONDS") <= 0 or request.method not in {"GET", "HEAD"}:
        return False
    path = request.path_info
    if path.startswith(UNCACHED_PREFIXES) or any(p in path for p in UNCACHED_PARTS):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return False  # maybe signed in, or a message to show: someone's own page
    return "HTTP_AUTHORIZATION" not in request.META


def page_key(request):
    """What tells cached pages apart: address, language and digits preference."""
    return (
        request.get_host(),
        request.get_full_path(),
        get_language_from_path(request.path_info) or "",
        request.COOKIES.get(DIGITS_COOKIE, ""),
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
