from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from desk.changelist import date_drill_down
from desk.edits import EditConflictsAdmin
from images.sanitize import sanitize_new_upload
from images.validation import ImageUploadField
from site_settings.models import HijriMonthAdjustment, MenuItem, SiteSettings


@admin.register(HijriMonthAdjustment)
class HijriMonthAdjustmentAdmin(EditConflictsAdmin, admin.ModelAdmin):
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


class SiteSettingsForm(forms.ModelForm):
    """The site settings; a new logo is stored sanitised, like every upload."""

    class Meta:
        model = SiteSettings
        fields = [
            "site_name_en", "site_name_ar", "opening_line_en", "opening_line_ar",
            "clock_time_zone", "hijri_months_en", "hijri_months_ar", "logo",
            "logo_with_name", "contact_address_en", "contact_address_ar",
            "contact_email", "contact_phone",
        ]  # fmt: skip

    def clean_logo(self):
        return sanitize_new_upload(self.cleaned_data.get("logo"))


@admin.register(SiteSettings)
class SiteSettingsAdmin(EditConflictsAdmin, admin.ModelAdmin):
    """One row: the list goes straight to it (created on first visit)."""

    form = SiteSettingsForm

    # Refuse bad images (bombs included) with a clear message.
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}
    fieldsets = [
        (
            _("Texts"),
            {
                "fields": [
                    "site_name_en",
                    "site_name_ar",
                    "opening_line_en",
                    "opening_line_ar",
                ]
            },
        ),
        (
            _("Identity"),
            {
                "fields": ["logo", "logo_with_name"],
                "description": _(
                    "The sections shown on the home page, and their order, are "
                    "chosen under Articles › Home page sections."
                ),
            },
        ),
        (
            _("Contact details (footer)"),
            {
                "fields": [
                    "contact_address_en",
                    "contact_address_ar",
                    "contact_email",
                    "contact_phone",
                ]
            },
        ),
        (_("Clock"), {"fields": ["clock_time_zone"]}),
        (
            _("Hijri month spellings"),
            {"fields": ["hijri_months_en", "hijri_months_ar"]},
        ),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if SiteSettings.objects.exists():
            return redirect(reverse("admin:cms_sitesettings_change", args=[1]))
        return redirect(reverse("admin:cms_sitesettings_add"))


@admin.register(MenuItem)
class MenuItemAdmin(EditConflictsAdmin, admin.ModelAdmin):
    list_display = ["__str__", "category", "url", "position"]
    list_editable = ["position"]
    list_select_related = ["category"]
    autocomplete_fields = ["category"]


# django-axes' lists of login attempts have a date drill-down too: it is read
# where every list's is (desk.changelist), so a hand-typed year is no 500.
for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):  # AXES_ENABLE_ADMIN
        admin.site.unregister(model)
        admin.site.register(
            model,
            type(
                model_admin.__name__,
                (model_admin,),
                {"get_changelist": date_drill_down},
            ),
        )

admin.site.site_header = _("Media office administration")
admin.site.site_title = _("Media office")
