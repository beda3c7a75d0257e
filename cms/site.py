"""Cached site settings and main menu: no query per page for them."""

from django.core.cache import cache

from cms import conf

CACHE_KEY = "cms:site"
CACHE_SECONDS = 60 * 60


def _load():
    from cms.models import MenuItem, SiteSettings

    return {
        "settings": SiteSettings.objects.filter(pk=1).first() or SiteSettings(),
        "menu": list(MenuItem.objects.select_related("category")),
    }


def site():
    """``{"settings": SiteSettings, "menu": [MenuItem, …]}``, from the cache."""
    data = cache.get(CACHE_KEY)
    if data is None:
        data = _load()
        cache.set(CACHE_KEY, data, CACHE_SECONDS)
    return data


def clear_cache(**kwargs):
    cache.delete(CACHE_KEY)


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
