"""Filtering the articles: by language, edition, category, author, office,
tag and dates in either calendar; every refusal names its parameter."""

import datetime
from urllib.parse import quote

import pytest

from articles.models import Article
from site_settings.models import HijriMonthAdjustment
from tests.api.client import get, problem, refused_parameter, titles
from tests.factories import make_article, make_author, make_category, make_office

pytestmark = pytest.mark.django_db

MAKKAH = datetime.timezone(datetime.timedelta(hours=3))


def at(*moment):
    """A time in Makkah (the site's zone)."""
    return datetime.datetime(*moment, tzinfo=MAKKAH)


def listed(client, query):
    return titles(get(client, f"/api/v1/articles?{query}"))


# Language and edition --------------------------------------------------------------


@pytest.fixture
def two_languages():
    make_article(title="بيان", language="ar")
    make_article(title="Statement", language="en")


def test_language_keeps_the_articles_written_in_it(client, two_languages):
    assert listed(client, "language=ar") == ["بيان"]
    assert listed(client, "language=en") == ["Statement"]


def test_edition_lists_what_that_edition_of_the_site_lists(client, two_languages):
    assert listed(client, "edition=ar") == ["بيان"]


def test_one_edition_for_both_languages_lists_every_article(
    client, two_languages, one_edition
):
    assert sorted(listed(client, "edition=en")) == ["Statement", "بيان"]
    assert listed(client, "language=en") == ["Statement"]


# Category, author, office, tag ----------------------------------------------------


@pytest.fixture
def tree():
    """statements > regional > north, and press (a sibling)."""
    root = make_category(slug="statements")
    regional = make_category(slug="regional", parent=root)
    north = make_category(slug="north", parent=regional)
    press = make_category(slug="press")
    make_article(title="Root", category=root)
    make_article(title="Regional", category=regional)
    make_article(title="North", category=north)
    make_article(title="Press", category=press)
    return {"root": root, "regional": regional, "north": north}


def test_category_by_path_includes_its_sub_categories(client, tree):
    assert sorted(listed(client, "category=statements")) == [
        "North",
        "Regional",
        "Root",
    ]
    assert sorted(listed(client, "category=statements/regional")) == [
        "North",
        "Regional",
    ]


def test_category_by_id_includes_its_sub_categories(client, tree):
    assert sorted(listed(client, f"category={tree['regional'].pk}")) == [
        "North",
        "Regional",
    ]


def test_a_category_named_by_a_number_is_found_by_its_path(client):
    category = make_category(slug="2024")
    make_article(title="Of the year", category=category)

    assert listed(client, "category=2024") == ["Of the year"]


def test_a_hidden_category_is_not_found(client, tree):
    hidden = make_category(slug="secret", is_published=False)
    make_article(category=hidden)

    assert refused_parameter(client, "/api/v1/articles?category=secret", 404) == (
        "category"
    )
    url = f"/api/v1/articles?category={hidden.pk}"
    assert refused_parameter(client, url, 404) == "category"


def test_author_office_and_tag_narrow_the_list(client):
    office = make_office(slug="north-office")
    author = make_author(slug="omar", office=office)
    tagged = make_article(title="Tagged", authors=[author])
    tagged.tags.add("Water")
    make_article(title="Same author", authors=[author])
    make_article(title="Other")

    assert sorted(listed(client, "author=omar")) == ["Same author", "Tagged"]
    assert sorted(listed(client, "office=north-office")) == ["Same author", "Tagged"]
    assert listed(client, "tag=water") == ["Tagged"]
    assert listed(client, "tag=water&author=omar&office=north-office") == ["Tagged"]


def test_an_author_with_several_articles_lists_each_once(client):
    first, second = make_author(slug="sami"), make_author()
    make_article(title="Both", authors=[first, second])

    data = get(client, "/api/v1/articles?author=sami")

    assert (titles(data), data["count"]) == (["Both"], 1)


def test_arabic_slugs_are_accepted(client):
    author = make_author(slug="سامي-حداد")
    make_article(title="بيان", authors=[author])

    assert listed(client, f"author={quote('سامي-حداد')}") == ["بيان"]


def test_a_tag_only_drafts_carry_is_not_found(client):
    draft = make_article(status=Article.Status.DRAFT)
    draft.tags.add("Unannounced")

    assert refused_parameter(client, "/api/v1/articles?tag=unannounced", 404) == "tag"


@pytest.mark.parametrize(
    "query", ["category=nowhere", "author=nobody", "office=nowhere", "tag=nothing"]
)
def test_unknown_names_are_not_found_and_named(client, query):
    make_article()
    parameter = query.split("=")[0]

    refusal = problem(get(client, f"/api/v1/articles?{query}", 404))

    assert refusal["loc"] == ["query", parameter]
    assert refusal["type"] == "not_found"


# Dates in both calendars -------------------------------------------------------------


