"""Hijri dates typed as people write them: with the era (هـ, AH), in the
months' other spellings, day or month first. ``core.hijri`` reads them all,
for the desk and the search alike, and refuses the rest with a message."""

import datetime
import itertools

import pytest
from django.utils import translation

from core import hijri

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


# 3 Rajab 1448 is Saturday 12 December 2026 (Umm al-Qura).
RAJAB_3 = datetime.date(2026, 12, 12)


@pytest.mark.parametrize(
    "typed",
    [
        "٣ رجب ١٤٤٨هـ",
        "٣ رجب ١٤٤٨ هـ",
        "٣ رجب ١٤٤٨ ه",
        "٣ رجب ١٤٤٨ه",
        "٣ رجب ١٤٤٨ هـ.",
        "٣ رجب، ١٤٤٨هـ",
        "٣ من رجب ١٤٤٨ هجرية",
        "٣ رجب ١٤٤٨ للهجرة",
        "3 Rajab 1448 AH",
        "3 Rajab 1448 A.H.",
        "3 Rajab 1448 A. H.",
        "3 Rajab 1448AH",
        "3 Rajab 1448H",
        "3 Rajab AH 1448",
        "Rajab 3, 1448 AH",
        "Rajab 3 1448",
        "3rd Rajab 1448 AH",
        "3rd of Rajab, 1448",
        "1448/07/03 هـ",
        "١٤٤٨-٠٧-٠٣هـ",
        "03/07/1448 AH",
    ],
)
def test_a_hijri_date_with_its_era_is_read(typed):
    assert hijri.parse_hijri_date(typed) == RAJAB_3
    assert hijri.parse_day(typed) == RAJAB_3


@pytest.mark.parametrize(
    ("month", "spellings"),
    [
        (1, ["المحرم", "محرّم", "Muharram", "Moharram"]),
        (2, ["صفر", "Safar"]),
        (3, ["ربيع الأول", "ربيع الاول", "ربيع أول", "Rabi al-Awwal", "Rabi' I",
             "Rabi I", "Rabi ul-Awwal", "Rabiʿ al-Awwal", "Rabi-ul-Awwal"]),
        (4, ["ربيع الآخر", "ربيع الاخر", "ربيع الثاني", "ربيع ثاني", "Rabi al-Thani",
             "Rabi' al-Thani", "Rabi' II", "Rabi II", "Rabi al-Akhir",
             "Rabi-us-Sani", "Rabiul Akhir"]),
        (5, ["جمادى الأولى", "جمادي الاولى", "جمادى الأول", "Jumada al-Awwal",
             "Jumada al-Ula", "Jumada I", "Jumadi al-Awwal"]),
        (6, ["جمادى الآخرة", "جمادى الثانية", "جمادي الآخرة", "جمادى الأخرة",
             "جمادى الاخرة", "جمادي الثانيه", "جمادى الآخر", "Jumada al-Thani",
             "Jumada al-Akhirah", "Jumada II", "Jumada 2", "Jumadi al-Thani",
             "Jumada al-Thaniyah", "Jumada al-Ukhra"]),
        (7, ["رجب", "Rajab"]),
        (8, ["شعبان", "Shaban", "Sha'ban", "Shaʿbān", "Sha’ban"]),
        (9, ["رمضان", "شهر رمضان", "Ramadan", "Ramadhan", "Ramazan"]),
        (10, ["شوال", "Shawwal", "Shawal"]),
        (11, ["ذو القعدة", "ذي القعدة", "ذو القعده", "ذوالقعدة", "Dhu al-Qi'dah",
              "Dhu al-Qadah", "Dhul-Qa'dah", "Dhu'l-Qi'dah", "Zul Qaida"]),
        (12, ["ذو الحجة", "ذي الحجة", "ذو الحجه", "ذوالحجة", "Dhu al-Hijjah",
              "Dhul-Hijjah", "Dhu'l-Hijjah", "Dhul Hijja", "Zul Hijjah"]),
    ],
)  # fmt: skip
def test_every_spelling_of_a_month_is_read(month, spellings):
    first = hijri.to_gregorian(1448, month, 1)
    for name in spellings:
        assert hijri.month_number(name) == month, name
        assert hijri.parse_hijri_date(f"1 {name} 1448") == first, name
        assert hijri.parse_day(f"١ {name} ١٤٤٨هـ") == first, name


