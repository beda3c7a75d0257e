"""Public pages: home, article, category, author and office.

Every view starts from ``Article.objects.published()``; nothing else decides
what readers may see.
"""

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleSlugHistory,
    Author,
    Category,
    Office,
    listing_prefetches,
)
from articles.selectors import home_page, request_category_tree
from cms import conf
from cms.i18n import current_language
from cms.pagination import CachedCountPaginator


class PublishedArticlesMixin:
    """A paginated list of published articles, newest first."""

    context_object_name = "articles"
    paginator_class = CachedCountPaginator

    def get_paginate_by(self, queryset):
        return conf.get("CMS_PAGINATE_BY")

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_paginator(self, *args, **kwargs):
        # What this list is: the view and its URL arguments (slug, path…).
        key = ":".join([type(self).__name__, *map(str, sorted(self.kwargs.items()))])
        return super().get_paginator(*args, count_key=key, **kwargs)


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
        self.edition = Article.objects.published().in_edition(self.language)
        self.first_page = request.GET.get(self.page_kwarg, "1") == "1"
        self.home = home_page(
            self.edition,
            request_category_tree(request),
            for_display=self.first_page,
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            self.edition.exclude(pk__in=self.home.shown)
            .for_listing()
            .prefetch_related(None)
        )

    def get_paginator(self, *args, **kwargs):
        return CachedCountPaginator(
            *args, count_key=f"HomeView:{self.language}", **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # Run the list's query now, so that the bylines and the comment counts
        # of every card on the page come in one query each.
        page.object_list = context["articles"] = list(page.object_list)
        shown = page.object_list
        if page.number == 1 and self.first_page:
            shown = [*self.home.articles, *shown]
            context.update(
                lead=self.home.lead,
                featured=self.home.featured,
                sections=self.home.sections,
                home_articles=self.home.articles,
            )
        prefetch_related_objects(shown, *listing_prefetches())
        return context


class ArticleDetailView(DetailView):
    """The article page, as the reference page's anatomy describes it.

    A former slug answers with a permanent redirect to the current address.
    """

    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = (
                ArticleSlugHistory.objects.filter(
                    slug=kwargs["slug"], article__in=Article.objects.published()
                )
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.article.get_absolute_url())


def can_preview(user, article):
    """Editors preview any article; an author previews their own."""
    if not (user.is_active and user.is_staff):
        return False
    if user.has_perm("articles.publish_article"):
        return True
    return (
        user.has_perm("articles.change_article")
        and article.article_authors.filter(author__user=user).exists()
    )


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
        if not can_preview(self.request.user, article):
            raise Http404
        return article

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response


class TagDetailView(PublishedArticlesMixin, ListView):
    """Published articles with a tag."""

    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        # A tag only drafts carry stays unknown to readers.
        self.tag = get_object_or_404(
            Tag.objects.filter(articles__in=Article.objects.published()).distinct(),
            slug=self.kwargs["slug"],
        )
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class CategoryDetailView(PublishedArticlesMixin, ListView):
    """A category's articles and those of its sub-categories."""

    template_name = "articles/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(
            Category.objects.live(), path=self.kwargs["path"]
        )
        return super().get_queryset().in_category(self.category)

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

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            office=self.office, office_authors=list(self.office.authors.all()), **kwargs
        )
