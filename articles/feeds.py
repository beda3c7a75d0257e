"""RSS 2.0 and Atom feeds of the newest articles.

One feed per edition (``/ar/feed/``, ``/en/feed/``) and per category (with
its sub-categories), author, office and tag: the ``ITEMS`` newest articles of
the edition, from ``selectors.edition_articles`` (``Article.objects.published()``
and nothing else). Each RSS feed has an Atom twin made with ``AtomFeed``.

Conditional GET: before a feed is built, one small query reads the ids and
times of its newest items; the ETag names them (with the content generation
and the site name) and Last-Modified is the newest change among them, so an
unchanged feed answers 304 at once.
"""

import copy
import hashlib
from datetime import datetime
from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import (
    Atom1Feed,
    Enclosure,
    Rss201rev2Feed,
    rfc3339_date,
)
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from taggit.models import Tag

from articles import selectors
from articles.models import Article, Author, Category, Office
from core import cache, formats, hijri
from core.i18n import current_language
from core.text import xml_text
from images.encoding import MIME_TYPES
from images.renditions import shared_image
from site_settings import site

#: How many articles a feed lists.
ITEMS = 20
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with each item's update time as ``atom:updated`` (RFC 3339):
    RSS has no element of its own for it."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


class Stamp(NamedTuple):
    """What an item's entry in the ETag (and its forms' addresses) need."""

    pk: int
    updated_at: datetime
    published_at: datetime
    slug: str
    language: str


