"""Sitemaps: every public address, for search engines.

``/sitemap.xml`` is an index of these sections, each split into pages of
``limit`` addresses (``/sitemap-<section>.xml?p=2``):

- ``articles``: every published article at its own address (in its own
  edition), with its last change, its PDF (``core.formats``) and, when its
  translation is published too, ``hreflang`` alternates to both. Three
  queries a page, whatever its number: the articles of a range of ids (their
  translations joined), which of those translations
  ``Article.objects.published()`` shows, and their PDFs;
- ``pages``: each edition's home, list of authors and archive index;
- ``categories``, ``authors``, ``offices``, ``tags``: their pages in each
  edition that has published articles for them, with the newest one's time,
  and ``hreflang`` alternates between the editions. One cached aggregate
  query says which and when;
- ``archive``: the months with articles of each edition, in both calendars
  (from the archive's cached counts).

``/news-sitemap.xml`` lists the articles of the last two days for Google News.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.xmlutils import SimplerXMLGenerator
from taggit.models import Tag

from articles import archive
from articles.models import Article, Author, Category, Office
from core import cache, formats, hijri, i18n
from core.pagination import IdRangePaginator
from core.text import xml_text
from site_settings import site as site_texts

#: Ids per page of the article section (Google takes up to 50 000 addresses
#: a file; a page of 2 000 is made in a few hundred milliseconds).
ARTICLES_PER_PAGE = 2000
#: Addresses per page of the other sections.
PAGES_PER_PAGE = 10000
#: Google News reads articles of the last two days, at most 1 000 of them.
NEWS_DAYS = 2
NEWS_LIMIT = 1000


def languages():
    return [code for code, _name in settings.LANGUAGES]


class AlternatesMixin:
    """Adds ``hreflang`` alternates of each address, as the item gives them.

    Django's own ``alternates`` makes the same object's address in every
    language; here each item says which versions it has (``versions``:
    ``[(language, path)]``, itself included), or none.
    """

    def versions(self, item):
        return []

    def prepare_versions(self, items):
        """Fetch at once what ``versions`` needs for the page's ``items``."""

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        self.prepare_versions([url["item"] for url in urls])
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            url["alternates"] = [
                {"lang_code": code, "location": f"{origin}{path}"}
                for code, path in self.versions(url["item"])
            ]
        return urls


# Articles --------------------------------------------------------------------


class ArticleSitemap(AlternatesMixin, Sitemap):
    """Every published article, by id: page *n* holds ids from (n - 1) × limit,
    so an article keeps its page and a page costs a range scan, not an
    ``OFFSET`` over the table."""

    limit = ARTICLES_PER_PAGE

    def items(self):
        return (
            Article.objects.published()
            .select_related("translation")
            .only(
                "slug",
                "language",
                "updated_at",
                "published_at",
                "translation__slug",
                "translation__language",
            )
            .order_by("pk")
        )

    @cached_property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def prepare_versions(self, items):
        # Which of the page's translations readers may see: one query, by the
        # ids the page holds. (A subquery over the page's range let a table
        # without statistics be planned as a nested loop over the archive.)
        self.public_translations = set(
            Article.objects.published()
            .filter(pk__in={item.translation_id for item in items} - {None})
            .order_by()
            .values_list("pk", flat=True)
        )

    @cached_property
    def path(self):
        return i18n.SlugPaths("articles:detail")

    def location(self, item):
        return self.path(item)

    def lastmod(self, item):
        return hijri.site_datetime(item.last_modified)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        offered = formats.of(url["item"] for url in urls)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            url["formats"] = [
                {
                    "type": form.mime_type,
                    "hreflang": url["item"].language,
                    "href": f"{origin}{form.path}",
                }
                for form in offered.get(url["item"].pk, ())
            ]
        return urls

    def versions(self, item):
        if item.translation_id not in self.public_translations:
            return []
        return [
            (article.language, self.path(article))
            for article in (item, item.translation)
        ]

    def get_latest_lastmod(self):
        def newest():
            value = Article.objects.published().aggregate(
                newest=Max(Greatest("updated_at", "published_at"))
            )["newest"]
            return value and hijri.site_datetime(value)

        return cache.remember(cache.SITEMAP, "articles-newest", compute=newest)


