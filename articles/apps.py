from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.selectors import clear_counts_cache
        from cms.pagination import invalidate_counts

        # Cached counts are forgotten as soon as an editor changes content.
        for signal in (post_save, post_delete):
            for model in ("articles.Article", "articles.Category"):
                signal.connect(
                    clear_counts_cache, sender=model, dispatch_uid=f"counts-{model}"
                )
                signal.connect(
                    invalidate_counts, sender=model, dispatch_uid=f"totals-{model}"
                )
