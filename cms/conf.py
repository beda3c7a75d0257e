"""The site's own settings, with their defaults, read lazily.

Each value is looked up on ``django.conf.settings`` at the moment it is used,
so tests can override it with ``settings`` fixtures and nothing is frozen at
import time.
"""

from django.conf import settings

# English spellings are the reference site's, not the calendar library's.
HIJRI_MONTHS = {
    "en": [
        "Muharram",
        "Safar",
        "Rabi' al-awwal",
        "Rabi' al-thani",
        "Jumada al-awwal",
        "Jumada al-thani",
        "Rajab",
        "Sha'ban",
        "Ramadan",
        "Shawwal",
        "Dhu al-Qi'dah",
        "Dhu al-Hijjah",
    ],
    "ar": [
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ],
}

DEFAULTS = {
    "CMS_SITE_NAME": {"en": "Media Office", "ar": "المكتب الإعلامي"},
    # Set above every article title, right-to-left even in the English interface.
    "CMS_OPENING_LINE": "بسم الله الرحمن الرحيم",
    "CMS_HIJRI_MONTHS": HIJRI_MONTHS,
    # "arabic-indic" (default) or "western": the digits of Arabic dates.
    "CMS_ARABIC_DIGITS": "arabic-indic",
    "CMS_PAGINATE_BY": 10,
    # How long the month-adjustment table is kept in the cache (seconds).
    "CMS_HIJRI_CACHE_SECONDS": 60 * 60,
}


def get(name):
    """Return the site setting ``name``: the project's value or the default."""
    return getattr(settings, name, DEFAULTS[name])


def per_language(name, language):
    """A per-language setting's value for ``language`` (falling back to English)."""
    value = get(name)
    if isinstance(value, dict):
        return value.get(language) or value.get("en") or next(iter(value.values()))
    return value
