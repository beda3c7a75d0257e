"""Elapsed time in words: "just now", "6 minutes ago", "منذ ٦ دقائق".

Django's ``timesince`` writes its numbers with ``%d`` (Western digits in an
Arabic sentence) and says "0 minutes" for the first minute. Here every number
follows the reader's digits (``core.hijri.localize_digits``), the first minute
is "just now", and each unit is one ``ngettext`` message, so that Arabic gets
its six plural forms from the catalogue (دقيقة واحدة، دقيقتين، ٣ دقائق، ١١ دقيقة…).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core import i18n
from core.hijri import localize_digits

MINUTE, HOUR, DAY = 60, 60 * 60, 24 * 60 * 60
MONTH, YEAR = 30 * DAY, 365 * DAY
UNITS = (("year", YEAR), ("month", MONTH), ("day", DAY), ("hour", HOUR))


def _unit(count, unit):
    # One message per unit, so that translators see each word with its forms.
    match unit:
        case "minute":
            return ngettext("%(count)s minute", "%(count)s minutes", count)
        case "hour":
            return ngettext("%(count)s hour", "%(count)s hours", count)
        case "day":
            return ngettext("%(count)s day", "%(count)s days", count)
        case "month":
            return ngettext("%(count)s month", "%(count)s months", count)
    return ngettext("%(count)s year", "%(count)s years", count)


def _elapsed_seconds(value, now):
    now = now or timezone.now()
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value)
    if not isinstance(value, datetime.datetime):
        value = timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
    return max(0, int((now - value).total_seconds()))


def duration(value, *, now=None, digits=None):
    """The time from ``value`` to ``now`` in its largest whole unit: "2 days".

    Under a minute it is "less than a minute". Numbers follow ``digits`` (the
    reader's preference) in Arabic.
    """
    seconds = _elapsed_seconds(value, now)
    if seconds < MINUTE:
        return gettext("less than a minute")
    unit, size = next(
        ((unit, size) for unit, size in UNITS if seconds >= size), ("minute", MINUTE)
    )
    count = seconds // size
    number = localize_digits(count, i18n.current_language(), digits)
    return _unit(count, unit) % {"count": number}


def time_ago(value, *, now=None, digits=None):
    """ "just now" under a minute, then "6 minutes ago", "2 days ago"…"""
    if _elapsed_seconds(value, now) < MINUTE:
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": duration(value, now=now, digits=digits)}
