"""Dual Hijri/Gregorian dates: the one module that knows the Hijri calendar.

Nothing else in the project imports ``hijridate``. The rules:

- The Hijri date is the Umm al-Qura date of the *local* day in the site's time
  zone (``CMS_TIME_ZONE``): 2023-12-02 22:30 UTC is Sunday 3 December in Makkah,
  19 Jumada al-awwal 1445.
- Editors may shift the start of a Hijri month by -2…+2 days for moon sighting
  (``cms.models.HijriMonthAdjustment``). The table is read once and cached, so a
  date costs no query.
- Outside the Umm al-Qura table (before 1924-08-01, after 2077-11-16) the
  tabular (arithmetic) Islamic calendar is used and the result says so.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext
from hijridate import Gregorian, Hijri

from cms import cache, conf, i18n

WEEKDAYS = {
    "en": [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    "ar": ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
}
TABULAR_MARK = {"en": "(tabular)", "ar": "(حسابي)"}
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# Tabular Islamic calendar (the common "type II" leap years 2, 5, 7, 10, 13,
# 16, 18, 21, 24, 26, 29 of each 30-year cycle), epoch 16 July 622 (Julian).
_TABULAR_EPOCH_ORDINAL = 227015  # datetime.date.toordinal() of 1 Muharram 1 AH


@dataclass(frozen=True)
class HijriDate:
    """A Hijri calendar date; ``tabular`` marks a date outside Umm al-Qura."""

    year: int
    month: int
    day: int
    tabular: bool = False

    def month_name(self, language):
        return month_names(language)[self.month - 1]


def month_names(language):
    """The twelve Hijri month names for ``language``, as the site spells them."""
    from cms.site import hijri_month_names

    return hijri_month_names(language)


def _tabular_month_start(year, month):
    days = (
        (year - 1) * 354
        + (3 + 11 * year) // 30
        + 29 * (month - 1)
        + month // 2  # odd months have 30 days, even 29 (the last varies)
    )
    return datetime.date.fromordinal(_TABULAR_EPOCH_ORDINAL + days)


def _tabular_from_gregorian(day):
    offset = day.toordinal() - _TABULAR_EPOCH_ORDINAL
    year = (30 * offset + 10646) // 10631
    month = 12
    while month > 1 and _tabular_month_start(year, month) > day:
        month -= 1
    return year, month, (day - _tabular_month_start(year, month)).days + 1


@lru_cache(maxsize=4096)
def month_start(year, month):
    """The unadjusted Gregorian first day of Hijri ``month`` of ``year``."""
    try:
        return Hijri(year, month, 1).to_gregorian()
    except (OverflowError, ValueError):
        return _tabular_month_start(year, month)


def _next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def adjustments():
    """``{(year, month): days}`` for every moon-sighting adjustment (cached)."""
    from cms.models import HijriMonthAdjustment

    def load():
        rows = HijriMonthAdjustment.objects.values_list(
            "hijri_year", "hijri_month", "days"
        )
        return {(year, month): days for year, month, days in rows}

    return cache.remember(cache.HIJRI_ADJUSTMENTS, compute=load)


def adjusted_month_start(year, month, table=None):
    """The Gregorian first day of a Hijri month, moon-sighting adjustment applied."""
    table = adjustments() if table is None else table
    return month_start(year, month) + datetime.timedelta(
        days=table.get((year, month), 0)
    )


@lru_cache(maxsize=16384)
def _unadjusted(day):
    try:
        hijri = Gregorian.fromdate(day).to_hijri()
    except OverflowError:
        return (*_tabular_from_gregorian(day), True)
    return hijri.year, hijri.month, hijri.day, False


def _local(value):
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value)


def local_date(value):
    """The calendar day of ``value`` in the site's time zone."""
    if isinstance(value, datetime.datetime):
        return _local(value).date()
    return value


def to_hijri(value):
    """The (adjusted) Hijri date of a date or datetime, in the site's time zone."""
    day = local_date(value)
    year, month, mday, tabular = _unadjusted(day)
    table = adjustments()
    if not table:
        return HijriDate(year, month, mday, tabular)
    # An adjustment moves a month's first day by up to two days, so the day
    # belongs to this month, the one before or the one after.
    candidate = _next_month(year, month)
    for _ in range(3):
        start = adjusted_month_start(*candidate, table)
        if start <= day:
            return HijriDate(*candidate, (day - start).days + 1, tabular)
        candidate = _previous_month(*candidate)
    start = adjusted_month_start(*candidate, table)
    return HijriDate(*candidate, (day - start).days + 1, tabular)


def to_gregorian(year, month, day):
    """The Gregorian date of a Hijri date, moon-sighting adjustments applied.

    Raises ``ValueError`` for a day the (adjusted) month does not have.
    """
    if not 1 <= month <= 12:
        raise ValueError(gettext("The Hijri month must be 1…12."))
    start = adjusted_month_start(year, month)
    length = (adjusted_month_start(*_next_month(year, month)) - start).days
    if not 1 <= day <= length:
        raise ValueError(
            gettext("Hijri month %(month)d/%(year)d has %(days)d days.")
            % {"month": month, "year": year, "days": length}
        )
    return start + datetime.timedelta(days=day - 1)


def hijri_month_range(year, month):
    """``(first_day, first_day_of_next_month)`` of a Hijri month, in Gregorian."""
    return (
        adjusted_month_start(year, month),
        adjusted_month_start(*_next_month(year, month)),
    )


