"""Elapsed time in words: "just now" in the first minute, Arabic plural forms,
numbers in the reader's digits."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from core.humanize import duration, time_ago

NOW = timezone.now()


def ago(language, digits=None, **delta):
    with translation.override(language):
        return time_ago(NOW - timedelta(**delta), now=NOW, digits=digits)


@pytest.mark.parametrize("seconds", [0, 1, 59])
def test_the_first_minute_is_just_now_never_zero_minutes(seconds):
    assert ago("en", seconds=seconds) == "just now"
    assert ago("ar", seconds=seconds) == "الآن"


def test_a_time_in_the_future_is_just_now_too():
    """A clock slightly ahead on another server must not say "-3 minutes"."""
    assert ago("en", seconds=-200) == "just now"


@pytest.mark.parametrize(
    "delta, english",
    [
        ({"minutes": 1}, "1 minute ago"),
        ({"minutes": 6, "seconds": 40}, "6 minutes ago"),
        ({"hours": 1, "minutes": 59}, "1 hour ago"),
        ({"hours": 23}, "23 hours ago"),
        ({"days": 2, "hours": 5}, "2 days ago"),
        ({"days": 45}, "1 month ago"),
        ({"days": 800}, "2 years ago"),
    ],
)
def test_the_largest_whole_unit_is_said(delta, english):
    assert ago("en", **delta) == english


@pytest.mark.parametrize(
    "minutes, arabic",
    [
        (1, "منذ دقيقة واحدة"),
        (2, "منذ دقيقتين"),
        (6, "منذ ٦ دقائق"),
        (10, "منذ ١٠ دقائق"),
        (11, "منذ ١١ دقيقة"),
        (59, "منذ ٥٩ دقيقة"),
    ],
)
def test_arabic_uses_its_plural_forms_and_arabic_indic_digits(minutes, arabic):
    assert ago("ar", minutes=minutes) == arabic


@pytest.mark.parametrize(
    "delta, arabic",
    [
        ({"hours": 2}, "منذ ساعتين"),
        ({"hours": 3}, "منذ ٣ ساعات"),
        ({"days": 1}, "منذ يوم واحد"),
        ({"days": 12}, "منذ ١٢ يومًا"),
        ({"days": 400}, "منذ سنة واحدة"),
    ],
)
def test_every_unit_has_its_arabic_forms(delta, arabic):
    assert ago("ar", **delta) == arabic


def test_a_reader_who_prefers_western_digits_gets_them_everywhere():
    assert ago("ar", digits="western", minutes=6) == "منذ 6 دقائق"


def test_a_duration_is_the_same_words_without_ago():
    with translation.override("ar"):
        assert duration(NOW - timedelta(days=2), now=NOW) == "يومين"
        assert duration(NOW - timedelta(seconds=5), now=NOW) == "أقل من دقيقة"
