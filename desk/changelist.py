"""The admin's lists with a date drill-down (``date_hierarchy``).

Django reads ``?published_at__year=…&…__month=…&…__day=…`` straight into
dates, so a hand-typed value beyond the calendar (year 99999999999, the day
after 31 December 9999) is a server error. ``DateDrillDownChangeList`` is the
one place that reads them: a year, a year and month, or a whole day, within the
dates the site supports (``hijri.supported_range``). Anything else is left out
of the list's filters, and a message says so; the drill-down links read the
checked values (``drill_down``).

Every admin with a ``date_hierarchy`` sets ``get_changelist = date_drill_down``.
"""

import calendar
import datetime

from django.contrib import messages
from django.contrib.admin.views.main import ChangeList
from django.utils.text import Truncator
from django.utils.translation import gettext

from core import hijri

PARTS = ("year", "month", "day")


def _number(digits):
    """Typed digits as a number; too many of them for any date, one past the
    last year a date may have (int() of thousands of digits is refused)."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 6 else datetime.MAXYEAR + 1


def read_drill_down(year, month=None, day=None):
    """``(year, month, day)`` as numbers (``None`` where not given) from the
    typed strings; ``ValueError`` saying why when they name no period the site
    supports."""
    typed = [value for value in (year, month, day) if value is not None]
    not_a_date = ValueError(
        gettext("“%(value)s” is not a year, month or day of the calendar.")
        % {"value": "-".join(Truncator(value).chars(12) for value in typed)}
    )
    if year is None or (day is not None and month is None):
        raise not_a_date
    if not all(value.isascii() and value.isdigit() for value in typed):
        raise not_a_date
    y, m, d = (
        None if value is None else _number(value) for value in (year, month, day)
    )
    if not datetime.MINYEAR <= y <= datetime.MAXYEAR:
        # Beyond any date: the message names the years the site supports.
        raise hijri.out_of_range()
    try:
        first = datetime.date(y, 1 if m is None else m, 1 if d is None else d)
    except ValueError:
        raise not_a_date from None
    if d is not None:
        last = first
    else:
        last = first.replace(month=12 if m is None else m)
        last = last.replace(day=calendar.monthrange(y, last.month)[1])
    hijri.check_supported(first)
    hijri.check_supported(last)
    return y, m, d


class DateDrillDownChangeList(ChangeList):
    """Django's change list, its date drill-down read by ``read_drill_down``."""

    #: The chosen ``(year, month, day)``, ``None`` for each part not chosen.
    drill_down = (None, None, None)

    def get_filters(self, request):
        if self.date_hierarchy and not hasattr(self, "_drill_down_read"):
            self._drill_down_read = True
            self.drill_down = self._read_drill_down(request)
        return super().get_filters(request)

    def _read_drill_down(self, request):
        names = [f"{self.date_hierarchy}__{part}" for part in PARTS]
        # The last value of each, as Django reads them.
        typed = [self.params.get(name) for name in names]
        if all(value is None for value in typed):
            return (None, None, None)
        try:
            chosen = read_drill_down(*typed)
        except ValueError as error:
            messages.error(
                request,
                gettext("The date filter was left out: %(reason)s") % {"reason": error},
            )
            chosen = (None, None, None)
        for name, value in zip(names, chosen, strict=True):
            self.params.pop(name, None)
            self.filter_params.pop(name, None)
            if value is not None:
                self.params[name] = str(value)
                self.filter_params[name] = [str(value)]
        return chosen


def date_drill_down(model_admin, request, **kwargs):
    """``ModelAdmin.get_changelist`` for a list with a ``date_hierarchy``."""
    return DateDrillDownChangeList
