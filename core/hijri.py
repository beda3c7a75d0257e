"""Dual Hijri/Gregorian dates: the one module that knows the Hijri calendar.

Nothing else in the project imports ``hijridate``. The rules:

- The Hijri date is the Umm al-Qura date of the *local* day in the site's time
  zone (``CMS_TIME_ZONE``): 2023-12-02 22:30 UTC is Sunday 3 December in Makkah,
  19 Jumada al-awwal 1445.
- Editors may shift the start of a Hijri month by -2…+2 days for moon sighting
  (``site_settings.models.HijriMonthAdjustment``). The site-settings app hands the
  table over (``use_tables``), read once and cached, so a date costs no query.
- Outside the Umm al-Qura table (before 1924-08-01, after 2077-11-16) the
  tabular (arithmetic) Islamic calendar is used and the result says so; it is
  moved by whole days to continue the table at its edges (no month of 28 days).
- Dates editors type must fall within ``CMS_DATE_MIN_YEAR`` …
  ``CMS_DATE_MAX_YEAR`` (1900–2100 by default): ``check_supported`` refuses
  the rest with a message naming the range in both calendars.
"""

import datetime
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext
from hijridate import Gregorian, Hijri

from core import conf, i18n
from core.text import fold

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

    def text(self, language):
        """``19 Jumada al-awwal 1445`` (Western digits: ``localize_digits``),
        marked ``(tabular)`` outside the Umm al-Qura table."""
        language = i18n.normalize(language)
        text = f"{self.day} {self.month_name(language)} {self.year}"
        return f"{text} {TABULAR_MARK[language]}" if self.tabular else text


def _default_month_names(language):
    return conf.per_language("CMS_HIJRI_MONTHS", language)


def _no_adjustments():
    return {}


# Where the two tables editors keep come from (``use_tables``): the site's
# spelling of the month names and the moon-sighting adjustments.
_tables = {"month_names": _default_month_names, "adjustments": _no_adjustments}


def use_tables(*, month_names, adjustments):
    """Read the month names (``month_names(language)``: twelve names) and the
    moon-sighting table (``adjustments()``: ``{(year, month): days}``) from the
    given functions. The site-settings app calls it when it starts, so that
    this module, below the apps, reads no database itself; until then the
    names are ``CMS_HIJRI_MONTHS`` and no month is moved."""
    _tables.update(month_names=month_names, adjustments=adjustments)


def month_names(language):
    """The twelve Hijri month names for ``language``, as the site spells them."""
    return _tables["month_names"](language)


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


# The first and last months of the Umm al-Qura table.
_TABLE_FIRST_MONTH = (1343, 1)
_TABLE_LAST_MONTH = (1500, 12)


@lru_cache(maxsize=1)
def _tabular_shifts():
    """``(before, after)``: days the tabular calendar is moved by before and
    after the table, so that it continues the table with whole months.

    Unmoved, the tabular 1 Muharram 1343 falls a day after the table's, which
    cut Dhu al-Hijjah 1342 to 28 days.
    """
    table_first = Hijri(*_TABLE_FIRST_MONTH, 1)
    last = Hijri(*_TABLE_LAST_MONTH, 1)
    table_end = last.to_gregorian() + datetime.timedelta(days=last.month_length())
    after_table = _next_month(*_TABLE_LAST_MONTH)
    return (
        (table_first.to_gregorian() - _tabular_month_start(*_TABLE_FIRST_MONTH)).days,
        (table_end - _tabular_month_start(*after_table)).days,
    )


@lru_cache(maxsize=4096)
def month_start(year, month):
    """The unadjusted Gregorian first day of Hijri ``month`` of ``year``."""
    try:
        return Hijri(year, month, 1).to_gregorian()
    except (OverflowError, ValueError):
        before, after = _tabular_shifts()
        shift = before if (year, month) < _TABLE_FIRST_MONTH else after
        return _tabular_month_start(year, month) + datetime.timedelta(days=shift)


