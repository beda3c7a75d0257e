from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.core import checks
        from django.db.models.signals import pre_save

        from articles import selectors, services, share_links
        from core import cache

        checks.register(share_links.check_networks, "articles")

        # Restoring a revision writes it back raw; some fields must survive.
        pre_save.connect(
            services.keep_protected_fields,
            sender="articles.Article",
            dispatch_uid="articles-keep-protected-fields",
        )

        # Scheduled articles change the content by themselves at their times.
        cache.register_schedule(selectors.next_scheduled_change)
        # Every page's sidebar shows the category tree.
        cache.register_frame(selectors.sidebar_frame)
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