class ArticleFeed(Feed):
    """The newest published articles of the reader's edition (RSS 2.0).

    A subclass names its subject (``get_subject``: a category, author, office
    or tag) and narrows the edition's articles to it (``select``); the items,
    dates and conditional GET are the same for every feed.
    """

    feed_type = RssFeed
    encloses_formats = False

    def __call__(self, request, *args, **kwargs):
        # Django keeps one instance per URL pattern: each request works on
        # its own copy, which remembers the request and what it looked up.
        feed = copy.copy(self)
        feed.request, feed.url_kwargs = request, kwargs
        respond = super(ArticleFeed, feed).__call__
        return condition(
            etag_func=lambda request, **kwargs: feed.etag,
            last_modified_func=lambda request, **kwargs: feed.newest_change,
        )(respond)(request, *args, **kwargs)

    # The subject -----------------------------------------------------------

    def get_subject(self, **kwargs):
        """What the feed is about (``None``: the whole edition); 404 if unknown."""
        return None

    def select(self, articles, subject):
        """The articles of ``articles`` (the edition's) about ``subject``."""
        return articles

    @cached_property
    def subject(self):
        return self.get_subject(**self.url_kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.subject

    def listing(self, subject):
        """``(kind, key)`` of the list the feed shows (``selectors.shows_list``)."""
        return "edition", None

    @cached_property
    def articles(self):
        """The subject's published articles in the edition, newest first."""
        selectors.shows_list(*self.listing(self.subject))
        edition = selectors.edition_articles(current_language())
        return self.select(edition, self.subject).order_by("-published_at", "-pk")

    # Conditional GET ---------------------------------------------------------

    @cached_property
    def stamps(self):
        """``[Stamp]`` of the items: one query on the index. The feed shows
        each of them (its byline, its section…)."""
        stamps = [
            Stamp(*row) for row in self.articles.values_list(*Stamp._fields)[:ITEMS]
        ]
        cache.depends_on(*(cache.article(stamp.pk) for stamp in stamps))
        return stamps

    @cached_property
    def formats(self):
        """``{id: [core.formats.Format]}``: the items' other forms (their PDFs),
        which an Atom feed encloses; an RSS item has room for one enclosure,
        its picture."""
        return formats.of(self.stamps) if self.encloses_formats else {}

    @property
    def etag(self):
        language = current_language()
        state = (
            type(self).__name__,
            language,
            site.text("site_name", language),
            cache.generation(),  # any change an editor makes
            [
                (stamp.pk, stamp.updated_at.isoformat(), stamp.published_at.isoformat())
                for stamp in self.stamps
            ],
            sorted(self.formats.items()),  # a PDF made since
        )
        return hashlib.sha256(repr(state).encode()).hexdigest()[:32]

    @property
    def newest_change(self):
        """The items' newest change (``Article.last_modified``), or ``None``."""
        return max(
            (max(stamp.updated_at, stamp.published_at) for stamp in self.stamps),
            default=None,
        )

    # The feed ---------------------------------------------------------------

    def title(self, subject):
        return xml_text(feed_title(subject))

    def description(self, subject):
        if subject is None:
            text = _("The latest articles of %(site)s.") % {
                "site": site.text("site_name", current_language())
            }
        else:
            text = _("The latest articles: %(subject)s.") % {"subject": subject.name}
        return xml_text(text)

    def author_name(self, subject):
        # Atom asks for an author of every entry: the site stands for those
        # without one.
        return xml_text(site.text("site_name", current_language()))

    def link(self, subject):
        return (
            subject.get_absolute_url()
            if subject is not None
            else reverse("articles:home")
        )

    def items(self, subject):
        return self.articles.for_listing()[:ITEMS]

    # Each item -----------------------------------------------------------------

    def item_title(self, item):
        # RSS readers show titles as HTML: the title is escaped (Django's
        # default, see ticket #6533). Atom says its titles are text.
        return escape(xml_text(item.title))

    def item_description(self, item):
        return escape(xml_text(item.summary))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        names = ", ".join(author.name for author in item.byline_authors)
        return xml_text(names) or None

    def item_author_link(self, item):
        authors = item.byline_authors
        if not authors:
            return None
        return self.request.build_absolute_uri(authors[0].get_absolute_url())

    def item_pubdate(self, item):
        return hijri.site_datetime(item.published_at)

    def item_updateddate(self, item):
        return hijri.site_datetime(item.last_modified)

    def item_categories(self, item):
        return [xml_text(item.category.name)]

    def item_enclosures(self, item):
        image = shared_image(
            item.lead_image, item.lead_image_width, item.lead_image_height
        )
        if image is None:
            return []
        length = stored_size(item.lead_image.storage, image.name)
        return [
            Enclosure(
                url=self.request.build_absolute_uri(image.url),
                length=str(length),
                mime_type=MIME_TYPES[image.format],
            )
        ]


def stored_size(storage, name):
    """The size in bytes of a stored file, 0 when it is not there (yet).

    Kept in the shared cache: on a bucket each size is a request to the store,
    and a feed names twenty pictures.
    """
    size = cache.fetch(cache.STORED_SIZE, name)
    if size is None:
        try:
            size = storage.size(name)
        except OSError:  # a rendition not made (yet): RSS says 0 when unknown
            return 0
        cache.store(cache.STORED_SIZE, name, value=size)
    return size


class AtomFeed:
    """Makes an RSS feed class its Atom twin: ``class X(AtomFeed, XFeed)``.
    Its entries enclose the article's other forms (its PDF) after its picture."""

    feed_type = Atom1Feed
    encloses_formats = True

    def item_enclosures(self, item):
        return super().item_enclosures(item) + [
            Enclosure(
                url=self.request.build_absolute_uri(form.path),
                length=str(form.length),
                mime_type=form.mime_type,
            )
            for form in self.formats.get(item.pk, ())
        ]

    def subtitle(self, subject):
        return self.description(subject)

    def item_title(self, item):
        return xml_text(item.title)


class CategoryFeed(ArticleFeed):
    """A category's articles and those of its sub-categories."""

    def get_subject(self, *, path):
        return get_object_or_404(Category.objects.live(), path=path)

    def listing(self, subject):
        return "section", subject.path

    def select(self, articles, subject):
        return articles.in_category(subject)


class AuthorFeed(ArticleFeed):
    """An author's articles."""

    def get_subject(self, *, slug):
        return get_object_or_404(Author, slug=slug)

    def listing(self, subject):
        return "author", subject.pk

    def select(self, articles, subject):
        return articles.filter(article_authors__author=subject)


class OfficeFeed(ArticleFeed):
    """The articles written for a media office."""

    def get_subject(self, *, slug):
        return get_object_or_404(Office, slug=slug)

    def listing(self, subject):
        return "office", subject.pk

    def select(self, articles, subject):
        return articles.filter(office=subject)


class TagFeed(ArticleFeed):
    """The articles with a tag (a tag only drafts carry is not found)."""

    def get_subject(self, *, slug):
        return get_object_or_404(
            Tag.objects.filter(articles__in=Article.objects.published()).distinct(),
            slug=slug,
        )

    def listing(self, subject):
        return "tag", subject.pk

    def select(self, articles, subject):
        return articles.filter(tags=subject)

    def link(self, subject):
        return reverse("articles:tag", kwargs={"slug": subject.slug})


class EditionAtomFeed(AtomFeed, ArticleFeed):
    pass


class CategoryAtomFeed(AtomFeed, CategoryFeed):
    pass


class AuthorAtomFeed(AtomFeed, AuthorFeed):
    pass


class OfficeAtomFeed(AtomFeed, OfficeFeed):
    pass


class TagAtomFeed(AtomFeed, TagFeed):
    pass


# Which feeds a page offers -----------------------------------------------------


def feed_title(subject=None):
    """``Media Office``, or ``Media Office: Statements`` for a subject's feed."""
    name = site.text("site_name", current_language())
    if subject is None:
        return name
    return _("%(site)s: %(subject)s") % {"site": name, "subject": subject.name}


#: Subject type: the URL name of its RSS feed (its Atom feed adds ``_atom``).
URL_NAMES = {
    type(None): "feed",
    Category: "category_feed",
    Author: "author_feed",
    Office: "office_feed",
    Tag: "tag_feed",
}


def feed_urls(subject=None):
    """``{"rss": url, "atom": url}`` of the feeds about ``subject`` (a category,
    author, office or tag; ``None``: the edition), in the active language."""
    name = URL_NAMES[type(subject)]
    if subject is None:
        kwargs = {}
    elif isinstance(subject, Category):
        kwargs = {"path": subject.path}
    else:
        kwargs = {"slug": subject.slug}
    return {
        "rss": reverse(f"articles:{name}", kwargs=kwargs),
        "atom": reverse(f"articles:{name}_atom", kwargs=kwargs),
    }
