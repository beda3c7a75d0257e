"""Dual-date vectors: Umm al-Qura, time zone, adjustments, fallback."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from core import hijri
from site_settings.models import HijriMonthAdjustment

UTC = datetime.UTC
pytestmark = pytest.mark.django_db


def test_reference_date_in_english():
    """2023-12-03 is Sunday 19 Jumada al-awwal 1445, in the site's spelling."""
    assert (
        hijri.format_dual(datetime.date(2023, 12, 3), "en")
        == "Sunday, 19 Jumada al-awwal 1445 | 2023/12/03"
    )


def test_reference_date_in_arabic_uses_arabic_indic_digits():
    assert (
        hijri.format_dual(datetime.date(2023, 12, 3), "ar")
        == "الأحد، ١٩ جمادى الأولى ١٤٤٥ | ٢٠٢٣/١٢/٠٣"
    )


def test_arabic_with_western_digits_preference():
    assert (
        hijri.format_dual(datetime.date(2023, 12, 3), "ar", "western")
        == "الأحد، 19 جمادى الأولى 1445 | 2023/12/03"
    )


def test_late_utc_evening_is_next_day_in_makkah():
    """22:30 UTC on 2 December is Sunday 3 December in Asia/Riyadh."""
    moment = datetime.datetime(2023, 12, 2, 22, 30, tzinfo=UTC)
    assert hijri.to_hijri(moment) == hijri.HijriDate(1445, 5, 19)
    assert hijri.format_dual(moment, "en").startswith("Sunday, 19 Jumada al-awwal 1445")
    assert hijri.iso_datetime(moment) == "2023-12-03T01:30:00+03:00"


def test_site_time_zone_setting_moves_the_day(settings):
    settings.TIME_ZONE = "UTC"
    moment = datetime.datetime(2023, 12, 2, 22, 30, tzinfo=ZoneInfo("UTC"))
    assert hijri.to_hijri(moment) == hijri.HijriDate(1445, 5, 18)


def test_month_adjustment_moves_the_start_of_the_month():
    """Jumada al-awwal 1445 starting a day later makes 3 Dec its 18th day."""
    HijriMonthAdjustment.objects.create(hijri_year=1445, hijri_month=5, days=1)
    assert hijri.to_hijri(datetime.date(2023, 12, 3)) == hijri.HijriDate(1445, 5, 18)
    first = hijri.to_gregorian(1445, 5, 1)
    # The day before the shifted start now ends the previous month.
    assert hijri.to_hijri(first - datetime.timedelta(days=1)).month == 4
    assert hijri.to_hijri(first) == hijri.HijriDate(1445, 5, 1)


def test_adjustments_are_cached(django_assert_num_queries):
    HijriMonthAdjustment.objects.create(hijri_year=1445, hijri_month=5, days=-1)
    hijri.format_dual(datetime.date(2023, 12, 3), "en")  # fills the caches
    with django_assert_num_queries(0):
        for day in range(1, 29):
            hijri.format_dual(datetime.date(2023, 12, day), "en")


def test_changing_an_adjustment_takes_effect_at_once():
    adjustment = HijriMonthAdjustment.objects.create(
        hijri_year=1445, hijri_month=5, days=0
    )
    assert hijri.to_hijri(datetime.date(2023, 12, 3)).day == 19
    adjustment.days = -1
    adjustment.save()
    assert hijri.to_hijri(datetime.date(2023, 12, 3)).day == 20


@pytest.mark.parametrize(
    "day",
    [datetime.date(1900, 1, 1), datetime.date(1924, 7, 31), datetime.date(2090, 6, 1)],
)
def test_dates_outside_umm_al_qura_fall_back_to_tabular(day):
    result = hijri.to_hijri(day)
    assert result.tabular
    assert 1 <= result.month <= 12 and 1 <= result.day <= 30
    assert "(tabular)" in hijri.format_dual(day, "en")
    assert "(حسابي)" in hijri.format_dual(day, "ar")


def test_tabular_fallback_is_close_to_umm_al_qura_at_the_edge():
    inside = hijri.to_hijri(datetime.date(1924, 8, 1))
    outside = hijri.to_hijri(datetime.date(1924, 7, 31))
    assert not inside.tabular and outside.tabular
    assert (inside.year, inside.month) in {(outside.year, outside.month), (1343, 1)}


