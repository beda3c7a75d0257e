from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# django-taggit's own Arabic name for its admin section reads oddly; this
# puts the msgid in our catalogue, which takes precedence.
gettext_noop("Taggit")


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        # Registers the checks, and the database router's request receivers.
        from cms import cache, checks, db_router  # noqa: F401

        # Site texts, the menu and the moon-sighting table are content too.
        cache.bump_on_change(
            "cms.HijriMonthAdjustment", "cms.SiteSettings", "cms.MenuItem"
        )