# Pages of each edition -----------------------------------------------------------


@dataclass
class EditionPage:
    """A page of one edition (``language``) about ``subject``."""

    subject: object
    language: str
    path: str
    lastmod: datetime | None = None
    versions: list = field(default_factory=list)


class EditionSitemap(AlternatesMixin, Sitemap):
    """Pages that exist in each edition, linked to each other by ``hreflang``.

    A subclass gives ``pages()``: ``EditionPage``s in any order.
    """

    limit = PAGES_PER_PAGE

    def pages(self):
        return []

    @cached_property
    def _pages(self):
        pages = self.pages()
        by_subject = {}
        for page in pages:
            by_subject.setdefault(self.subject_key(page.subject), []).append(page)
        for same in by_subject.values():
            if len(same) > 1:
                versions = [(page.language, page.path) for page in same]
                for page in same:
                    page.versions = versions
        return pages

    def subject_key(self, subject):
        return (type(subject).__name__, getattr(subject, "pk", subject))

    def items(self):
        return self._pages

    def location(self, item):
        return item.path

    def lastmod(self, item):
        return item.lastmod

    def versions(self, item):
        return item.versions

    def get_latest_lastmod(self):
        return max((page.lastmod for page in self._pages if page.lastmod), default=None)


def in_language(language, make_path, *args, **kwargs):
    with translation.override(language):
        return make_path(*args, **kwargs)


def newest_by(lookup):
    """``{(value of lookup, edition language): newest publication}`` of the
    published articles, cached: one aggregate query.

    With ``CMS_SEPARATE_EDITIONS`` off every edition shows every article, so
    each value is in both editions with its newest article in either language.
    """

    def compute():
        rows = (
            Article.objects.published()
            .filter(**{f"{lookup}__isnull": False})
            .values_list(lookup, "language")
            .annotate(newest=Max("published_at"))
            .order_by()
        )
        newest = {}
        for value, language, when in rows:
            for edition in i18n.editions_showing(language):
                key = (value, edition)
                newest[key] = max(newest.get(key, when), when)
        return {key: hijri.site_datetime(when) for key, when in newest.items()}

    return cache.remember(
        cache.SITEMAP, lookup, i18n.separate_editions(), compute=compute
    )


class SubjectSitemap(EditionSitemap):
    """The pages of authors, offices or tags that have published articles."""

    lookup = ""  # how an article names its subject

    def subjects(self):
        return []

    def path(self, subject):
        return subject.get_absolute_url()

    def pages(self):
        newest = newest_by(self.lookup)
        return [
            EditionPage(
                subject,
                language,
                in_language(language, self.path, subject),
                newest[(subject.pk, language)],
            )
            for subject in self.subjects()
            for language in languages()
            if (subject.pk, language) in newest
        ]


class AuthorSitemap(SubjectSitemap):
    lookup = "article_authors__author"

    def subjects(self):
        return Author.objects.all()


class OfficeSitemap(SubjectSitemap):
    lookup = "office"

    def subjects(self):
        return Office.objects.all()


