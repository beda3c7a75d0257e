"""Template tags for dates, digits, languages and the clock."""

import datetime
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cms import hijri, humanize, i18n, site
from cms.i18n import current_language
from cms.views import digits_preference

register = template.Library()

ZONE_LABELS = {"Asia/Riyadh": _("Makkah time")}


def _digits(context):
    return digits_preference(context.get("request"))


@register.simple_tag(takes_context=True)
def dual_date(context, value, language=None, *, time=False):
    """``<time datetime="…">Sunday, 19 Jumada al-awwal 1445 | 2023/12/03</time>``.

    ``time=True`` adds the local time to the second (revision lists).
    """
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    return hijri.dual_date_html(
        value, language or current_language(), _digits(context), time=time
    )


@register.simple_tag(takes_context=True)
def dual_date_text(context, value, *, time=False):
    """``dual_date`` as plain text, where markup cannot go (an ``<option>``)."""
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    return hijri.format_dual(value, current_language(), _digits(context), time=time)


@register.simple_tag(takes_context=True)
def digits(context, value):
    """A number or text with the reader's digits (Arabic-Indic in Arabic)."""
    return hijri.localize_digits(value, current_language(), _digits(context))


@register.simple_tag(takes_context=True)
def time_ago(context, value):
    """ "just now", "6 minutes ago", "منذ ٦ دقائق": numbers in the reader's digits."""
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    return humanize.time_ago(value, now=context.get("now"), digits=_digits(context))


@register.simple_tag(takes_context=True)
def time_since(context, value):
    """How long since ``value``, in words: "2 days" (for "has waited …")."""
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    return humanize.duration(value, now=context.get("now"), digits=_digits(context))


@register.simple_tag(takes_context=True, name="digits_preference")
def digits_preference_tag(context):
    """The reader's digits for Arabic text: ``arabic-indic`` or ``western``."""
    return (
        "arabic-indic" if hijri.use_arabic_digits("ar", _digits(context)) else "western"
    )


@register.inclusion_tag("includes/clock.html", takes_context=True)
def clock(context):
    """The time now in the site's zone; ticks with JavaScript, works without it."""
    zone = site.clock_time_zone()
    now = timezone.localtime(context.get("now") or timezone.now(), ZoneInfo(zone))
    return {
        "iso": now.isoformat(timespec="seconds"),
        "text": hijri.localize_digits(
            f"{now:%H:%M}", current_language(), _digits(context)
        ),
        "zone": zone,
        "zone_label": ZONE_LABELS.get(zone, zone),
        "use_arabic_digits": hijri.use_arabic_digits(
            current_language(), _digits(context)
        ),
    }


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: ``[{code, name, url, absolute_url, current}]``."""
    request = context["request"]
    current = translation.get_language()
    path = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current and path.startswith(f"/{current}/"):
            # An address no URL pattern matches (a 404 page): translate_url
            # cannot reverse it, so swap the language prefix ourselves.
            url = f"/{code}/{path[len(current) + 2 :]}"
        versions.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return versions


register.filter("text_direction", i18n.text_direction)


@register.simple_tag
def main_menu_items():
    """The editors' main menu; empty when they have not set one up."""
    return site.menu_items()


@register.simple_tag
def comma():
    """The comma of the interface language: ``،`` in Arabic, ``,`` otherwise."""
    return i18n.comma(current_language())
