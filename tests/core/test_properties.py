"""Properties of the calendar (core.hijri), of text folding (core.text), of the
admin lists' date drill-down (desk.changelist), of tag names (articles.tags),
of the reader's digits preference (site_settings.views) and of commenters' names
(comments.moderation).

What the modules promise in their docstrings, checked over generated
inputs (hypothesis) and, where a plain loop is cheaper, over every day of the
Umm al-Qura table (1 Muharram 1343 = 1924-08-01 … 30 Dhu al-Hijjah 1500 =
2077-11-16) and of the supported range (1900–2100).
"""

import datetime
import string

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from articles import tags
from comments import moderation
from core import hijri, reader, text
from core.reader import DIGITS_CHOICES
from desk import changelist
from site_settings.models import HijriMonthAdjustment

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TABLE_FIRST_DAY = datetime.date(1924, 8, 1)  # 1 Muharram 1343
TABLE_LAST_DAY = datetime.date(2077, 11, 16)  # 30 Dhu al-Hijjah 1500
TABLE_MONTHS = [(year, month) for year in range(1343, 1501) for month in range(1, 13)]
SUPPORTED_FIRST_DAY = datetime.date(1900, 1, 1)
SUPPORTED_LAST_DAY = datetime.date(2100, 12, 31)

# Fast enough for the whole file to run in a few seconds; the database is not
# written (no .hypothesis folder in the work tree or in CI).
QUICK = settings(
    deadline=None,
    max_examples=60,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
THOROUGH = settings(QUICK, max_examples=300)


def days(first, last):
    """Every day from ``first`` to ``last``, both included."""
    day = first
    while day <= last:
        yield day
        day += DAY


def follows(previous, following, lengths=(29, 30)):
    """Whether Hijri ``following`` is the day after ``previous``: the next day of
    the month, or the 1st of the next month after a month of ``lengths`` days."""
    if (following.year, following.month) == (previous.year, previous.month):
        return following.day == previous.day + 1
    return (
        (following.year, following.month) == next_month(previous.year, previous.month)
        and following.day == 1
        and previous.day in lengths
    )


def as_tuple(date):
    return (date.year, date.month, date.day)


# The calendar --------------------------------------------------------------


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def walk_months(first, last, table):
    """Walk every day from ``first`` to ``last`` through ``to_hijri``: each is
    the day after the one before, in months of 29 or 30 days (or the table's
    own irregular length), made longer or shorter by the adjustments in
    ``table`` of the month and the next; each whole month's first and last day
    go back to their Gregorian day through ``to_gregorian``, which refuses
    the day after the last. Returns the months walked whole."""
    whole = []
    month_first = previous = None
    for day in days(first, last + DAY):
        current = hijri.to_hijri(day, table=table)
        if previous is not None:
            key = (previous.year, previous.month)
            shift = table.get(next_month(*key), 0) - table.get(key, 0)
            base = [IRREGULAR_MONTHS[key]] if key in IRREGULAR_MONTHS else [29, 30]
            allowed = [length + shift for length in base]
            assert follows(previous, current, allowed), (day, previous, current)
        if current.day == 1:
            if month_first is not None:  # the month before ended yesterday
                year, month, length = previous.year, previous.month, previous.day
                assert hijri.to_gregorian(year, month, 1) == month_first
                assert hijri.to_gregorian(year, month, length) == day - DAY
                with pytest.raises(ValueError):
                    hijri.to_gregorian(year, month, length + 1)
                whole.append((year, month))
            month_first = day
        previous = current
    return whole


# The published Umm al-Qura table has a few early months of 28 or 31 days;
# core.hijri reproduces the table as it is.
IRREGULAR_MONTHS = {
    (1343, 9): 28,
    (1345, 5): 31,
    (1345, 8): 28,
    (1348, 11): 31,
    (1348, 12): 28,
    (1349, 10): 28,
    (1349, 11): 31,
    (1364, 8): 28,
}


def test_every_day_converts_both_ways_over_the_supported_range():
    """Hijri → Gregorian → Hijri and back over the whole table and the tabular
    fallback on both sides of it (1900–2100): every Gregorian day gives the
    next Hijri day, in months of 29 or 30 days, across both edges of the table
    too; every month's first and last day go back to the same Gregorian days
    (a day in between is the first plus its number: ``to_gregorian`` counts
    on from the month's start)."""
    whole = walk_months(SUPPORTED_FIRST_DAY, SUPPORTED_LAST_DAY, table={})
    assert whole[whole.index(TABLE_MONTHS[0]) :][: len(TABLE_MONTHS)] == TABLE_MONTHS
    assert whole[0] == (1317, 9) and whole[-1] == (1524, 10)  # 1900 … 2100


@QUICK
@given(st.dates(TABLE_FIRST_DAY, TABLE_LAST_DAY))
def test_gregorian_to_hijri_and_back_is_the_identity(day):
    date = hijri.to_hijri(day)
    assert not date.tabular
    assert hijri.to_gregorian(date.year, date.month, date.day) == day


@QUICK
@given(st.sampled_from(TABLE_MONTHS), st.integers(1, 31))
def test_hijri_to_gregorian_and_back_is_the_identity(month, mday):
    first, following = hijri.hijri_month_range(*month)
    if mday > (following - first).days:
        with pytest.raises(ValueError):
            hijri.to_gregorian(*month, mday)
    else:
        assert hijri.to_hijri(hijri.to_gregorian(*month, mday)) == hijri.HijriDate(
            *month, mday
        )


@QUICK
@given(
    st.one_of(
        st.dates(SUPPORTED_FIRST_DAY, TABLE_FIRST_DAY - DAY),
        st.dates(TABLE_LAST_DAY + DAY, SUPPORTED_LAST_DAY),
    )
)
def test_the_tabular_fallback_says_it_is_tabular(day):
    date = hijri.to_hijri(day)
    assert date.tabular
    assert date.text("en").endswith("(tabular)")
    assert date.text("ar").endswith("(حسابي)")
    assert hijri.to_gregorian(date.year, date.month, date.day) == day


def test_the_table_begins_and_ends_where_its_docstring_says():
    assert hijri.to_hijri(TABLE_FIRST_DAY) == hijri.HijriDate(1343, 1, 1)
    assert hijri.to_hijri(TABLE_LAST_DAY) == hijri.HijriDate(1500, 12, 30)
    assert hijri.to_hijri(TABLE_FIRST_DAY - DAY).tabular
    assert hijri.to_hijri(TABLE_LAST_DAY + DAY).tabular


def set_adjustments(adjustments):
    """Replace the moon-sighting adjustments with ``{(year, month): days}``."""
    HijriMonthAdjustment.objects.all().delete()
    for (year, month), shift in adjustments.items():
        HijriMonthAdjustment.objects.create(
            hijri_year=year, hijri_month=month, days=shift
        )
    cache.clear()  # as after the admin saves them


@st.composite
def adjusted_windows(draw):
    """A run of consecutive table months, each shifted by -2…+2 days."""
    start = draw(st.integers(1, len(TABLE_MONTHS) - 8))
    count = draw(st.integers(1, 6))
    shifts = draw(st.lists(st.integers(-2, 2), min_size=count, max_size=count))
    return dict(zip(TABLE_MONTHS[start : start + count], shifts, strict=True))


@settings(QUICK, max_examples=30)
@given(adjusted_windows())
def test_adjusted_months_round_trip_in_both_directions(adjustments):
    """With adjustments, every day of the shifted months and their neighbours
    goes to Gregorian and back unchanged, in both directions, consecutive
    Gregorian days stay consecutive Hijri days, and a month's last day as the
    site writes it is read back by the desk."""
    set_adjustments(adjustments)
    months = sorted(adjustments)
    index = TABLE_MONTHS.index(months[0])
    span = TABLE_MONTHS[index - 1 : index + len(months) + 1]
    previous = None
    for year, month in span:
        first, following = hijri.hijri_month_range(year, month)
        length = (following - first).days
        assert 25 <= length <= 34, (year, month)
        for mday in range(1, length + 1):
            gregorian = hijri.to_gregorian(year, month, mday)
            assert gregorian == first + (mday - 1) * DAY
            current = hijri.to_hijri(gregorian)
            assert current == hijri.HijriDate(year, month, mday)
            if previous is not None:
                assert follows(previous, current, lengths=range(25, 35))
            previous = current
        with pytest.raises(ValueError):
            hijri.to_gregorian(year, month, length + 1)
        # The desk reads the adjusted month's last day as the site writes it.
        written = hijri.localize_digits(current.text("ar"), "ar")
        assert hijri.parse_hijri_date(written) == following - DAY


@QUICK
@given(
    st.sampled_from([(1342, 12), (1343, 1), (1343, 2), (1500, 12), (1501, 1)]),
    st.integers(-2, 2),
)
def test_a_date_is_tabular_iff_its_month_is_outside_the_table(month, shift):
    """Even when an adjustment at an edge of the table moves days between a
    table month and a tabular one."""
    set_adjustments({month: shift})
    first, following = hijri.hijri_month_range(*month)
    for day in days(first - 3 * DAY, following + 3 * DAY):
        date = hijri.to_hijri(day)
        outside = not (1343, 1) <= (date.year, date.month) <= (1500, 12)
        assert date.tabular == outside, (day, date)
        assert hijri.to_gregorian(date.year, date.month, date.day) == day


def test_every_month_of_the_table_shifted_still_converts_both_ways(monkeypatch):
    """Every month of the table adjusted at once (-2…+2 in turn, so that some
    months lose or gain up to four days): the whole table still converts both
    ways, day after day."""
    shifts = {key: (n * 3) % 5 - 2 for n, key in enumerate(TABLE_MONTHS)}
    set_adjustments(shifts)
    table = hijri.adjustments()
    assert table == shifts
    # Read from the cache once, not at every conversion: this checks the
    # arithmetic over 56 000 days, not the cache (tested in test_hijri.py).
    monkeypatch.setattr(hijri, "adjustments", lambda: table)
    whole = walk_months(TABLE_FIRST_DAY, TABLE_LAST_DAY, table)
    # 1 Muharram 1343 moves two days earlier, out of the walk.
    assert whole == TABLE_MONTHS[1:]


@THOROUGH
@given(st.dates(SUPPORTED_FIRST_DAY, SUPPORTED_LAST_DAY), st.sampled_from(["en", "ar"]))
def test_a_formatted_hijri_date_parses_back_to_its_day(day, language):
    """What the site writes (``19 Jumada al-awwal 1445``, ``١٩ جمادى الأولى
    ١٤٤٥``, ``(tabular)`` outside the table) is read back by the desk as the
    same day, in Western and Arabic-Indic digits."""
    written = hijri.to_hijri(day).text(language)
    assert hijri.parse_hijri_date(written) == day
    arabic_digits = hijri.localize_digits(written, "ar")
    assert hijri.parse_hijri_date(arabic_digits) == day
    assert hijri.parse_day(arabic_digits) == day


@QUICK
@given(st.dates(SUPPORTED_FIRST_DAY, SUPPORTED_LAST_DAY))
def test_numeric_hijri_dates_parse_back_to_their_day(day):
    """``1445-05-19`` and ``19/5/1445`` (and their Arabic-Indic twins)."""
    date = hijri.to_hijri(day)
    for typed in (
        f"{date.year}-{date.month:02d}-{date.day:02d}",
        f"{date.day}/{date.month}/{date.year}",
    ):
        assert hijri.parse_hijri_date(typed) == day
        assert hijri.parse_hijri_date(hijri.localize_digits(typed, "ar")) == day


# Text folding --------------------------------------------------------------

HARAKAT = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"]
LATIN_ACCENTS = [chr(c) for c in range(0x0300, 0x0370)]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2069"]
# Letters that show nothing (a blank name once passed as a name).
BLANK_LETTERS = ["\u3164", "\uffa0", "\u115f", "\u1160", "\u2800"]
DECORATIONS = [*HARAKAT, text.TATWEEL, *LATIN_ACCENTS, *INVISIBLE, *BLANK_LETTERS]
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئةىٱی"
WORD_LETTERS = ARABIC_LETTERS + string.ascii_letters + string.digits
# Spelling variants folding makes equal: (variant, plain).
VARIANTS = [
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ة", "ه"),
    ("ى", "ي"),
    ("ی", "ي"),
    ("ک", "ك"),
    ("ؤ", "و"),
    ("ئ", "ي"),
    *((chr(0x0660 + n), str(n)) for n in range(10)),
    *((chr(0x06F0 + n), str(n)) for n in range(10)),
    *((letter.upper(), letter) for letter in string.ascii_lowercase),
]

any_text = st.text(max_size=40)
words = st.text(alphabet=WORD_LETTERS, min_size=1, max_size=12)


@st.composite
def decorated(draw, plain):
    """``plain`` with diacritics, tatweel and invisible marks put between its
    letters (never before the first, where a mark has no letter to sit on)."""
    pieces = [plain[0]]
    for letter in plain[1:]:
        pieces.extend(draw(st.lists(st.sampled_from(DECORATIONS), max_size=2)))
        pieces.append(letter)
    pieces.extend(draw(st.lists(st.sampled_from(DECORATIONS), max_size=2)))
    return "".join(pieces)


@THOROUGH
@given(any_text)
def test_folding_is_idempotent(value):
    once = text.fold(value)
    assert text.fold(once) == once
    assert text.words(" ".join(text.words(value))) == text.words(value)


@THOROUGH
@given(words.flatmap(lambda plain: st.tuples(st.just(plain), decorated(plain))))
def test_folding_ignores_diacritics_tatweel_and_invisible_marks(pair):
    plain, written = pair
    assert text.fold(written) == text.fold(plain)


@THOROUGH
@given(st.text(alphabet=string.printable, max_size=40))
def test_folding_ignores_english_case(value):
    assert text.fold(value.upper()) == text.fold(value.lower()) == text.fold(value)


@QUICK
@given(st.integers(0, 10**12))
def test_arabic_indic_persian_and_western_digits_fold_alike(number):
    western = str(number)
    arabic = western.translate(hijri.ARABIC_INDIC)
    persian = western.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert text.fold(arabic) == text.fold(persian) == western
    assert text.words(f"سنة {arabic}") == text.words(f"سنة {western}")


@st.composite
def respellings(draw, plain):
    """``plain`` respelled: some letters swapped for a variant folding equates
    (or its plain form), some possibly for an unrelated letter, then decorated."""
    letters = []
    for letter in plain:
        choice = draw(st.integers(0, 9))
        same = [v for v, p in VARIANTS if p == letter] + [
            p for v, p in VARIANTS if v == letter
        ]
        if choice < 3 and same:
            letters.append(draw(st.sampled_from(same)))
        elif choice == 9:
            letters.append(draw(st.sampled_from(WORD_LETTERS)))
        else:
            letters.append(letter)
    return draw(decorated("".join(letters)))


@THOROUGH
@given(
    words.flatmap(lambda plain: st.tuples(st.just(plain), respellings(plain))),
    st.sampled_from(["", "Hello ", "بيان "]),
)
def test_the_blocklist_catches_a_spelling_iff_search_folding_equates_it(pair, before):
    """A blocked word is caught in any decorated or respelled form exactly when
    search (``search.terms``, ``core.text.words``) reads it as the same word."""
    blocked, written = pair
    assume(text.words(blocked) == [text.fold(blocked)])  # one word
    comment = f"{before}{written} شكرا"
    caught = moderation.blocked_term(comment, [blocked]) == blocked
    search_equates = text.fold(blocked) in text.words(comment)
    assert caught == search_equates
    if text.fold(written) == text.fold(blocked):
        assert caught


# A commenter's name ---------------------------------------------------------

LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]
OVERRIDES = ["\u202d", "\u202e"]