@pytest.fixture
def around_december():
    """Articles either side of the local days around 1 and 3 December 2023
    (3 December 2023 is 19 Jumada al-awwal 1445)."""
    make_article(title="30 Nov late", published_at=at(2023, 11, 30, 23, 30))
    make_article(title="1 Dec early", published_at=at(2023, 12, 1, 0, 30))
    make_article(title="2 Dec late", published_at=at(2023, 12, 2, 23, 30))
    make_article(title="3 Dec early", published_at=at(2023, 12, 3, 0, 30))


def test_since_and_until_take_whole_local_days(client, around_december):
    assert listed(client, "since=2023-12-01&until=2023-12-02") == [
        "2 Dec late",
        "1 Dec early",
    ]
    assert listed(client, "until=2023-11-30") == ["30 Nov late"]
    assert listed(client, "since=2023-12-03") == ["3 Dec early"]


def test_since_and_until_read_a_hijri_year_as_a_hijri_date(client, around_december):
    # 17 Jumada al-awwal 1445 is 1 December 2023; the 18th is the 2nd.
    assert listed(client, "since=1445-05-17&until=1445-05-18") == listed(
        client, "since=2023-12-01&until=2023-12-02"
    )


def test_arabic_indic_digits_are_read_as_numbers(client, around_december):
    assert listed(client, f"since={quote('١٤٤٥-٠٥-١٩')}") == ["3 Dec early"]


def test_month_lists_a_gregorian_month(client, around_december):
    assert listed(client, "month=2023-11") == ["30 Nov late"]
    assert len(listed(client, "month=2023-12")) == 3


def test_hijri_month_lists_a_hijri_month(client):
    # Jumada al-awwal 1445: 15 November to 13 December 2023.
    make_article(title="Before", published_at=at(2023, 11, 14, 23, 0))
    make_article(title="First day", published_at=at(2023, 11, 15, 1, 0))
    make_article(title="Last day", published_at=at(2023, 12, 13, 23, 0))
    make_article(title="After", published_at=at(2023, 12, 14, 1, 0))

    assert listed(client, "hijri_month=1445-05") == ["Last day", "First day"]


def test_hijri_month_follows_moon_sighting_adjustments(client):
    make_article(title="14 December", published_at=at(2023, 12, 14, 12, 0))
    # Jumada al-thani starts a day later: 14 December ends Jumada al-awwal.
    HijriMonthAdjustment.objects.create(hijri_year=1445, hijri_month=6, days=1)

    assert listed(client, "hijri_month=1445-05") == ["14 December"]
    assert listed(client, "hijri_month=1445-06") == []


def test_filters_combine(client, tree):
    Article.objects.filter(title="North").update(published_at=at(2023, 12, 3, 12, 0))
    Article.objects.filter(title="Regional").update(language="ar")

    assert listed(client, "category=statements&hijri_month=1445-05&language=en") == [
        "North"
    ]


# Refusals -----------------------------------------------------------------------

BAD_VALUES = [
    ("language=fr", "language"),
    ("edition=english", "edition"),
    ("category=a%20b", "category"),
    ("category=../etc", "category"),
    ("category=statements/", "category"),
    ("author=%3Cscript%3E", "author"),
    ("office=a/b", "office"),
    ("tag=" + "x" * 300, "tag"),
    ("since=2023-02-30", "since"),
    ("since=2023-13-01", "since"),
    ("since=01-12-2023", "since"),
    ("since=2023-12-1", "since"),
    ("since=1800-01-01", "since"),
    ("since=1445-05-30", "since"),  # Jumada al-awwal 1445 has 29 days
    ("until=9999-01-01", "until"),
    ("until=tomorrow", "until"),
    ("month=2023-13", "month"),
    ("month=2023-00", "month"),
    ("month=2023-1", "month"),
    ("month=1800-01", "month"),
    ("hijri_month=1445-13", "hijri_month"),
    ("hijri_month=1445-00", "hijri_month"),
    ("hijri_month=9999-01", "hijri_month"),
    ("hijri_month=1445", "hijri_month"),
]


@pytest.mark.parametrize("query, parameter", BAD_VALUES)
def test_a_value_that_cannot_be_right_is_refused_naming_it(client, query, parameter):
    assert refused_parameter(client, f"/api/v1/articles?{query}", 422) == parameter


def test_the_refusal_says_why(client):
    refusal = problem(get(client, "/api/v1/articles?hijri_month=1445-13", 422))

    assert refusal["loc"] == ["query", "hijri_month"]
    assert "1…12" in refusal["msg"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("since=2023-12-05&until=2023-12-01", "until"),
        ("month=2023-12&hijri_month=1445-07", "hijri_month"),
        ("until=2023-12-01&month=2024-01", "month"),
    ],
)
def test_dates_that_leave_no_day_are_refused_naming_one(client, query, parameter):
    refusal = problem(get(client, f"/api/v1/articles?{query}", 400))

    assert refusal["loc"] == ["query", parameter]


def test_a_period_of_one_day_is_not_a_contradiction(client, around_december):
    assert listed(client, "since=2023-12-03&until=2023-12-03") == ["3 Dec early"]


def test_unknown_parameters_are_ignored(client):
    make_article(title="Listed")

    assert listed(client, "colour=blue&sort=title") == ["Listed"]