@dataclass(frozen=True)
class Month:
    """A calendar month (Hijri or Gregorian) and its Gregorian days.

    ``first_day`` is its first day, ``next_first_day`` the first day of the
    month after (moon-sighting adjustments applied to Hijri months).
    """

    year: int
    month: int
    first_day: datetime.date
    next_first_day: datetime.date
    hijri: bool = True

    def name(self, language):
        """``Ramadan 1447`` (Hijri, the site's spelling) or ``March 2026``."""
        if self.hijri:
            return f"{month_names(language)[self.month - 1]} {self.year}"
        with translation.override(language):
            return formats.date_format(self.first_day, "YEAR_MONTH_FORMAT")

    def bounds(self):
        """The month as ``(start, end)`` datetimes: local midnights."""
        return local_midnight(self.first_day), local_midnight(self.next_first_day)


def local_midnight(day):
    """The start of ``day`` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def today():
    """Today's date in the site's time zone."""
    return local_date(timezone.now())


def last_hijri_months(count, until=None):
    """The ``count`` Hijri months up to the one of ``until`` (today), oldest first."""
    current = to_hijri(until or today())
    year, month = current.year, current.month
    months = []
    for _ in range(count):
        first, following = hijri_month_range(year, month)
        months.append(Month(year, month, first, following))
        year, month = _previous_month(year, month)
    return months[::-1]


def last_gregorian_months(count, until=None):
    """The ``count`` Gregorian months up to the one of ``until`` (today), oldest
    first: the same span as ``last_hijri_months``, in the other calendar."""
    day = until or today()
    year, month = day.year, day.month
    months = []
    for _ in range(count):
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        months.append(
            Month(year, month, datetime.date(year, month, 1), following, False)
        )
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def use_arabic_digits(language, preference=None):
    if i18n.normalize(language) != "ar":
        return False
    preference = preference or conf.get("CMS_ARABIC_DIGITS")
    return preference != "western"


def localize_digits(text, language, preference=None):
    """Arabic-Indic digits in Arabic (unless the reader prefers Western ones)."""
    text = str(text)
    return (
        text.translate(ARABIC_INDIC)
        if use_arabic_digits(language, preference)
        else text
    )


def format_dual(value, language, digits=None, *, time=False):
    """``Sunday, 19 Jumada al-awwal 1445 | 2023/12/03`` (or its Arabic twin).

    With ``time`` (a datetime), the local time to the second follows:
    ``… | 2023/12/03 14:05:09``, so that two saves in a minute differ.
    """
    language = i18n.normalize(language)
    day = local_date(value)
    hijri = to_hijri(day)
    hijri_text = f"{hijri.day} {hijri.month_name(language)} {hijri.year}"
    if hijri.tabular:
        hijri_text = f"{hijri_text} {TABULAR_MARK[language]}"
    weekday = WEEKDAYS[language][day.weekday()]
    text = f"{weekday}{i18n.comma(language)} {hijri_text} | {day:%Y/%m/%d}"
    if time and isinstance(value, datetime.datetime):
        text = f"{text} {_local(value):%H:%M:%S}"
    return localize_digits(text, language, digits)


def iso_datetime(value):
    """ISO 8601 with the site's offset, for ``<time datetime>``."""
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(timespec="seconds")
    return value.isoformat()


def dual_date_html(value, language, digits=None, *, time=False):
    """A ``<time>`` element whose text carries both calendars (and the time)."""
    hijri = to_hijri(value)
    return format_html(
        '<time datetime="{}"{}>{}</time>',
        iso_datetime(value),
        format_html(' class="tabular-hijri"') if hijri.tabular else "",
        format_dual(value, language, digits, time=time),
    )


_ARABIC_INDIC_TO_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _month_key(name):
    """A month name folded for matching: case, apostrophes, hyphens, spaces, ال."""
    folded = "".join(ch for ch in name.lower() if ch.isalnum())
    return folded.replace("ال", "")


def _month_lookup():
    keys = {}
    for language in ("en", "ar"):
        for number, name in enumerate(month_names(language), start=1):
            keys[_month_key(name)] = number
    for number in range(1, 13):
        sample = Hijri(1445, number, 1)  # the library's own spellings, too
        for language in ("en", "ar"):
            keys.setdefault(_month_key(sample.month_name(language)), number)
    return keys


def parse_hijri_date(text):
    """Read a Hijri date typed by an editor; return its Gregorian date.

    Accepts ``1 Ramadan 1448``, ``١ رمضان ١٤٤٨``, ``1448-09-01`` and
    ``1/9/1448``. Raises ``ValueError`` with a readable message otherwise.
    """
    cleaned = " ".join(str(text).translate(_ARABIC_INDIC_TO_WESTERN).split())
    numbers = cleaned.replace("/", "-").split("-")
    if len(numbers) == 3 and all(part.strip().isdigit() for part in numbers):
        first, month, last = (int(part) for part in numbers)
        year, day = (first, last) if first > 31 else (last, first)
    else:
        parts = cleaned.split(" ")
        if len(parts) < 3 or not parts[0].isdigit() or not parts[-1].isdigit():
            raise ValueError(
                gettext("“%(text)s” is not a Hijri date such as “1 Ramadan 1448”.")
                % {"text": text}
            )
        day, year = int(parts[0]), int(parts[-1])
        month = _month_lookup().get(_month_key(" ".join(parts[1:-1])))
        if month is None:
            raise ValueError(
                gettext("“%(name)s” is not a Hijri month name.")
                % {"name": " ".join(parts[1:-1])}
            )
    return to_gregorian(year, month, day)