@THOROUGH
@given(st.lists(words, min_size=1, max_size=4).map(" ".join))
def test_a_name_of_words_may_sign_a_comment(name):
    assert moderation.name_problem(name) == ""


@THOROUGH
@given(
    words,
    st.sampled_from(LINE_BREAKS + OVERRIDES),
    words,
    st.sampled_from(["", "\u202c"]),
)
def test_a_name_broken_or_overridden_anywhere_is_refused(before, control, after, end):
    """Wherever the line break or the override is, and closed or not."""
    name = f"{before}{control}{after}{end}"
    assert moderation.name_problem(name) in ("bidi", "line-break")


@THOROUGH
@given(st.lists(st.sampled_from([*INVISIBLE, *BLANK_LETTERS, " "]), max_size=6))
def test_a_name_of_nothing_visible_is_refused(characters):
    assert moderation.name_problem("".join(characters)) != ""


# What an editor or a reader may type in a date field.
DATE_LIKE = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A[0-9٠-٩]{1,8}[-/ ][0-9٠-٩]{1,8}[-/ ][0-9٠-٩]{1,8}\Z"),
    st.builds(
        "{} {} {}".format,
        st.integers(-5, 10**7),
        st.sampled_from([*hijri.TABULAR_MARK.values(), "Ramadan", "رمضان", "x", ""]),
        st.integers(-5, 10**7),
    ),
)


