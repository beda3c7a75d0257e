"""Public pages: home, article, category, author and office.

Every view starts from ``Article.objects.published()``; nothing else decides
what readers may see.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles import permissions
from articles.models import Article, ArticleSlugHistory, Author, Category, Office
from cms import conf
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
    """Featured articles on top, then the latest ones, paginated."""

    template_name = "articles/article_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            context["featured"] = list(
                super().get_queryset().filter(is_featured=True)[:3]
            )
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
