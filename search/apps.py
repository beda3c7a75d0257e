from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_save

        from search import receivers

        # A deleted article's document goes with it (on_delete=CASCADE).
        post_save.connect(
            receivers.index_saved_article,
            sender="articles.Article",
            dispatch_uid="search-index-saved-article",
        )
