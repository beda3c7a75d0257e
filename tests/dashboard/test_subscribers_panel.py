"""The editors' subscribers panel: counts per edition, the sections chosen,
unsubscribes per month in both calendars (across month boundaries), Arabic,
who sees it, and a fixed number of queries however many subscribers."""

import datetime
from itertools import count

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from core import hijri
from mailing.models import Subscriber
from tests.articles.desk import log_in, make_editor
from tests.comments.factories import make_moderator
from tests.dashboard.test_dashboard import (
    DASHBOARD_QUERIES,
    INDEX,
    chart_table,
    front_page,
    panel_titles,
)
from tests.factories import make_category
from tests.markup import find_by_class, parse, parse_strict, text

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
CONFIRMED = Subscriber.State.CONFIRMED
PENDING = Subscriber.State.PENDING
UNSUBSCRIBED = Subscriber.State.UNSUBSCRIBED
DAILY = Subscriber.Frequency.DAILY
_numbers = count(1)


def subscriber(language="en", state=CONFIRMED, sections=(), **fields):
    made = Subscriber.objects.create(
        email=f"reader{next(_numbers)}@example.org",
        language=language,
        state=state,
        **fields,
    )
    made.sections.set(sections)
    return made


def unsubscribed_at(moment):
    return subscriber(state=UNSUBSCRIBED, unsubscribed_at=moment)


def panel(response):
    (section,) = [
        s
        for s in find_by_class(parse(response), "section", "desk-panel")
        if s.get("aria-labelledby") == "desk-subscribers"
    ]
    return section


def rows(section, css_class):
    """``{row heading: [cells]}`` of the panel's table ``css_class``."""
    (table,) = find_by_class(section, "table", css_class)
    return {
        text(row.find("th")): [text(cell) for cell in row.iter("td")]
        for row in table.find("tbody").iter("tr")
    }


# Who sees it ----------------------------------------------------------------


def test_an_editor_sees_the_subscribers_panel_with_a_link_to_the_list(client):
    section = panel(front_page(client, make_editor()))

    assert text(section.find("h2")) == "Subscribers"
    links = [a.get("href") for a in section.iter("a")]
    assert reverse("admin:mailing_subscriber_changelist") in links


def test_a_moderator_does_not_see_it(client):
    subscriber()

    titles = panel_titles(front_page(client, make_moderator()))

    assert "Subscribers" not in titles


# Figures --------------------------------------------------------------------


def test_subscribers_are_counted_per_edition_state_and_frequency(client):
    subscriber("ar")
    subscriber("ar")
    subscriber("ar", frequency=DAILY)
    subscriber("ar", state=PENDING)
    subscriber("en", frequency=DAILY)
    subscriber("en", state=PENDING)
    subscriber("en", state=PENDING, frequency=DAILY)  # pending: gets nothing yet
    subscriber("en", state=UNSUBSCRIBED, unsubscribed_at=timezone.now())

    table = rows(panel(front_page(client, make_editor())), "desk-editions")

    # Confirmed, not confirmed yet, each statement at once, daily digest.
    assert table == {"Arabic": ["3", "1", "2", "1"], "English": ["1", "2", "0", "1"]}


def test_sections_are_ranked_by_confirmed_subscribers(client):
    health, water, roads = (
        make_category(name_en=name) for name in ("Health", "Water", "Roads")
    )
    subscriber(sections=[health, water])
    subscriber("ar", sections=[water])
    subscriber(sections=[water, roads])
    subscriber(state=PENDING, sections=[health, roads])  # not counted
    subscriber(state=PENDING, sections=[roads])
    subscriber()  # every section
    subscriber("ar")
    subscriber(state=PENDING)  # not confirmed: not counted
    make_category(name_en="Nobody's")

    section = panel(front_page(client, make_editor()))

    assert list(rows(section, "desk-sections").items()) == [
        ("Water", ["3"]),
        ("Health", ["1"]),
        ("Roads", ["1"]),
    ]
    (line,) = find_by_class(section, "strong", "desk-every-section")
    assert text(line) == "Every section: 2"