class TagSitemap(SubjectSitemap):
    lookup = "tags"

    def subjects(self):
        # A tag without a letter has no slug and no page.
        return Tag.objects.exclude(slug="").order_by("slug")

    def path(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class CategorySitemap(EditionSitemap):
    """Live categories; a category's page lists its sub-categories' articles
    too, so it is in every edition that any of them is in."""

    def pages(self):
        newest = newest_by("category")
        categories = list(Category.objects.live())
        parents = {category.pk: category.parent_id for category in categories}
        rolled_up = {}
        for (category_id, language), when in newest.items():
            node = category_id
            while node is not None:
                key = (node, language)
                rolled_up[key] = max(rolled_up.get(key, when), when)
                node = parents.get(node)
        return [
            EditionPage(
                category,
                language,
                in_language(language, category.get_absolute_url),
                rolled_up[(category.pk, language)],
            )
            for category in categories
            for language in languages()
            if (category.pk, language) in rolled_up
        ]


class PageSitemap(EditionSitemap):
    """Each edition's home, list of authors and archive index."""

    def pages(self):
        newest = {}
        for (_category, language), when in newest_by("category").items():
            newest[language] = max(newest.get(language, when), when)
        return [
            EditionPage(
                name,
                language,
                in_language(language, reverse, name),
                newest.get(language) if name == "articles:home" else None,
            )
            for language in languages()
            for name in ("articles:home", "articles:authors", "articles:archive")
        ]

    def subject_key(self, subject):
        return subject


class ArchiveSitemap(EditionSitemap):
    """The archive's months with articles, per edition, in both calendars."""

    def pages(self):
        return [
            EditionPage(
                (month.calendar, month.year, month.month),
                language,
                in_language(language, month.get_absolute_url),
            )
            for language in languages()
            for calendar in archive.CALENDARS
            for month in archive.edition_archive(language).months(calendar)
        ]

    def subject_key(self, subject):
        return subject


#: The sections of ``/sitemap.xml``, in order.
SECTIONS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "authors": AuthorSitemap,
    "offices": OfficeSitemap,
    "tags": TagSitemap,
    "archive": ArchiveSitemap,
}


# Google News ------------------------------------------------------------------


class NewsSitemap(Sitemap):
    """The articles published in the last two days (at most 1 000), newest first,
    with the publication's name and language, the title and the time."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_DAYS)
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("title", "slug", "language", "published_at")
            .order_by("-published_at", "-pk")[:NEWS_LIMIT]
        )

    @cached_property
    def path(self):
        return i18n.SlugPaths("articles:detail")

    def location(self, item):
        return self.path(item)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            article = url["item"]
            url["news"] = {
                "name": site_texts.text("site_name", article.language),
                "language": article.language,
                "title": article.title,
                "published": article.published_at,
            }
        return urls


# Writing ----------------------------------------------------------------------

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def write_urlset(out, urls):
    """Write ``urls`` (``Sitemap.get_urls``) as a ``<urlset>`` to ``out``.

    An XML writer, not a template: thousands of addresses a page, each escaped
    as XML.
    """
    xml = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    xml.startDocument()
    namespaces = {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS}
    if any("news" in url for url in urls):
        namespaces["xmlns:news"] = NEWS_NS
    xml.startElement("urlset", namespaces)
    for url in urls:
        xml.startElement("url", {})
        xml.addQuickElement("loc", url["location"])
        if url["lastmod"]:
            xml.addQuickElement("lastmod", hijri.iso_datetime(url["lastmod"]))
        for alternate in url["alternates"]:
            xml.addQuickElement(
                "xhtml:link",
                attrs={
                    "rel": "alternate",
                    "hreflang": alternate["lang_code"],
                    "href": alternate["location"],
                },
            )
        for form in url.get("formats", ()):  # its PDF
            xml.addQuickElement("xhtml:link", attrs={"rel": "alternate", **form})
        if "news" in url:
            write_news(xml, url["news"])
        xml.endElement("url")
    xml.endElement("urlset")
    xml.endDocument()


def write_news(xml, news):
    xml.startElement("news:news", {})
    xml.startElement("news:publication", {})
    xml.addQuickElement("news:name", xml_text(news["name"]))
    xml.addQuickElement("news:language", news["language"])
    xml.endElement("news:publication")
    xml.addQuickElement("news:publication_date", hijri.iso_datetime(news["published"]))
    xml.addQuickElement("news:title", xml_text(news["title"]))
    xml.endElement("news:news")