@THOROUGH
@given(DATE_LIKE)
def test_any_typed_date_is_a_supported_day_or_a_clear_error(typed):
    """The desk's and the search form's date fields never fail otherwise than
    with a message (a ``ValueError``) for the reader."""
    first, last = hijri.supported_range()
    for parse in (hijri.parse_hijri_date, hijri.parse_day):
        try:
            day = parse(typed)
        except ValueError as error:
            assert str(error)
        else:
            assert first <= day <= last, (typed, day)


DRILL_DOWN_PART = st.one_of(
    st.none(),
    st.integers(0, 40).map(str),
    st.integers(1890, 2110).map(str),
    st.integers(-5, 10**12).map(str),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩x-. ", max_size=8),
)


@THOROUGH
@given(DRILL_DOWN_PART, DRILL_DOWN_PART, DRILL_DOWN_PART)
def test_any_typed_date_filter_is_a_supported_period_or_a_clear_error(year, month, day):
    """The admin lists' date drill-down never fails otherwise than with a
    message, and never reaches a day the site does not support."""
    first, last = hijri.supported_range()
    try:
        chosen = changelist.read_drill_down(year, month, day)
    except ValueError as error:
        assert str(error)
    else:
        y, m, d = chosen
        assert first <= datetime.date(y, m or 1, d or 1) <= last, chosen
        assert m is None or 1 <= m <= 12, chosen
        assert d is None or (m is not None and d >= 1), chosen