def test_hijri_to_gregorian_round_trip():
    assert hijri.to_gregorian(1445, 5, 19) == datetime.date(2023, 12, 3)
    with pytest.raises(ValueError):
        hijri.to_gregorian(1445, 5, 31)
    with pytest.raises(ValueError):
        hijri.to_gregorian(1445, 13, 1)


def test_time_element_carries_offset_and_both_calendars():
    html = hijri.dual_date_html(
        datetime.datetime(2023, 12, 2, 22, 30, tzinfo=UTC), "en"
    )
    assert html == (
        '<time datetime="2023-12-03T01:30:00+03:00">Sunday, '
        '<span class="date-part">19 Jumada al-awwal 1445</span> | '
        '<span class="date-part">2023/12/03</span></time>'
    )


def test_a_local_day_starts_at_midnight_in_makkah():
    start, end = hijri.day_range(datetime.date(2023, 12, 1), datetime.date(2024, 1, 1))

    assert start == datetime.datetime(2023, 11, 30, 21, 0, tzinfo=UTC)
    assert end == datetime.datetime(2023, 12, 31, 21, 0, tzinfo=UTC)


def test_a_gregorian_month_can_meet_three_hijri_months():
    """May 2022: 30 Ramadan, Shawwal (29 days) and 1 Dhu al-Qi'dah 1443."""
    may = hijri.gregorian_month_range(2022, 5)

    assert hijri.hijri_months_between(*may) == [(1443, 9), (1443, 10), (1443, 11)]


def test_a_hijri_month_meets_the_gregorian_months_of_its_days():
    jumada_awwal = hijri.hijri_month_range(1445, 5)

    assert jumada_awwal == (datetime.date(2023, 11, 15), datetime.date(2023, 12, 14))
    assert hijri.gregorian_months_between(*jumada_awwal) == [(2023, 11), (2023, 12)]
    assert hijri.hijri_year_range(1445) == (
        datetime.date(2023, 7, 19),
        datetime.date(2024, 7, 7),
    )


def test_days_fold_into_adjusted_hijri_months():
    counts = {datetime.date(2023, 12, 13): 2, datetime.date(2023, 12, 14): 3}
    assert hijri.count_by_hijri_month(counts) == {(1445, 5): 2, (1445, 6): 3}

    HijriMonthAdjustment.objects.create(hijri_year=1445, hijri_month=6, days=1)

    assert hijri.count_by_hijri_month(counts) == {(1445, 5): 5}


# Month spans for the dashboard ----------------------------------------------------


def test_the_last_twelve_hijri_months_end_with_the_current_one():
    months = hijri.last_hijri_months(12, datetime.date(2023, 12, 3))

    assert [(m.year, m.month) for m in (months[0], months[-1])] == [
        (1444, 6),
        (1445, 5),
    ]
    assert months[-1].name("en") == "Jumada al-awwal 1445"
    assert months[-1].first_day == datetime.date(2023, 11, 15)
    # Contiguous: each month starts where the one before ends.
    assert all(
        a.next_first_day == b.first_day
        for a, b in zip(months, months[1:], strict=False)
    )


def test_hijri_month_spans_follow_the_moon_sighting_adjustments():
    HijriMonthAdjustment.objects.create(hijri_year=1445, hijri_month=5, days=1)

    before, current = hijri.last_hijri_months(2, datetime.date(2023, 12, 3))

    assert current.first_day == datetime.date(2023, 11, 16)
    assert before.next_first_day == datetime.date(2023, 11, 16)


def test_the_last_twelve_gregorian_months_run_from_january_to_december():
    months = hijri.last_gregorian_months(12, datetime.date(2023, 12, 3))

    assert months[0].first_day == datetime.date(2023, 1, 1)
    assert months[-1].next_first_day == datetime.date(2024, 1, 1)
    assert months[-1].name("en") == "December 2023"


def test_a_month_is_bounded_by_local_midnights():
    (month,) = hijri.last_gregorian_months(1, datetime.date(2023, 12, 3))

    start, end = month.bounds()

    assert start.isoformat() == "2023-12-01T00:00:00+03:00"
    assert end.isoformat() == "2024-01-01T00:00:00+03:00"
