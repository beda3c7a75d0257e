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
        from django.db.models.signals import post_delete, post_save

        from cms import hijri, site

        def clear_adjustments(**kwargs):
            hijri.clear_adjustments_cache()

        # Cached tables are dropped as soon as an editor changes them.
        for signal in (post_save, post_delete):
            signal.connect(
                clear_adjustments,
                sender="cms.HijriMonthAdjustment",
                dispatch_uid="cms-hijri-adjustments",
            )
            for sender in ("cms.SiteSettings", "cms.MenuItem", "articles.Category"):
                signal.connect(
                    site.clear_cache, sender=sender, dispatch_uid=f"cms-site-{sender}"
                )
