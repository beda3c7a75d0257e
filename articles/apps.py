from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from cms import cache

        # What readers see changes with any of these: cached pages, counts and
        # totals are fresh at once.
        cache.bump_on_change(
            "articles.Article",
            "articles.ArticleAuthor",
            "articles.Author",
            "articles.Category",
            "articles.Office",
            "articles.HomeSection",
            "taggit.Tag",
            "taggit.TaggedItem",
        )
