"""Public pages: home, article, category, author, office, the archive, and the
sitemaps' sections.

Every view starts from ``Article.objects.published()``; nothing else decides
what readers may see.
"""

import io

from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView

from articles import archive, cards, permissions, selectors
from articles.models import (
    Article,
    ArticleSlugHistory,
    Author,
    Office,
)
from articles.selectors import category_tree, home_page, shows_list
from articles.sitemaps import write_urlset
from core import cache, conf
from core.i18n import current_language
from core.page_cache import reads_query
from core.pagination import CachedCountPaginator, asks_first_page


class PublishedArticlesMixin:
    """A paginated list of published articles, newest first: ``listing`` says
    which (``shows_list``)."""

    context_object_name = "articles"
    paginator_class = CachedCountPaginator
    listing = ("edition", None)

    def shows(self):
        """``(kind, key)`` of the list this page shows (``shows_list``)."""
        return self.listing

    def get_paginate_by(self, queryset):
        return conf.get("CMS_PAGINATE_BY")

    def get_queryset(self):
        return selectors.edition_articles(current_language()).for_cards()

    def get_paginator(self, *args, **kwargs):
        # What this list is: the view, its URL arguments (slug, path…) and
        # the edition.
        key = ":".join(
            [
                type(self).__name__,
                selectors.edition_of(current_language()),
                *map(str, sorted(self.kwargs.items())),
            ]
        )
        return super().get_paginator(*args, count_key=key, shows=self.shown, **kwargs)

    def get_context_data(self, **kwargs):
        # Before the list is read: a change meanwhile makes the page stale.
        self.shown = shows_list(*self.shows())
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # The list's rows now: the page's cards read their pieces and counts
        # for all of them at once (``cards.show``).
        page.object_list = context[self.context_object_name] = list(page.object_list)
        return cards.show(context, page.object_list)


