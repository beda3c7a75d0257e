from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Static pages")

    def ready(self):
        from core import cache

        # The footer and the menu list pages: a change shows at once.
        cache.bump_on_change("pages.Page")
        cache.register_frame(lambda language, digits: [(cache.PAGE_LINKS, language)])
