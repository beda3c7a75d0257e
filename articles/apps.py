from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_delete, post_save, pre_save

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
        cache.register_schedule(services.scheduled_changes)
        # Every page's sidebar shows the category tree.
        cache.register_frame(selectors.sidebar_frame)
        # An article's change touches what shows it (``services``), and
        # leaves the other articles' pages kept.
        pre_save.connect(
            services.remember_what_it_showed,
            sender="articles.Article",
            dispatch_uid="articles-remember-what-it-showed",
        )
        for signal in (post_save, post_delete):
            for model, receiver in (
                ("articles.Article", services.article_changed),
                ("articles.ArticleAuthor", services.byline_changed),
                ("taggit.TaggedItem", services.tagging_changed),
                ("taggit.Tag", services.tag_changed),
            ):
                signal.connect(
                    receiver,
                    sender=model,
                    dispatch_uid=f"articles-touch-{model}-{signal is post_save}",
                )
        # What every page may show changes with any of these (names, bylines,
        # the tree, the home's sections): cached pages are fresh at once.
        cache.bump_on_change(
            "articles.Author",
            "articles.Category",
            "articles.Office",
            "articles.HomeSection",
        )
