"""The archive by month, in the Gregorian and the Hijri calendars.

Which months have published articles, and how many, per edition: one
aggregate query counts the articles of each local day (in the site's time
zone), the days are folded into months of both calendars (the Hijri ones
through ``core.hijri``, moon-sighting adjustments applied), and the result is
kept in the shared cache (``cache.ARCHIVE_MONTHS``), fresh at once when an
editor changes content. Every archive page, its previous/next links and its
links to the other calendar read that one entry: their cost does not grow
with the archive. Ten years are about 3 650 days to fold.
"""

from bisect import bisect_left
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import pgettext

from articles.models import Article
from core import cache, hijri, i18n

GREGORIAN = "gregorian"
HIJRI = "hijri"
CALENDARS = (GREGORIAN, HIJRI)


def other_calendar(calendar):
    return HIJRI if calendar == GREGORIAN else GREGORIAN


@dataclass(frozen=True)
class ArchiveMonth:
    """A month of one calendar and its number of published articles."""

    calendar: str
    year: int
    month: int
    count: int = 0

    @property
    def is_hijri(self):
        return self.calendar == HIJRI

    @property
    def name(self):
        """The month's name in the interface language, as the site spells it."""
        if self.calendar == HIJRI:
            return hijri.month_names(i18n.current_language())[self.month - 1]
        return str(MONTHS[self.month])  # Django's own translations

    @property
    def label(self):
        """``December 2023``, ``Jumada al-awwal 1445`` (Western digits)."""
        return f"{self.name} {self.year}"

    def get_absolute_url(self):
        name = "archive_hijri_month" if self.calendar == HIJRI else "archive_month"
        return reverse(
            f"articles:{name}", kwargs={"year": self.year, "month": self.month}
        )

    def days(self):
        """``(first_day, first_day_of_next_month)``, Gregorian dates."""
        if self.calendar == HIJRI:
            return hijri.hijri_month_range(self.year, self.month)
        return hijri.gregorian_month_range(self.year, self.month)

    @property
    def first_day(self):
        return self.days()[0]

    @property
    def last_day(self):
        return self.days()[1] - timedelta(days=1)


@dataclass(frozen=True)
class ArchiveYear:
    """A year of one calendar: its months with articles (oldest first)."""

    calendar: str
    year: int
    months: tuple

    @property
    def is_hijri(self):
        return self.calendar == HIJRI

    @property
    def count(self):
        return sum(month.count for month in self.months)

    @property
    def label(self):
        """``2023``, ``1445 AH`` as the interface language writes them."""
        if self.calendar == HIJRI:
            text = pgettext("Hijri year", "%(year)s AH")
        else:
            text = pgettext("Gregorian year", "%(year)s")
        return text % {"year": self.year}

    def get_absolute_url(self):
        name = "archive_hijri_year" if self.calendar == HIJRI else "archive_year"
        return reverse(f"articles:{name}", kwargs={"year": self.year})

    def days(self):
        if self.calendar == HIJRI:
            return hijri.hijri_year_range(self.year)
        return hijri.gregorian_year_range(self.year)


class Archive:
    """One edition's months with published articles, in both calendars.

    Built from ``{calendar: {(year, month): count}}``; every question here is
    answered from those numbers, without a query.
    """

    def __init__(self, counts):
        self.counts = counts
        self._order = {calendar: sorted(counts[calendar]) for calendar in CALENDARS}

    def _month(self, calendar, key):
        return ArchiveMonth(calendar, *key, self.counts[calendar].get(key, 0))

    def month(self, calendar, year, month):
        """The month, or ``None`` when it has no published article."""
        key = (year, month)
        if key not in self.counts[calendar]:
            return None
        return self._month(calendar, key)

    def months(self, calendar):
        """Every month with articles, oldest first."""
        return [self._month(calendar, key) for key in self._order[calendar]]

    def years(self, calendar):
        """Every year with articles, newest first, each with its months."""
        by_year = {}
        for month in self.months(calendar):
            by_year.setdefault(month.year, []).append(month)
        return [
            ArchiveYear(calendar, year, tuple(by_year[year]))
            for year in sorted(by_year, reverse=True)
        ]

    def year(self, calendar, year):
        """The year, or ``None`` when it has no published article."""
        return next((y for y in self.years(calendar) if y.year == year), None)

    def neighbours(self, month):
        """``(previous, next)``: the nearest months before and after ``month``
        that have articles (``None`` at either end)."""
        order = self._order[month.calendar]
        index = bisect_left(order, (month.year, month.month))
        previous = following = None
        if index > 0:
            previous = self._month(month.calendar, order[index - 1])
        if index + 1 < len(order):
            following = self._month(month.calendar, order[index + 1])
        return previous, following

    def year_neighbours(self, year):
        """``(previous, next)`` years with articles around ``year``."""
        years = self.years(year.calendar)  # newest first
        index = next(i for i, y in enumerate(years) if y.year == year.year)
        following = years[index - 1] if index else None
        previous = years[index + 1] if index + 1 < len(years) else None
        return previous, following

    def same_period(self, period):
        """The months of the other calendar that share a day with ``period``
        (a month or a year), oldest first, with their counts (zero included)."""
        calendar = other_calendar(period.calendar)
        between = (
            hijri.hijri_months_between
            if calendar == HIJRI
            else hijri.gregorian_months_between
        )
        return [self._month(calendar, key) for key in between(*period.days())]

    def same_period_years(self, year):
        """The years of the other calendar that share a day with ``year``
        (oldest first; a year without articles has no months)."""
        calendar = other_calendar(year.calendar)
        numbers = dict.fromkeys(month.year for month in self.same_period(year))
        return [
            self.year(calendar, number) or ArchiveYear(calendar, number, ())
            for number in numbers
        ]


def edition_archive(language):
    """The archive of an edition (``ar``, ``en``), from the shared cache."""
    language = i18n.normalize(language)
    counts = cache.remember(
        cache.ARCHIVE_MONTHS,
        i18n.edition_of(language),
        str(hijri.site_time_zone()),
        compute=lambda: count_months(language),
    )
    return Archive(counts)


def count_months(language):
    """``{calendar: {(year, month): n}}`` of an edition's published articles.

    One query: the articles of each local day. Months of both calendars are
    made of whole local days, so the days fold into either.
    """
    by_day = dict(
        Article.objects.published()
        .in_edition(language)
        .annotate(day=TruncDate("published_at", tzinfo=hijri.site_time_zone()))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    gregorian = {}
    for day, n in by_day.items():
        gregorian[(day.year, day.month)] = gregorian.get((day.year, day.month), 0) + n
    return {GREGORIAN: gregorian, HIJRI: hijri.count_by_hijri_month(by_day)}


def published_in(queryset, period):
    """The articles of ``queryset`` published during ``period`` (a month or a
    year), local days of the site's time zone: a range on the indexed
    ``published_at``."""
    start, end = hijri.day_range(*period.days())
    return queryset.filter(published_at__gte=start, published_at__lt=end)