def test_no_spelling_stands_for_two_months():
    seen = {}
    for month, words in hijri.MONTH_SPELLINGS.items():
        for spelling in itertools.product(*words):
            key = hijri._month_key(" ".join(spelling))
            assert seen.setdefault(key, month) == month, spelling
    for language in ("en", "ar"):
        for month, name in enumerate(hijri.month_names(language), start=1):
            assert seen.get(hijri._month_key(name), month) == month, name


def test_the_sites_own_spelling_of_a_month_comes_first(monkeypatch):
    """Editors may spell a month their way (site settings): read as theirs."""
    names = list(hijri.conf.HIJRI_MONTHS["ar"])
    names[5] = "جمادى الأخيرة"
    monkeypatch.setitem(hijri._tables, "month_names", lambda language: names)

    assert hijri.parse_hijri_date("١ جمادى الأخيرة ١٤٤٨هـ") == hijri.to_gregorian(
        1448, 6, 1
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("3 Rajabb 1448 AH", "“Rajabb” is not a Hijri month name."),
        ("٣ رجبب ١٤٤٨هـ", "“رجبب” is not a Hijri month name."),
        ("3 Rabi 1448", "“Rabi” is not a Hijri month name."),
        ("٣ رجب", "is not a Hijri date"),
        ("1448 هـ", "is not a Hijri date"),
        ("هـ", "is not a Hijri date"),
        ("AH", "is not a Hijri date"),
        ("31 Rajab 1448 AH", "has 30 days"),
        ("3 Rajab 2026 AH", "Hijri years 1317 to 1524"),
    ],
)
def test_what_is_not_a_hijri_day_is_refused_with_a_message(typed, message):
    with pytest.raises(ValueError, match=message):
        hijri.parse_hijri_date(typed)


def test_a_day_marked_hijri_is_never_read_as_gregorian():
    """2023-12-01 is a Gregorian day; marked هـ, it is a Hijri year the site
    does not cover."""
    assert hijri.parse_day("2023-12-01") == datetime.date(2023, 12, 1)
    with pytest.raises(ValueError, match="Hijri years 1317 to 1524"):
        hijri.parse_day("2023-12-01 هـ")


# The examples the date fields show ---------------------------------------------


@pytest.mark.parametrize(
    ("language", "digits", "expected"),
    [
        ("en", None, ("2030-05-01", "1 Muharram 1452", "1452-01-01")),
        ("ar", None, ("٢٠٣٠-٠٥-٠١", "١ محرم ١٤٥٢", "١٤٥٢-٠١-٠١")),
        ("ar", "western", ("2030-05-01", "1 محرم 1452", "1452-01-01")),
    ],
)
def test_the_examples_are_this_month_in_the_readers_digits(language, digits, expected):
    day = datetime.date(2030, 5, 20)  # 18 Muharram 1452

    assert hijri.typing_examples(language, digits, day=day) == expected


@pytest.mark.parametrize("day", [datetime.date(2026, 12, 8), datetime.date(2031, 1, 1)])
def test_each_example_reads_back_as_the_first_day_of_its_month(day):
    gregorian, named, numeric = hijri.typing_examples("ar", day=day)
    first_hijri = hijri.hijri_month_range(*_year_month(day))[0]

    assert hijri.parse_day(gregorian) == day.replace(day=1)
    assert hijri.parse_day(named) == first_hijri
    assert hijri.parse_day(numeric) == first_hijri


def _year_month(day):
    found = hijri.to_hijri(day)
    return found.year, found.month
