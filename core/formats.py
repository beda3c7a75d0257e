"""The other forms an article is offered in beside its page (its PDF).

The app that makes a form registers what it has (``register``); the feeds and
the sitemaps ask here (``of``), so that ``articles`` never imports the app
that makes them: arrows point down. Whoever reads them depends on them
(``core.cache.article_formats``): a form made or removed later refreshes
what showed it.
"""

from typing import NamedTuple

from core import cache


class Format(NamedTuple):
    """One form of an article: its address (a path on the site, which stays
    the same from version to version), its media type and its size in bytes."""

    path: str
    mime_type: str
    length: int


_sources = []


def register(source):
    """``source(articles)`` returns ``{article id: [Format, …]}`` for the
    forms it has of ``articles`` (each with ``pk``, ``slug`` and
    ``language``), in one query for them all."""
    if source not in _sources:
        _sources.append(source)


def of(articles):
    """``{article id: [Format, …]}``: what every registered app has of
    ``articles`` (none: no key)."""
    articles = list(articles)
    cache.depends_on(*(cache.article_formats(article.pk) for article in articles))
    found = {}
    for source in _sources:
        for pk, formats in source(articles).items():
            found.setdefault(pk, []).extend(formats)
    return found
