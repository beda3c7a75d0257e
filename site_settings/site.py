"""The site itself: its address, and its cached settings and main menu (no
query per page for them), and the calendar's editable tables."""

from django.conf import settings

from core import cache, conf

# Django's development server by default: the address of a development site
# without CMS_SITE_URL (`make run` and `make serve` give theirs, on any port).
DEVELOPMENT_URL = "http://127.0.0.1:8000"


def site_url():
    """The site's public address, without a trailing slash.

    ``CMS_SITE_URL`` when set (``make run`` and ``make serve`` set it to the
    server they start, unless it is set already). Otherwise (``check
    --deploy`` warns) the first named host of ``ALLOWED_HOSTS`` over HTTPS in
    production, and the development server's default address in debug mode.
    """
    configured = conf.get("CMS_SITE_URL")
    if configured:
        return configured.rstrip("/")
    host = next((h for h in settings.ALLOWED_HOSTS if h and h[0] not in ".*"), None)
    if settings.DEBUG or host is None:
        return DEVELOPMENT_URL
    return f"https://{host}"


def absolute_url(path):
    """``path`` (``/ar/comments/moderation/``) as an address any mail client opens."""
    return f"{site_url()}/{path.lstrip('/')}"


def _load():
    from site_settings.models import MenuItem, SiteSettings

    return {
        "settings": SiteSettings.objects.filter(pk=1).first() or SiteSettings(),
        "menu": list(MenuItem.objects.select_related("category")),
    }


def site():
    """``{"settings": SiteSettings, "menu": [MenuItem, …]}``, from the cache."""
    return cache.remember(cache.SITE, compute=_load)


def site_settings():
    return site()["settings"]


def menu_items():
    """The editors' menu entries whose category (if any) readers can see."""
    return [
        item
        for item in site()["menu"]
        if item.category_id is None or item.category.is_live
    ]


def text(field, language):
    """A per-language site text: the editors' value, else the default setting."""
    value = getattr(site_settings(), f"{field}_{language}", "")
    return value or conf.per_language(f"CMS_{field.upper()}", language)


def hijri_adjustments():
    """``{(year, month): days}``: the moon-sighting table, from the cache."""
    from site_settings.models import HijriMonthAdjustment

    def load():
        rows = HijriMonthAdjustment.objects.values_list(
            "hijri_year", "hijri_month", "days"
        )
        return {(year, month): days for year, month, days in rows}

    return cache.remember(cache.HIJRI_ADJUSTMENTS, compute=load)


def hijri_month_names(language):
    lines = getattr(site_settings(), f"hijri_months_{language}", "").splitlines()
    names = [line.strip() for line in lines if line.strip()]
    return (
        names if len(names) == 12 else conf.per_language("CMS_HIJRI_MONTHS", language)
    )


def clock_time_zone():
    return site_settings().clock_time_zone or settings.TIME_ZONE
