"""Cached site settings and main menu: no query per page for them."""

from cms import cache, conf


def _load():
    from cms.models import MenuItem, SiteSettings

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


def hijri_month_names(language):
    lines = getattr(site_settings(), f"hijri_months_{language}", "").splitlines()
    names = [line.strip() for line in lines if line.strip()]
    return (
        names if len(names) == 12 else conf.per_language("CMS_HIJRI_MONTHS", language)
    )


def clock_time_zone():
    from django.conf import settings

    return site_settings().clock_time_zone or settings.TIME_ZONE
