from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# django-taggit's own Arabic name for its admin section reads oddly; this
# puts the msgid in our catalogue, which takes precedence.
gettext_noop("Taggit")


class SiteSettingsConfig(AppConfig):
    """The site's own settings, main menu and moon-sighting table, the frame's
    template tags and the site-wide views.

    Its label stays ``cms``: its tables, migrations, permissions and admin
    addresses were made under that name when it lived in the project package,
    and a label is what they are keyed by.
    """

    name = "site_settings"
    label = "cms"
    verbose_name = _("Site")

    def ready(self):
        from django.core.signals import request_finished

        # Registers the checks, and the database router's request receivers.
        from core import cache, db_router, hijri, outbox  # noqa: F401
        from site_settings import checks, site  # noqa: F401

        # The calendar reads the editors' month names and moon-sighting table.
        hijri.use_tables(
            month_names=site.hijri_month_names, adjustments=site.hijri_adjustments
        )

        # Mail a request asked for goes out once its response is sent.
        request_finished.connect(
            outbox.run_after_response, dispatch_uid="cms-outbox-after-response"
        )

        # Site texts, the menu and the moon-sighting table are content too.
        cache.bump_on_change(
            "cms.HijriMonthAdjustment", "cms.SiteSettings", "cms.MenuItem"
        )
        # Every page shows them (base.html), in one round trip.
        cache.register_frame(site_frame)


def site_frame(language, digits):
    """What every page reads: the site settings and menu, the moon-sighting
    table, the name or logo in the header and the footer (``base.html``)."""
    from core import cache

    return [
        (cache.SITE,),
        (cache.HIJRI_ADJUSTMENTS,),
        cache.fragment("brand", language, digits),
        cache.fragment("footer", language, digits),
    ]
