"""Whose a request is: anyone's, the same page for every reader, or someone's own.

The one home of that rule, which three parts of the site ask:

- the page cache serves and keeps only anyone's pages (``core.page_cache``);
- a reader's page may read a replica (``core.db_router``);
- crawlers are asked to keep out of the private pages (``robots.txt``).

A request is anyone's (``is_anyones``) when it only reads (GET or HEAD) and
carries nothing of its sender: no session (maybe signed in), no message
waiting (they have just sent a form), no credentials. Private pages
(``is_private``) are the admin, previews, the moderation queue and the
subscription's pages, in every language: someone's own whoever asks.
"""

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils import translation

READ_METHODS = ("GET", "HEAD")
MESSAGES_COOKIE = "messages"
#: Pages for editors and moderators, by URL name (with arguments standing for
#: any value).
PRIVATE_PAGES = [
    ("admin:index", {}),
    ("articles:preview", {"pk": 0}),
    ("comments:moderation", {}),
    # Subscribing, and the signed links of subscribers' mails.
    ("mailing:subscribe", {}),
]


def is_anyones(request):
    """Whether ``request`` asks for what any reader would be given."""
    if request.method not in READ_METHODS:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def private_prefixes():
    """The addresses private pages start with, in every language."""
    return _prefixes(get_urlconf() or settings.ROOT_URLCONF)


@functools.cache
def _prefixes(urlconf):
    """Worked out once per set of addresses: they are the same in every
    process and request."""
    prefixes = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name, kwargs in PRIVATE_PAGES:
                try:
                    prefixes.append(_address_prefix(name, kwargs, urlconf))
                except NoReverseMatch:  # an address set without that page
                    continue
    return tuple(dict.fromkeys(prefixes))


def is_private(path):
    """Whether the address ``path`` is a private page's."""
    return path.startswith(private_prefixes())


def _address_prefix(name, kwargs, urlconf):
    """The address of ``name`` up to its first argument: ``/en/preview/``."""
    path = reverse(name, kwargs=kwargs, urlconf=urlconf)
    if kwargs:
        first = str(next(iter(kwargs.values())))
        path = path[: path.index(f"/{first}/") + 1]
    return path