def test_only_the_ten_most_chosen_sections_are_listed(client):
    categories = [make_category() for _ in range(12)]
    for n, category in enumerate(categories):
        for _ in range(n + 1):
            subscriber(sections=[category])

    table = rows(panel(front_page(client, make_editor())), "desk-sections")

    assert list(table.values()) == [[str(n)] for n in range(12, 2, -1)]


def test_no_section_chosen_says_so(client):
    subscriber()

    section = panel(front_page(client, make_editor()))

    assert not find_by_class(section, "table", "desk-sections")
    assert "No confirmed subscriber chose a section." in text(section)


def test_unsubscribes_are_counted_in_their_hijri_month_across_a_boundary(client):
    """A Hijri month starts at local midnight of its (adjusted) first day."""
    months = hijri.last_hijri_months(12)
    boundary = hijri.day_start(months[-2].first_day)
    unsubscribed_at(boundary - 0.5 * HOUR)  # the last evening of the month before
    unsubscribed_at(boundary + 0.5 * HOUR)
    unsubscribed_at(boundary + 2 * HOUR)
    subscriber()  # still subscribed

    table = chart_table(front_page(client, make_editor()), "hijri-unsubscribes")

    assert len(table) == 12
    assert table[months[-3].name("en")] == ["1"]
    assert table[months[-2].name("en")] == ["2"]
    assert table[months[-1].name("en")] == ["0"]
    assert list(table)[-1] == months[-1].name("en")


def test_unsubscribes_are_counted_in_their_local_gregorian_month(client):
    """00:30 on the 1st in Makkah is still the previous day in UTC."""
    months = hijri.last_gregorian_months(12)
    boundary = hijri.day_start(months[-2].first_day)
    unsubscribed_at(boundary - 0.5 * HOUR)
    unsubscribed_at(boundary + 0.5 * HOUR)
    assert (boundary + 0.5 * HOUR).astimezone(datetime.UTC).day != 1
    unsubscribed_at(hijri.day_start(months[0].first_day) - HOUR)  # too long ago

    table = chart_table(front_page(client, make_editor()), "gregorian-unsubscribes")

    assert len(table) == 12
    assert table[months[-3].name("en")] == ["1"]
    assert table[months[-2].name("en")] == ["1"]
    assert sum(int(value) for (value,) in table.values()) == 2


# Arabic ---------------------------------------------------------------------


def test_the_panel_is_arabic_and_valid_html_in_arabic(client):
    health = make_category(name_en="Health", name_ar="الصحة")
    for _ in range(12):
        subscriber("ar", sections=[health])
    months = hijri.last_hijri_months(12)
    unsubscribed_at(hijri.day_start(months[-2].first_day) + HOUR)

    response = front_page(client, make_editor(), "ar")

    section = panel(response)
    assert rows(section, "desk-sections") == {"الصحة": ["١٢"]}
    assert rows(section, "desk-editions")["العربية"][0] == "١٢"
    table = chart_table(response, "hijri-unsubscribes")
    assert table[hijri.localize_digits(months[-2].name("ar"), "ar")] == ["١"]
    html = response.content.decode()
    start = html.index('<section class="module desk-panel" aria-labelledby="desk-sub')
    end = html.index("</section>", start) + len("</section>")
    parse_strict(
        f"<!DOCTYPE html><html lang=ar><title>x</title>{html[start:end]}</html>"
    )


# Queries --------------------------------------------------------------------


def dashboard_queries(client, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries.captured_queries)


def test_the_queries_do_not_grow_with_subscribers_sections_or_months(
    client, admin_user, django_assert_max_num_queries
):
    log_in(client, admin_user)
    subscriber()
    subscriber("ar", state=PENDING)
    small = dashboard_queries(client, django_assert_max_num_queries)

    sections = [make_category() for _ in range(10)]
    now = timezone.now()
    for n in range(48):
        made = subscriber(
            "ar" if n % 2 else "en",
            state=(CONFIRMED, PENDING, UNSUBSCRIBED)[n % 3],
            frequency=DAILY if n % 4 else Subscriber.Frequency.AT_ONCE,
            sections=sections[: n % 4],
        )
        if made.state == UNSUBSCRIBED:
            made.unsubscribed_at = now - n * 8 * 24 * HOUR
            made.save()
    large = dashboard_queries(client, django_assert_max_num_queries)

    assert large == small
