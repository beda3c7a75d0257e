"""Site-wide models."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image

from core.i18n import Translated

# The shared image pipeline (validation, sanitising, renditions); it is due to
# move into a package of its own, when this import follows it.
from images.storage import register_image_field
from images.validation import validate_image_upload


class HijriMonthAdjustment(models.Model):
    """Moves the first day of one Hijri month by -2…+2 days (moon sighting).

    It applies everywhere a date is shown. Who changed it last is kept here;
    every change is also in the admin's history.
    """

    hijri_year = models.PositiveSmallIntegerField(
        _("Hijri year"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    hijri_month = models.PositiveSmallIntegerField(
        _("Hijri month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    days = models.SmallIntegerField(
        _("shift in days"),
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
        help_text=_("Positive: the month starts later; negative: earlier."),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("Hijri month adjustment")
        verbose_name_plural = _("Hijri month adjustments")
        ordering = ["-hijri_year", "-hijri_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["hijri_year", "hijri_month"],
                name="unique_hijri_month_adjustment",
            ),
            models.CheckConstraint(
                condition=models.Q(days__gte=-2, days__lte=2),
                name="hijri_adjustment_within_two_days",
            ),
            models.CheckConstraint(
                condition=models.Q(hijri_month__gte=1, hijri_month__lte=12),
                name="hijri_adjustment_month_1_12",
            ),
        ]

    def __str__(self):
        return f"{self.hijri_month}/{self.hijri_year}: {self.days:+d}"


def validate_month_names(value):
    names = [line.strip() for line in value.splitlines() if line.strip()]
    if names and len(names) != 12:
        raise ValidationError(
            _("Give the twelve month names, one per line (%(count)d given)."),
            params={"count": len(names)},
        )


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a known time zone."), params={"zone": value}
        )


LOGO_FORMATS = {"PNG", "WEBP"}


def validate_logo(file):
    """A logo is a safe image upload (``validate_image_upload``), PNG or WebP.

    Both keep sharp edges and transparency, which a JPEG logo would lose.
    """
    validate_image_upload(file)
    if not file or getattr(file, "_committed", False):
        return
    file.seek(0)
    with Image.open(file) as image:
        image_format = image.format
    file.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            _("The logo must be a PNG or WebP image, not %(format)s."),
            code="logo_format",
            params={"format": image_format},
        )


class SiteSettings(models.Model):
    """Site-wide texts and calendar spellings, edited by editors (one row).

    Read through ``site_settings.site.site_settings()``, which caches them: pages cost
    no query for them. Empty fields fall back to the defaults in ``core.conf``.
    """

    site_name_en = models.CharField(
        _("site name (English)"), max_length=200, blank=True
    )
    site_name_ar = models.CharField(_("site name (Arabic)"), max_length=200, blank=True)
    opening_line_en = models.CharField(
        _("opening line (English interface)"),
        max_length=300,
        blank=True,
        help_text=_("Shown above every article title, right-to-left."),
    )
    opening_line_ar = models.CharField(
        _("opening line (Arabic interface)"), max_length=300, blank=True
    )
    clock_time_zone = models.CharField(
        _("time zone of the clock"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("E.g. Asia/Riyadh. Empty: the site's time zone."),
    )
    hijri_months_en = models.TextField(
        _("Hijri month names (English)"),
        blank=True,
        validators=[validate_month_names],
        help_text=_("Twelve lines, Muharram first. Empty: the default spellings."),
    )
    hijri_months_ar = models.TextField(
        _("Hijri month names (Arabic)"), blank=True, validators=[validate_month_names]
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="site/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        validators=[validate_logo],
        help_text=_("PNG or WebP, ideally with a transparent background."),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_rendered = models.BooleanField(default=False, editable=False)
    logo_with_name = models.BooleanField(
        _("show the site name beside the logo"),
        default=True,
        help_text=_("Untick when the logo already spells the name."),
    )
    contact_address_en = models.TextField(_("address (English)"), blank=True)
    contact_address_ar = models.TextField(_("address (Arabic)"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    contact_address = Translated("contact_address")

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1  # a single row
        super().save(*args, **kwargs)


class MenuItem(models.Model):
    """An entry of the main menu: a category or a fixed address."""

    label_en = models.CharField(_("label (English)"), max_length=100, blank=True)
    label_ar = models.CharField(_("label (Arabic)"), max_length=100, blank=True)
    category = models.ForeignKey(
        "articles.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Link to this category (its name is the default label)."),
    )
    url = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("Or a fixed address: /en/authors/ or https://…"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    label = Translated("label")

    class Meta:
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label or (self.category.name if self.category_id else self.url)

    def clean(self):
        if bool(self.category_id) == bool(self.url):
            raise ValidationError(_("Choose either a category or an address."))
        if self.url and not (
            self.url.startswith("/") or self.url.startswith(("https://", "http://"))
        ):
            raise ValidationError({"url": _("Start the address with / or https://.")})
        if self.url and not (self.label_en or self.label_ar):
            raise ValidationError(_("Give a label to an address."))


# The uploaded logo is stripped of metadata like every other image.
register_image_field(SiteSettings, "logo")