def _next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def adjustments():
    """``{(year, month): days}`` for every moon-sighting adjustment."""
    return _tables["adjustments"]()


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
        before, after = _tabular_shifts()
        shift = before if day < month_start(*_TABLE_FIRST_MONTH) else after
        return (*_tabular_from_gregorian(day - datetime.timedelta(days=shift)), True)
    return hijri.year, hijri.month, hijri.day, False


def site_time_zone():
    """The site's reference zone (``CMS_TIME_ZONE``): days begin at its midnight."""
    return timezone.get_default_timezone()


def local_date(value):
    """The calendar day of ``value`` in the site's time zone."""
    if isinstance(value, datetime.datetime):
        return site_datetime(value).date()
    return value


def day_start(day):
    """The first instant of the local ``day`` in the site's time zone (aware)."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), site_time_zone()
    )


def day_range(first_day, end_day):
    """``(start, end)``: the aware half-open interval of the local days
    ``first_day`` up to ``end_day`` (excluded), for ``__gte``/``__lt`` lookups."""
    return day_start(first_day), day_start(end_day)


def to_hijri(value, *, table=None):
    """The (adjusted) Hijri date of a date or datetime, in the site's time zone.

    ``table`` (from ``adjustments()``) saves reading the cache when converting
    many days at once.
    """
    day = local_date(value)
    year, month, mday, tabular = _unadjusted(day)
    table = adjustments() if table is None else table
    if not table:
        return HijriDate(year, month, mday, tabular)
    # An adjustment moves a month's first day by up to two days, so the day
    # belongs to this month, the one before or the one after.
    candidate = _next_month(year, month)
    for _ in range(3):
        start = adjusted_month_start(*candidate, table)
        if start <= day:
            break
        candidate = _previous_month(*candidate)
    start = adjusted_month_start(*candidate, table)
    # The month decides, not the day: an adjustment at an edge of the table
    # moves days between a table month and a tabular one.
    tabular = not _TABLE_FIRST_MONTH <= candidate <= _TABLE_LAST_MONTH
    return HijriDate(*candidate, (day - start).days + 1, tabular)


def supported_range():
    """``(first, last)``: the Gregorian days a typed date may fall on."""
    return (
        datetime.date(conf.get("CMS_DATE_MIN_YEAR"), 1, 1),
        datetime.date(conf.get("CMS_DATE_MAX_YEAR"), 12, 31),
    )


def out_of_range():
    """The error naming the years a typed date may fall in."""
    first, last = supported_range()
    return ValueError(
        gettext(
            "Choose a date from %(first)d to %(last)d (Hijri years %(hijri_first)d "
            "to %(hijri_last)d)."
        )
        % {
            "first": first.year,
            "last": last.year,
            "hijri_first": to_hijri(first).year,
            "hijri_last": to_hijri(last).year,
        }
    )


def check_supported(value):
    """Raise ``ValueError`` naming the range unless ``value`` (a date or
    datetime, taken in the site's zone) falls within ``supported_range()``."""
    first, last = supported_range()
    try:
        day = local_date(value)
    except (OverflowError, ValueError):  # not even representable in the zone
        raise out_of_range() from None
    if not first <= day <= last:
        raise out_of_range()


def to_gregorian(year, month, day):
    """The Gregorian date of a Hijri date, moon-sighting adjustments applied.

    Raises ``ValueError`` for a day the (adjusted) month does not have, and
    for a year outside the supported range (``check_supported``).
    """
    first, last = supported_range()
    if not to_hijri(first).year <= year <= to_hijri(last).year:
        raise out_of_range()
    if not 1 <= month <= 12:
        raise ValueError(gettext("The Hijri month must be 1…12."))
    start = adjusted_month_start(year, month)
    length = (adjusted_month_start(*_next_month(year, month)) - start).days
    if not 1 <= day <= length:
        raise ValueError(
            gettext("Hijri month %(month)d/%(year)d has %(days)d days.")
            % {"month": month, "year": year, "days": length}
        )
    result = start + datetime.timedelta(days=day - 1)
    check_supported(result)
    return result


def hijri_month_range(year, month):
    """``(first_day, first_day_of_next_month)`` of a Hijri month, in Gregorian."""
    return (
        adjusted_month_start(year, month),
        adjusted_month_start(*_next_month(year, month)),
    )


def hijri_year_range(year):
    """``(first_day, first_day_of_next_year)`` of a Hijri year, in Gregorian."""
    return adjusted_month_start(year, 1), adjusted_month_start(year + 1, 1)


def gregorian_month_range(year, month):
    """``(first_day, first_day_of_next_month)`` of a Gregorian month."""
    following = _next_month(year, month)
    return datetime.date(year, month, 1), datetime.date(*following, 1)


def gregorian_year_range(year):
    """``(first_day, first_day_of_next_year)`` of a Gregorian year."""
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def hijri_months_between(first_day, end_day):
    """The Hijri ``(year, month)`` that share a day with ``first_day…end_day``
    (``end_day`` excluded), oldest first: one Gregorian month meets two or three."""
    table = adjustments()
    hijri = to_hijri(first_day, table=table)
    current, months = (hijri.year, hijri.month), []
    while adjusted_month_start(*current, table) < end_day:
        months.append(current)
        current = _next_month(*current)
    return months


def gregorian_months_between(first_day, end_day):
    """The Gregorian ``(year, month)`` that share a day with ``first_day…end_day``
    (``end_day`` excluded), oldest first."""
    current, months = (first_day.year, first_day.month), []
    while datetime.date(*current, 1) < end_day:
        months.append(current)
        current = _next_month(*current)
    return months


def count_by_hijri_month(counts_by_day):
    """Fold ``{date: n}`` (local days) into ``{(hijri_year, hijri_month): n}``,
    moon-sighting adjustments applied."""
    table = adjustments()
    months = {}
    for day, n in counts_by_day.items():
        hijri = to_hijri(day, table=table)
        key = (hijri.year, hijri.month)
        months[key] = months.get(key, 0) + n
    return months


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
        return day_start(self.first_day), day_start(self.next_first_day)


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


def _dual_parts(value, language, digits, *, time, hijri):
    """The weekday (with its comma), the Hijri date and the Gregorian one (with
    the time), each in the reader's digits."""
    language = i18n.normalize(language)
    day = local_date(value)
    hijri = to_hijri(day) if hijri is None else hijri
    weekday = f"{WEEKDAYS[language][day.weekday()]}{i18n.comma(language)}"
    gregorian = f"{day:%Y/%m/%d}"
    if time and isinstance(value, datetime.datetime):
        gregorian = f"{gregorian} {site_datetime(value):%H:%M:%S}"
    return [
        localize_digits(part, language, digits)
        for part in (weekday, hijri.text(language), gregorian)
    ]


def format_dual(value, language, digits=None, *, time=False, hijri=None):
    """``Sunday, 19 Jumada al-awwal 1445 | 2023/12/03`` (or its Arabic twin).

    With ``time`` (a datetime), the local time to the second follows:
    ``… | 2023/12/03 14:05:09``, so that two saves in a minute differ.
    ``hijri``: the value's ``to_hijri()``, when the caller has it already.
    """
    weekday, hijri_date, gregorian = _dual_parts(
        value, language, digits, time=time, hijri=hijri
    )
    return f"{weekday} {hijri_date} | {gregorian}"


def site_datetime(value):
    """``value`` (aware or naive) in the site's time zone, to the second: the
    moment as feeds, sitemaps and sharing metadata give it (with the offset)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value, site_time_zone()).replace(microsecond=0)


def iso_datetime(value):
    """ISO 8601 with the site's offset, for ``<time datetime>``."""
    if isinstance(value, datetime.datetime):
        return site_datetime(value).isoformat()
    return value.isoformat()


def dual_date_html(value, language, digits=None, *, time=False):
    """A ``<time>`` element whose text carries both calendars (and the time).

    Each calendar's date is kept on one line (``date-part``): in a narrow
    column the text breaks after the weekday or at the ``|``, never inside
    "Jumada al-awwal" or between a day and its month.
    """
    hijri = to_hijri(value)
    weekday, hijri_date, gregorian = _dual_parts(
        value, language, digits, time=time, hijri=hijri
    )
    return format_html(
        '<time datetime="{}"{}>{} <span class="date-part">{}</span> | '
        '<span class="date-part">{}</span></time>',
        iso_datetime(value),
        format_html(' class="tabular-hijri"') if hijri.tabular else "",
        weekday,
        hijri_date,
        gregorian,
    )


_ARABIC_INDIC_TO_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Reading typed dates -------------------------------------------------------------
#
# Editors and readers type a Hijri date as it is written: "٣ رجب ١٤٤٨هـ",
# "3 Rajab 1448 AH", "Rajab 3, 1448", "١ جمادى الثانية ١٤٤٨", "1 Jumada II 1448".
# ``parse_day`` and ``parse_hijri_date`` read all of them, and nothing else in
# the project reads a typed date.

# The months' other spellings, beside the site's own (``month_names``) and the
# library's: for each month, the ways of writing each of its words, any way of
# each read. Compared by ``_month_key``: no entry is needed for a form of
# hamza, alef, ya or ta marbuta, for capitals, accents, apostrophes or hyphens,
# nor for the article (ال, al-, ul-). ذوال: ذو الحجة written as one word.
_RABI = ("ربيع", "rabi", "rabia", "rabie", "rabee", "rabiul", "rabius")
_JUMADA = ("جمادى", "jumada", "jumadi", "jumaada", "jamada", "jamadi", "jumadal",
           "jumadil", "jamadil", "jumadul")  # fmt: skip
_FIRST = ("الأول", "الأولى", "awwal", "awal", "aval", "ula", "oola", "ulla", "uwla",
          "oula", "i", "1")  # fmt: skip
_SECOND = ("الآخر", "الآخرة", "الثاني", "الثانية", "thani", "thaani", "thaniyah",
           "thaniya", "thania", "sani", "saani", "akhir", "aakhir", "akhar",
           "akhira", "akhirah", "aakhirah", "ukhra", "ii", "2")  # fmt: skip
_DHU = ("ذو", "ذي", "ذا", "ذوال", "ذيال", "dhu", "dhul", "dhi", "dhil", "dhou", "zu",
        "zul", "zil", "du", "dul", "thu", "thul")  # fmt: skip
MONTH_SPELLINGS = {
    1: [("محرم", "muharram", "moharram", "muharam", "muharrem")],
    2: [("صفر", "safar", "saphar", "safer")],
    3: [_RABI, _FIRST],
    4: [_RABI, _SECOND],
    5: [_JUMADA, _FIRST],
    6: [_JUMADA, _SECOND],
    7: [("رجب", "rajab", "rajjab", "radjab")],
    8: [("شعبان", "shaban", "shaaban", "shabaan")],
    9: [("رمضان", "ramadan", "ramadhan", "ramazan", "ramzan", "ramathan")],
    10: [("شوال", "shawwal", "shawal", "shawaal", "shavval")],
    11: [_DHU, ("القعدة", "qadah", "qaadah", "qada", "qaada", "qidah", "qida", "qiddah",
                "qaidah", "qaida", "kadah", "kada", "kaada", "kidah")],
    12: [_DHU, ("الحجة", "hijjah", "hijja", "hijah", "hija", "hajjah", "hajja",
                "hijjeh")],
}  # fmt: skip
# The apostrophes and the signs transliterations write ayn and hamza with.
_APOSTROPHES = str.maketrans(dict.fromkeys("'’‘`´′ʻʼʿʾ"))
# Words around a month's name that do not tell it apart: the article as
# transliterated (al-, ul-, 'l-), and "month" and "of" (شهر رمضان, ٣ من رجب).
_MONTH_FILLERS = frozenset(
    {"al", "el", "ul", "il", "l", "as", "us", "ath", "uth", "ad", "ud", "of",
     "month", "شهر", "من"}
)  # fmt: skip


def _month_key(name):
    """A month's name as it is compared: folded (``core.text.fold``: capitals,
    accents, harakat, the forms of hamza, alef, ya and ta marbuta), without
    apostrophes, the article or the words around a name, its words joined."""
    words = []
    for word in re.split(r"[\W_]+", fold(name).translate(_APOSTROPHES)):
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        if word and word not in _MONTH_FILLERS:
            words.append(word)
    return "".join(words)


@lru_cache(maxsize=1)
def _spelled_months():
    """``{key: month}`` of ``MONTH_SPELLINGS`` and of the library's spellings."""
    keys = {}
    for number, words in MONTH_SPELLINGS.items():
        for spelling in itertools.product(*words):
            keys[_month_key(" ".join(spelling))] = number
    for number in range(1, 13):
        sample = Hijri(1445, number, 1)
        for language in ("en", "ar"):
            keys.setdefault(_month_key(sample.month_name(language)), number)
    return keys


def month_number(name):
    """The number (1…12) of the Hijri month ``name`` as typed, or ``None``:
    the site's spellings (``month_names``) first, then the others."""
    key = _month_key(name)
    if not key:
        return None
    for language in ("en", "ar"):
        for number, own in enumerate(month_names(language), start=1):
            if _month_key(own) == key:
                return number
    return _spelled_months().get(key)


# What says a year is Hijri, after it or (AH, in English) before it: هـ or ه,
# هجري, هجرية, للهجرة, AH, A.H., H. Compared folded, without dots.
ERA_MARKS = frozenset({"ه", "هجري", "هجريه", "للهجره", "ah", "h"})
# The ending of a day written as an ordinal: 1st, 2nd, 3rd, 4th.
ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
NUMBER = re.compile(r"[0-9]+")
# A number written against the letters after it: ١٤٤٨هـ, 1448AH, 3rd.
_NUMBER_THEN_LETTER = re.compile(r"(?<=[0-9])(?=[^\W\d_])")
_COMMAS = str.maketrans(",،", "  ")


@dataclass(frozen=True)
class TypedDate:
    """A typed date read into words: Western digits, without commas, a number
    parted from the letters written against it; without the marks that say
    it is Hijri (``hijri``): the era's (هـ, AH) and the tabular mark
    ``HijriDate.text`` writes; a day's ordinal ending dropped."""

    words: tuple
    hijri: bool = False

    @classmethod
    def read(cls, text):
        spaced = str(text).translate(_ARABIC_INDIC_TO_WESTERN).translate(_COMMAS)
        words = _NUMBER_THEN_LETTER.sub(" ", spaced).split()
        hijri = False
        if words and words[-1] in TABULAR_MARK.values():
            words.pop()
            hijri = True
        for size in (2, 1):  # after the last number: "1448 هـ", "1448 A. H."
            before = words[-size - 1] if len(words) > size else ""
            if before[-1:].isdigit() and _is_era(words[-size:]):
                del words[-size:]
                hijri = True
                break
        for size in (2, 1):  # before the year: "Rajab AH 1448"
            if (
                len(words) > size + 1
                and NUMBER.fullmatch(words[-1])
                and _is_era(words[-size - 1 : -1])
            ):
                del words[-size - 1 : -1]
                hijri = True
                break
        words = [
            word
            for at, word in enumerate(words)
            if not (
                at and fold(word) in ORDINAL_ENDINGS and NUMBER.fullmatch(words[at - 1])
            )
        ]
        return cls(tuple(words), hijri)

    @property
    def text(self):
        return " ".join(self.words)

    def named_day(self):
        """``(day, month's name, year)`` of a day written with its month's
        name, the day first (``3 Rajab 1448``) or the month first (``Rajab 3,
        1448``), or ``None``."""
        words = self.words
        if len(words) < 3 or not NUMBER.fullmatch(words[-1]):
            return None
        if NUMBER.fullmatch(words[0]):
            return int(words[0]), " ".join(words[1:-1]), int(words[-1])
        if NUMBER.fullmatch(words[-2]):
            return int(words[-2]), " ".join(words[:-2]), int(words[-1])
        return None


def _is_era(words):
    return fold("".join(words)).replace(".", "") in ERA_MARKS


# A day typed as numbers: year, month and day, or day, month and year.
NUMERIC_DAY = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")


def parse_day(text):
    """A day typed in either calendar, as its Gregorian date: the one reading
    of such a day (the search's filters, the API's).

    ``2023-12-01`` (or ``01/12/2023``) is Gregorian when its year is one of
    ``supported_range()``, ``1445-09-01`` Hijri when its year is one of the
    Hijri years of that range or when marked so (``1445-09-01 هـ``); a day
    with its month's name is Hijri (``parse_hijri_date``). Raises
    ``ValueError`` with a message for the reader.
    """
    typed = TypedDate.read(text)
    numeric = NUMERIC_DAY.fullmatch(typed.text)
    if numeric is None:
        if typed.named_day() is not None:
            return parse_hijri_date(text)
        raise ValueError(
            gettext(
                "“%(text)s” is not a date. Type a Gregorian date such as "
                "2023-12-01 or a Hijri one such as 1 Ramadan 1445 or 1445-09-01."
            )
            % {"text": text}
        )
    first, month, last = (int(part) for part in numeric.groups())
    year, day = (first, last) if first > 31 else (last, first)
    start, end = supported_range()
    if not typed.hijri and start.year <= year <= end.year:
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            raise ValueError(
                gettext("“%(text)s” is not a day of the calendar.") % {"text": text}
            ) from None
        check_supported(value)
        return value
    if to_hijri(start).year <= year <= to_hijri(end).year:
        return to_gregorian(year, month, day)
    raise out_of_range()


def parse_hijri_date(text):
    """Read a Hijri date typed by an editor; return its Gregorian date.

    Accepts ``1 Ramadan 1448``, ``١ رمضان ١٤٤٨``, ``Ramadan 1, 1448``,
    ``1448-09-01`` and ``1/9/1448``, with the era (``١٤٤٨هـ``, ``1448 AH``),
    the months' other spellings (``MONTH_SPELLINGS``: جمادى الثانية, Rabi'
    II…), and what ``HijriDate.text`` writes outside the table (``5 Ramadan
    1330 (tabular)``). Raises ``ValueError`` with a readable message
    otherwise.
    """
    typed = TypedDate.read(text)
    cleaned = typed.text
    if any(len(number) > 6 for number in NUMBER.findall(cleaned)):
        raise out_of_range()  # no supported date has such a number
    numbers = cleaned.replace("/", "-").split("-")
    if len(numbers) == 3 and all(NUMBER.fullmatch(part.strip()) for part in numbers):
        first, month, last = (int(part) for part in numbers)
        year, day = (first, last) if first > 31 else (last, first)
        return to_gregorian(year, month, day)
    named = typed.named_day()
    if named is None:
        raise ValueError(
            gettext("“%(text)s” is not a Hijri date such as “1 Ramadan 1448”.")
            % {"text": text}
        )
    day, name, year = named
    month = month_number(name)
    if month is None:
        raise ValueError(
            gettext("“%(name)s” is not a Hijri month name.") % {"name": name}
        )
    return to_gregorian(year, month, day)


def typing_examples(language, digits=None, day=None):
    """How a day may be typed, as the date fields' hints show it: the first
    day of the month of ``day`` (today) as a Gregorian date, and of its Hijri
    month by the month's name and in numbers, in the reader's digits
    (``localize_digits``). Each reads back to its day (``parse_day``)."""
    day = day or today()
    hijri = to_hijri(day)
    first = HijriDate(hijri.year, hijri.month, 1)
    examples = (
        f"{day:%Y-%m}-01",
        first.text(language),
        f"{first.year}-{first.month:02d}-01",
    )
    return tuple(localize_digits(example, language, digits) for example in examples)