# Tag names ------------------------------------------------------------------


@THOROUGH
@given(
    st.one_of(
        st.text(max_size=120),
        st.text(alphabet="?#!؟،-_ \u064e\ufdfa", max_size=120),
        st.builds(
            "".join, st.lists(st.sampled_from(["x", "ب", "\ufdfa"]), max_size=110)
        ),
    )
)
def test_a_tag_name_the_rule_accepts_fits_the_tag_and_has_an_address(name):
    """What ``articles.tags`` accepts is stored on PostgreSQL (both columns
    fit) and gets a tag page (a slug that is not empty); what it refuses, it
    refuses with a message."""
    try:
        tags.check_tag_name(name)
    except ValidationError as error:
        assert error.messages
    else:
        slug = Tag().slugify(name)
        assert 0 < len(name) <= Tag._meta.get_field("name").max_length
        assert 0 < len(slug) <= Tag._meta.get_field("slug").max_length


# The digits preference --------------------------------------------------------


@QUICK
@given(
    st.one_of(st.none(), st.text(max_size=20)), st.sampled_from(sorted(DIGITS_CHOICES))
)
def test_a_page_shows_the_digits_its_cache_key_names(cookie, default):
    """Whatever the digits cookie holds, the digits shown follow the part of the
    page's key in the shared cache: a page kept for one reader is right for
    every reader with that key."""
    request = RequestFactory().get("/ar/")
    if cookie is not None:
        request.COOKIES[reader.DIGITS_COOKIE] = cookie
    with override_settings(CMS_ARABIC_DIGITS=default):
        shown = hijri.use_arabic_digits("ar", reader.digits_preference(request))
        keyed = hijri.use_arabic_digits("ar", reader.digits_variant(request) or None)
    assert shown == keyed


# The Arabic light stemmer ----------------------------------------------------

arabic_words = st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=10)


def stems_of(word):
    return text.arabic_stems(text.fold(word, stemming=True))


@THOROUGH
@given(arabic_words)
def test_no_stem_is_shorter_than_two_letters(word):
    folded = text.fold(word, stemming=True)
    assert all(len(stem) >= min(2, len(folded)) for stem in stems_of(word))


@THOROUGH
@given(arabic_words)
def test_a_word_and_the_word_with_the_article_find_each_other(word):
    """«أسرة» finds «الأسرة», and «والأسرة», whatever the word."""
    folded = text.fold(word, stemming=True)
    # Not a word that already starts with an article, or و before و.
    assume(len(folded) >= 2 and not folded.startswith((*text.ARABIC_ARTICLES, "وو")))
    assert stems_of(word) & stems_of("ال" + word)
    assert stems_of("ال" + word) == stems_of("وال" + word) == stems_of("بال" + word)
