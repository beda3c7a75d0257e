from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cms.models import HijriMonthAdjustment


@admin.register(HijriMonthAdjustment)
class HijriMonthAdjustmentAdmin(admin.ModelAdmin):
    """Moon-sighting adjustments; who changed what is kept (and in the history)."""

    list_display = [
        "hijri_year",
        "hijri_month",
        "days",
        "reason",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["hijri_year"]
    fields = ["hijri_year", "hijri_month", "days", "reason", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


admin.site.site_header = _("Media office administration")
admin.site.site_title = _("Media office")