class HomeView(PublishedArticlesMixin, ListView):
    """The edition's home: the lead story and the other featured ones, a block
    per section, then the latest articles, paginated.

    Everything comes from ``published().in_edition(language)``; no article is
    shown twice on a page, and the latest list leaves out on every page what
    the top of the first page shows, so that its pages follow on.
    """

    template_name = "articles/article_list.html"

    def get(self, request, *args, **kwargs):
        self.language = current_language()
        self.shown = shows_list(*self.listing)  # before the layout is read
        self.edition = selectors.edition_articles(self.language)
        self.first_page = asks_first_page(request, self.page_kwarg)
        self.home = home_page(
            self.edition,
            category_tree(self.language),
            name=selectors.edition_of(self.language),
            for_display=self.first_page,
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.edition.exclude(pk__in=self.home.shown).for_cards()

    def get_paginator(self, *args, **kwargs):
        return CachedCountPaginator(
            *args,
            count_key=f"HomeView:{selectors.edition_of(self.language)}",
            shows=self.shown,
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1 and self.first_page:
            context.update(
                lead=self.home.lead,
                featured=self.home.featured,
                sections=self.home.sections,
                home_articles=self.home.articles,
            )
            cards.show(context, self.home.articles)
        return context


class ArticleDetailView(DetailView):
    """The article page, as the reference page's anatomy describes it.

    An article is served in its own language's edition: under the other
    prefix, and at a former slug, it answers with a permanent redirect.
    """

    context_object_name = "article"
    # ``?reply_to=<comment>`` makes the comment form a reply
    # (``comments_tags.comment_form``).
    query_parameters = ("reply_to",)

    def get_queryset(self):
        # A withdrawn statement keeps its address (``withdrawn``).
        shown = Article.objects.published() | Article.objects.withdrawn()
        return shown.for_detail()

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            moved = (
                ArticleSlugHistory.objects.filter(
                    slug=kwargs["slug"], article__in=self.get_queryset()
                )
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
        if selectors.edition_of(self.object.language) != selectors.edition_of(
            current_language()
        ):
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        if self.object.status == Article.Status.WITHDRAWN:
            return self.withdrawn(self.object)
        return self.render_to_response(self.get_context_data(object=self.object))

    def withdrawn(self, article):
        """A withdrawn statement's address: when, by which office and why,
        without its text; 410 Gone, so that search engines drop it."""
        response = TemplateResponse(
            self.request,
            "articles/article_withdrawn.html",
            {"article": article},
            status=410,
        )
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = context["article"]
        translation = article.translation
        if translation is not None and not translation.is_published:
            translation = None
        # No list of articles here: a publication elsewhere leaves it kept.
        cache.shows_only_what_it_drew()
        cache.depends_on(cache.article(article.pk))
        context.update(
            neighbours=selectors.article_neighbours(article),
            translation=translation,
            canonical_url=self.request.build_absolute_uri(article.get_absolute_url()),
            alternates=[
                (item.language, item.get_absolute_url())
                for item in (article, translation)
                if item is not None
            ],
        )
        return context


class ArticlePreviewView(DetailView):
    """A draft or scheduled article exactly as readers will see it, with a banner.

    Anyone else gets a 404, as if the article did not exist.
    """

    context_object_name = "article"
    template_name = "articles/article_preview.html"

    def get_queryset(self):
        return Article.objects.for_detail()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not permissions.can_preview(self.request.user, article):
            raise Http404
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        own = self.object.get_preview_url()
        if request.path != own:  # asked in the other edition's frame
            response = HttpResponseRedirect(own)
        else:
            response = self.render_to_response(
                self.get_context_data(object=self.object)
            )
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response


class TagDetailView(PublishedArticlesMixin, ListView):
    """Published articles with a tag."""

    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(selectors.public_tags(), slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def shows(self):
        return "tag", self.tag.pk

    def get_context_data(self, **kwargs):
        # The language switcher shows whether the other editions list it.
        editions = [selectors.edition_of(code) for code, _name in settings.LANGUAGES]
        shows_list(*self.shows(), editions=editions)
        return super().get_context_data(
            tag=self.tag, alternates=self.alternates(), **kwargs
        )

    def alternates(self):
        """The tag's page in the editions where it has articles. A tag is most
        often a word of one language: the other edition's page would be empty,
        so the language switcher leads there to that edition's home instead."""
        current = current_language()
        versions = []
        for code, _name in settings.LANGUAGES:
            if (
                code == current
                or selectors.edition_articles(code).filter(tags=self.tag).exists()
            ):
                with translation.override(code):
                    url = reverse("articles:tag", kwargs={"slug": self.tag.slug})
                versions.append((code, url))
        return versions


class CategoryDetailView(PublishedArticlesMixin, ListView):
    """A category's articles and those of its sub-categories."""

    template_name = "articles/category_detail.html"

    def get_queryset(self):
        # The tree without counts: finding the section shows no list.
        self.category = selectors.category_outline_tree().at(self.kwargs["path"])
        if self.category is None:
            raise Http404("No such category")
        return super().get_queryset().in_category(self.category)

    def shows(self):
        return "section", self.category.path

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class AuthorDetailView(PublishedArticlesMixin, ListView):
    """An author's page: role, office, photo, biography and articles."""

    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.select_related("office"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(article_authors__author=self.author)

    def shows(self):
        return "author", self.author.pk

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class AuthorListView(ListView):
    """Every author, grouped by office."""

    context_object_name = "authors"
    template_name = "articles/author_list.html"

    def get_queryset(self):
        return Author.objects.select_related("office").order_by(
            "office__position", "office__slug", "slug"
        )


class OfficeDetailView(PublishedArticlesMixin, ListView):
    """A media office's page: its authors and the articles written for it."""

    template_name = "articles/office_detail.html"

    def get_queryset(self):
        self.office = get_object_or_404(Office, slug=self.kwargs["slug"])
        return super().get_queryset().filter(office=self.office)

    def shows(self):
        return "office", self.office.pk

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            office=self.office, office_authors=list(self.office.authors.all()), **kwargs
        )


class ArchiveMixin:
    """A page of the reader's edition's archive (``calendar``: Gregorian or Hijri).

    Which months and years exist, their counts and neighbours come from the
    cached counts (``articles.archive``): a month or year without published
    articles, and any impossible one (month 13, year 0), is not found.
    """

    calendar = archive.GREGORIAN
    listing = ("archive", None)

    @cached_property
    def edition_archive(self):
        shows_list(*self.listing)  # before the months are read
        return archive.edition_archive(current_language())

    def canonical_url(self, path, page=1):
        """The absolute address of ``path``; ``?page=`` only after the first."""
        suffix = f"?page={page}" if page > 1 else ""
        return self.request.build_absolute_uri(f"{path}{suffix}")


class ArchiveIndexView(ArchiveMixin, TemplateView):
    """The years and months that have articles, in both calendars, with counts."""

    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            gregorian_years=self.edition_archive.years(archive.GREGORIAN),
            hijri_years=self.edition_archive.years(archive.HIJRI),
            canonical_url=self.canonical_url(reverse("articles:archive")),
            **kwargs,
        )


class ArchiveYearView(ArchiveMixin, TemplateView):
    """A year's months with articles, its neighbours and the other calendar's years."""

    template_name = "articles/archive_year.html"

    def get_context_data(self, **kwargs):
        year = self.edition_archive.year(self.calendar, self.kwargs["year"])
        if year is None:
            raise Http404("No published article in this year.")
        previous_year, next_year = self.edition_archive.year_neighbours(year)
        context = super().get_context_data(**kwargs)
        context.update(  # ``year`` replaces the URL's number
            year=year,
            previous_year=previous_year,
            next_year=next_year,
            same_period=self.edition_archive.same_period_years(year),
            canonical_url=self.canonical_url(year.get_absolute_url()),
        )
        return context


class ArchiveMonthView(ArchiveMixin, PublishedArticlesMixin, ListView):
    """A month's published articles, newest first, paginated; links to the
    nearest months with articles and to the same period in the other calendar."""

    template_name = "articles/archive_month.html"

    def get_queryset(self):
        self.month = self.edition_archive.month(
            self.calendar, self.kwargs["year"], self.kwargs["month"]
        )
        if self.month is None:
            raise Http404("No published article in this month.")
        return archive.published_in(super().get_queryset(), self.month)

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.month.count  # already counted: no COUNT(*) here
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        previous_month, next_month = self.edition_archive.neighbours(self.month)
        context.update(
            month=self.month,
            year=self.edition_archive.year(self.calendar, self.month.year),
            previous_month=previous_month,
            next_month=next_month,
            same_period=self.edition_archive.same_period(self.month),
            canonical_url=self.canonical_url(
                self.month.get_absolute_url(), context["page_obj"].number
            ),
        )
        return context


@x_robots_tag
@reads_query({"p"})
def sitemap(request, sitemaps, section):
    """One page (``?p=``) of a sitemap section, written as XML."""
    if section not in sitemaps:
        raise Http404(f"No sitemap section {section!r}.")
    try:
        urls = sitemaps[section]().get_urls(
            page=request.GET.get("p", 1),
            site=get_current_site(request),
            protocol=request.scheme,
        )
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page of the sitemap.") from None
    xml = io.StringIO()  # one write to the response, not one per tag
    write_urlset(xml, urls)
    return HttpResponse(xml.getvalue(), content_type="application/xml; charset=utf-8")
