"""Narrowing a search: edition, category (with sub-categories), author, dates."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from core import hijri
from core.hijri import parse_day
from search.forms import SearchForm
from tests.factories import make_article, make_author, make_category
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


def at(day, hour=12):
    """A publication time on ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_edition_filter_finds_one_language_or_both():
    make_article(title="Harbour news", language="en")
    make_article(title="Harbour أخبار", language="ar")

    assert found("harbour", language="en") == ["Harbour news"]
    assert found("harbour", language="ar") == ["Harbour أخبار"]
    assert set(found("harbour")) == {"Harbour news", "Harbour أخبار"}


def test_edition_filter_is_not_applied_when_editions_are_not_separate(settings):
    settings.CMS_SEPARATE_EDITIONS = False
    make_article(title="Harbour news", language="en")
    make_article(title="Harbour أخبار", language="ar")

    assert len(found("harbour", language="ar")) == 2
    assert "edition" not in SearchForm({"q": "harbour"}).fields


def test_category_filter_includes_sub_categories_only_of_that_category():
    news = make_category(slug="news")
    north = make_category(slug="north", parent=news)
    deep = make_category(slug="deep", parent=north)
    other = make_category(slug="news-archive")  # a sibling whose path starts alike
    for category in (news, north, deep, other):
        make_article(title=f"Harbour {category.slug}", category=category)

    assert set(found("harbour", category=news)) == {
        "Harbour news",
        "Harbour north",
        "Harbour deep",
    }
    assert set(found("harbour", category=north)) == {"Harbour north", "Harbour deep"}


def test_author_filter_finds_the_authors_articles_among_co_written_ones():
    omar, layla = make_author(), make_author()
    make_article(title="Harbour by Omar", authors=[omar])
    make_article(title="Harbour by both", authors=[layla, omar])
    make_article(title="Harbour by Layla", authors=[layla])

    assert set(found("harbour", author=omar)) == {"Harbour by Omar", "Harbour by both"}


def test_date_range_includes_both_end_days_in_the_site_time_zone():
    for day in (1, 2, 3, 4):
        make_article(
            title=f"Harbour {day}", published_at=at(datetime.date(2023, 12, day))
        )
    # Just after midnight in Makkah is still the previous day in UTC.
    make_article(title="Harbour early", published_at=at(datetime.date(2023, 12, 4), 0))

    assert set(
        found(
            "harbour",
            date_from=datetime.date(2023, 12, 2),
            date_to=datetime.date(2023, 12, 3),
        )
    ) == {"Harbour 2", "Harbour 3"}
    assert set(found("harbour", date_from=datetime.date(2023, 12, 4))) == {
        "Harbour 4",
        "Harbour early",
    }


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2023-12-01", datetime.date(2023, 12, 1)),
        ("01/12/2023", datetime.date(2023, 12, 1)),
        ("٢٠٢٣-١٢-٠١", datetime.date(2023, 12, 1)),
        ("1 Ramadan 1445", datetime.date(2024, 3, 11)),
        ("1445-09-01", datetime.date(2024, 3, 11)),
        ("١ رمضان ١٤٤٥", datetime.date(2024, 3, 11)),
        ("19 Jumada al-awwal 1445", datetime.date(2023, 12, 3)),
    ],
)
def test_a_day_may_be_typed_in_either_calendar(typed, day):
    assert parse_day(typed) == day


@pytest.mark.parametrize(
    "typed",
    ["hello", "2023-02-30", "2023-13-01", "1 Blah 1445", "31 Ramadan 1445",
     "1 Ramadan 99999", "1-1-9999999", "1445"],
)  # fmt: skip
def test_a_day_that_is_not_a_date_is_refused_with_a_message(typed):
    form = SearchForm({"q": "harbour", "date_from": typed})

    assert not form.is_valid()
    assert form.errors["date_from"][0]


@pytest.mark.parametrize("typed", ["1/1/3000", "3000-01-01", "1700-06-01"])
def test_a_gregorian_day_outside_the_supported_years_is_refused_naming_them(typed):
    form = SearchForm({"q": "harbour", "date_from": typed})

    assert not form.is_valid()
    assert "from 1900 to 2100" in form.errors["date_from"][0]


def test_hijri_date_range_filters_by_the_gregorian_days_it_names():
    start = hijri.to_gregorian(1445, 9, 1)
    make_article(title="Harbour before", published_at=at(start - timedelta(days=1)))
    make_article(title="Harbour first", published_at=at(start))
    make_article(title="Harbour last", published_at=at(start + timedelta(days=29)))
    make_article(title="Harbour after", published_at=at(start + timedelta(days=30)))

    form = SearchForm(
        {"q": "harbour", "date_from": "1 Ramadan 1445", "date_to": "1445-09-30"}
    )

    assert form.is_valid(), form.errors
    assert set(found("harbour", **vars(form.filters()))) == {
        "Harbour first",
        "Harbour last",
    }


def test_an_end_date_before_the_start_date_is_refused():
    form = SearchForm(
        {"q": "harbour", "date_from": "2023-12-02", "date_to": "1 Ramadan 1440"}
    )

    assert not form.is_valid()
    assert "before the start date" in form.errors["date_to"][0]


def test_extreme_dates_exclude_nothing():
    make_article(title="Harbour")

    assert found(
        "harbour",
        date_from=datetime.date(1, 1, 1),
        date_to=datetime.date(9999, 12, 31),
    ) == ["Harbour"]


def test_edition_defaults_to_the_interface_language():
    with translation.override("ar"):
        form = SearchForm({"q": "harbour"})
        assert form.is_valid()
        assert form.filters().language == "ar"
    both = SearchForm({"q": "harbour", "edition": "both"})
    assert both.is_valid()
    assert both.filters().language is None


def test_unknown_category_or_author_is_a_form_error():
    form = SearchForm({"q": "harbour", "category": "99999", "author": "abc"})

    assert not form.is_valid()
    assert set(form.errors) == {"category", "author"}


def test_category_choices_are_in_tree_order_and_indented():
    news = make_category(name_en="News", position=1)
    make_category(name_en="North", parent=news)
    make_category(name_en="Analysis", position=0)

    labels = [label for _, label in SearchForm().fields["category"].choices]

    assert labels == ["All categories", "Analysis", "News", "— North"]


@pytest.mark.parametrize(
    "typed", ["2023-12-03", "1445-05-20", "1899-12-31", "1300-01-01", "2023-02-30"]
)
def test_the_search_and_the_api_read_a_typed_day_alike(typed):
    """One reading of a day in either calendar (``hijri.parse_day``)."""
    from api.filters import parse_day as api_day

    form = SearchForm({"q": "word", "date_from": typed})
    try:
        expected = api_day(typed)
    except ValueError as error:
        assert not form.is_valid()
        assert form.errors["date_from"] == [str(error)]
    else:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["date_from"] == expected
