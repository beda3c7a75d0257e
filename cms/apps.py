from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cms import hijri
        from cms.models import HijriMonthAdjustment

        def clear(**kwargs):
            hijri.clear_adjustments_cache()

        for signal in (post_save, post_delete):
            signal.connect(
                clear, sender=HijriMonthAdjustment, dispatch_uid=f"hijri-{signal}"
            )
