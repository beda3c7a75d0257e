"""Site-wide models."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
