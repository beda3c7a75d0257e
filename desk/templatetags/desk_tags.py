"""Admin pieces that stay fast on a large table.

``{% probed_date_hierarchy cl %}`` is Django's date drill-down (years, then
months, then days) without its scans. Django finds the years that have rows
with a ``DISTINCT`` over a function of every row's date: on 100 000 articles
that alone takes most of a second. Here the first and last dates come from the
ends of the date's index, and every candidate period is probed with an
``EXISTS`` (one query for all of them): two queries, however big the table.
"""

import calendar
import datetime

from django import template
from django.conf import settings
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.db.models import Exists, Subquery
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


def _start(is_datetime, year, month=1, day=1):
    if not is_datetime:
        return datetime.date(year, month, day)
    value = datetime.datetime(year, month, day)
    # As ChangeList turns ?published_at__year=… into a range: local midnight.
    return timezone.make_aware(value) if settings.USE_TZ else value


def _one_row(queryset, **expressions):
    """Evaluate ``expressions`` once, in a single query (``{}`` on an empty table)."""
    rows = list(queryset.model._base_manager.order_by().values(**expressions)[:1])
    return rows[0] if rows else {}


def first_and_last(queryset, field):
    """The earliest and latest ``field`` values of ``queryset``, in one query."""
    dated = queryset.filter(**{f"{field}__isnull": False})
    row = _one_row(
        queryset,
        first=Subquery(dated.order_by(field).values(field)[:1]),
        last=Subquery(dated.order_by(f"-{field}").values(field)[:1]),
    )
    return row.get("first"), row.get("last")


def periods_with_rows(queryset, field, periods):
    """The ``(start, end)`` periods in which ``queryset`` has a row, in one query."""
    probes = {
        f"p{i}": Exists(
            queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end})
        )
        for i, (start, end) in enumerate(periods)
    }
    if not probes:
        return []
    found = _one_row(queryset, **probes)
    return [period for i, period in enumerate(periods) if found.get(f"p{i}")]


@register.inclusion_tag("admin/date_hierarchy.html")
def probed_date_hierarchy(cl):
    """Django's ``{% date_hierarchy cl %}``, in a fixed, small number of queries."""
    field_name = cl.date_hierarchy
    if not field_name:
        return {"show": False}
    field = get_fields_from_path(cl.model, field_name)[-1]
    is_datetime = isinstance(field, models.DateTimeField)
    year_field, month_field, day_field = (
        f"{field_name}__{part}" for part in ("year", "month", "day")
    )
    year, month, day = cl.drill_down  # checked by desk.changelist
    queryset = cl.queryset

    def link(filters):
        return cl.get_query_string(filters, [f"{field_name}__"])

    def start(*parts):
        return _start(is_datetime, *parts)

    if not (year or month or day):
        first, last = first_and_last(queryset, field_name)
        if first is None:
            return {"show": True, "back": None, "choices": []}
        if is_datetime and timezone.is_aware(first):
            first, last = timezone.localtime(first), timezone.localtime(last)
        if first.year != last.year:
            years = [(start(y), start(y + 1)) for y in range(first.year, last.year + 1)]
            return {
                "show": True,
                "back": None,
                "choices": [
                    {
                        "link": link({year_field: str(begin.year)}),
                        "title": str(begin.year),
                    }
                    for begin, _end in periods_with_rows(queryset, field_name, years)
                ],
            }
        year = first.year
        if first.month == last.month:
            month = first.month
    if month and day:
        chosen = datetime.date(year, month, day)
        return {
            "show": True,
            "back": {
                "link": link({year_field: year, month_field: month}),
                "title": capfirst(formats.date_format(chosen, "YEAR_MONTH_FORMAT")),
            },
            "choices": [
                {"title": capfirst(formats.date_format(chosen, "MONTH_DAY_FORMAT"))}
            ],
        }
    if month:
        length = calendar.monthrange(year, month)[1]
        days = [
            (start(year, month, d), start(year, month, d) + datetime.timedelta(days=1))
            for d in range(1, length + 1)
        ]
        return {
            "show": True,
            "back": {"link": link({year_field: year}), "title": str(year)},
            "choices": [
                {
                    "link": link(
                        {year_field: year, month_field: month, day_field: begin.day}
                    ),
                    "title": capfirst(formats.date_format(begin, "MONTH_DAY_FORMAT")),
                }
                for begin, _end in periods_with_rows(queryset, field_name, days)
            ],
        }
    months = [(start(year, m), start(year + m // 12, m % 12 + 1)) for m in range(1, 13)]
    return {
        "show": True,
        "back": {"link": link({}), "title": _("All dates")},
        "choices": [
            {
                "link": link({year_field: year, month_field: begin.month}),
                "title": capfirst(formats.date_format(begin, "YEAR_MONTH_FORMAT")),
            }
            for begin, _end in periods_with_rows(queryset, field_name, months)
        ],
    }
