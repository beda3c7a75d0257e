"""The dashboard on the admin's front page: who sees which panel, its figures
against known data (month boundaries in both calendars, day boundaries for
decisions), its charts, and a fixed number of queries."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import services
from articles.models import Article, ReferenceCounter
from comments.models import ModerationDecision, Status
from core import hijri
from tests.articles.desk import log_in, make_author_user, make_editor, make_staff
from tests.comments.factories import make_comment, make_moderator
from tests.factories import make_article, make_office
from tests.jobs import sample
from tests.jobs.running import run_jobs
from tests.markup import find_by_class, parse, parse_strict, text

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
SVG = "{http://www.w3.org/2000/svg}"  # html5lib names SVG elements so
HOUR = datetime.timedelta(hours=1)


def front_page(client, user, language="en"):
    log_in(client, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client.get(INDEX)


def panel_titles(response):
    return [
        text(section.find("h2"))
        for section in find_by_class(parse(response), "section", "desk-panel")
    ]


def chart_table(response, slug):
    """``{row label: [values]}`` from the table that comes with chart ``slug``."""
    root = parse(response)
    figure = next(f for f in root.iter("figure") if f.get("id") == f"chart-{slug}")
    body = figure.find(".//tbody")
    return {
        text(row.find("th")): [text(cell) for cell in row.iter("td")]
        for row in body.iter("tr")
    }


def figures(response, panel):
    """``{term: value}`` of a panel's figures."""
    root = parse(response)
    section = next(
        s
        for s in find_by_class(root, "section", "desk-panel")
        if s.get("aria-labelledby") == panel
    )
    return {
        text(item.find("dt")): text(item.find("dd"))
        for item in section.iter("div")
        if item.find("dt") is not None
    }


# Who sees what --------------------------------------------------------------------


def test_an_editor_sees_the_publishing_panel(client):
    response = front_page(client, make_editor())

    assert response.status_code == 200
    assert "Publishing" in panel_titles(response)
    # The list of apps is still there, below.
    assert find_by_class(parse(response), "div", "app-articles")


def test_a_moderator_sees_the_comments_panel_only(client):
    assert panel_titles(front_page(client, make_moderator())) == ["Comments"]


def test_an_author_sees_the_number_of_their_own_drafts(client):
    user = make_author_user()
    make_article(authors=[user.author], status=Article.Status.DRAFT)
    make_article(authors=[user.author], status=Article.Status.DRAFT)
    make_article(authors=[user.author])  # published
    make_article(status=Article.Status.DRAFT)  # someone else's

    response = front_page(client, user)

    assert panel_titles(response) == ["Your writing"]
    assert figures(response, "desk-author") == {"Your drafts": "2"}


def test_staff_without_a_role_get_the_plain_list_of_apps(client):
    response = front_page(client, make_staff())

    assert response.status_code == 200
    assert not find_by_class(parse(response), "div", "desk-dashboard")


def test_a_superuser_sees_every_panel(client, admin_user):
    assert panel_titles(front_page(client, admin_user)) == [
        "Publishing",
        "Subscribers",
        "Comments",
    ]


# Publishing figures -----------------------------------------------------------------


def published_at(moment, **fields):
    return make_article(published_at=moment, **fields)


def test_articles_are_counted_in_their_hijri_month_across_a_boundary(client):
    """A Hijri month starts at local midnight of its (adjusted) first day."""
    months = hijri.last_hijri_months(12)
    boundary = hijri.day_start(months[-2].first_day)
    published_at(boundary - 0.5 * HOUR)  # the last evening of the month before
    published_at(boundary + 0.5 * HOUR)
    published_at(boundary + 2 * HOUR)
    published_at(boundary + HOUR, status=Article.Status.DRAFT)  # not published
    expired = published_at(boundary + HOUR)
    Article.objects.filter(pk=expired.pk).update(unpublish_at=boundary + 2 * HOUR)

    table = chart_table(front_page(client, make_editor()), "hijri-months")

    assert table[months[-3].name("en")] == ["1"]
    assert table[months[-2].name("en")] == ["3"]  # taken down later: still counted
    assert len(table) == 12


def test_articles_are_counted_in_their_local_gregorian_month(client):
    """00:30 on the 1st in Makkah is still the previous day in UTC."""
    months = hijri.last_gregorian_months(12)
    boundary = hijri.day_start(months[-2].first_day)
    published_at(boundary - 0.5 * HOUR)
    published_at(boundary + 0.5 * HOUR)
    assert (boundary + 0.5 * HOUR).astimezone(datetime.UTC).day != 1

    table = chart_table(front_page(client, make_editor()), "gregorian-months")

    assert table[months[-3].name("en")] == ["1"]
    assert table[months[-2].name("en")] == ["1"]
    assert list(table)[-1] == months[-1].name("en")  # this month, last


def test_month_names_and_counts_are_arabic_in_arabic(client):
    months = hijri.last_hijri_months(12)
    for _ in range(12):
        published_at(hijri.day_start(months[-2].first_day) + HOUR)

    table = chart_table(front_page(client, make_editor(), "ar"), "hijri-months")

    name = hijri.localize_digits(months[-2].name("ar"), "ar")
    assert table[name] == ["١٢"]


def test_drafts_and_this_weeks_schedule(client):
    now = timezone.now()
    make_article(status=Article.Status.DRAFT)
    make_article(status=Article.Status.DRAFT)
    make_article(title="Due in three days", published_at=now + 72 * HOUR)
    make_article(title="Due in ten days", published_at=now + 240 * HOUR)

    response = front_page(client, make_editor())

    assert figures(response, "desk-editors")["Drafts waiting"] == "2"
    scheduled = find_by_class(parse(response), "ul", "desk-scheduled")[0]
    assert [text(a) for a in scheduled.iter("a")] == ["Due in three days"]
    assert scheduled.find(".//time") is not None  # with its dual date


def test_reference_numbers_issued_this_hijri_year_per_office(client):
    central, coastal, quiet = (
        make_office(name_en=name) for name in ("Central", "Coastal", "Quiet")
    )
    for office, count in ((central, 3), (coastal, 1)):
        for _ in range(count):
            article = make_article(office=office, status=Article.Status.DRAFT)
            services.article_publish(article=article)
    year = hijri.to_hijri(timezone.now()).year
    ReferenceCounter.objects.create(office=quiet, hijri_year=year - 1, last_number=9)

    root = parse(front_page(client, make_editor()))

    table = find_by_class(root, "table", "desk-references")[0]
    rows = {text(r.find("th")): text(r.find("td")) for r in table.find("tbody")}
    assert rows == {"Central": "3", "Coastal": "1", "Quiet": "0"}


# Moderation figures -----------------------------------------------------------------


def decided(status, moment, count=1):
    comment = make_comment(status=status)
    for _ in range(count):
        ModerationDecision.objects.create(
            comment=comment, status=status, decided_at=moment
        )


def test_the_queue_its_oldest_comment_and_open_reports(client):
    now = timezone.now()
    make_comment(status=Status.PENDING, created_at=now - 50 * HOUR)
    make_comment(status=Status.PENDING, created_at=now - HOUR)
    reported = make_comment()
    reported.reports.create(reporter="a")
    reported.reports.create(reporter="b", resolved=True)

    response = front_page(client, make_moderator())

    assert figures(response, "desk-moderators") == {
        "Comments waiting": "2",
        "Oldest waiting for": "2 days",
        "Reports open": "1",
    }


def test_decisions_are_counted_per_local_day_and_outcome(client):
    """A decision at 23:30 in Makkah belongs to that day, not the next."""
    today = hijri.today()
    yesterday = today - datetime.timedelta(days=1)
    midnight = hijri.day_start(today)
    decided(Status.APPROVED, midnight - 0.5 * HOUR, count=2)  # yesterday, late
    decided(Status.REJECTED, midnight - 0.5 * HOUR)
    decided(Status.SPAM, midnight + 0.1 * HOUR)
    decided(Status.PENDING, midnight + 0.1 * HOUR)  # back to the queue: not an outcome
    decided(Status.APPROVED, midnight - 31 * 24 * HOUR)  # before the 30 days

    table = chart_table(front_page(client, make_moderator()), "decisions")

    day = hijri.format_dual
    assert len(table) == 30
    assert table[day(yesterday, "en")] == ["2", "1", "0"]  # approved, rejected, spam
    assert table[day(today, "en")] == ["0", "0", "1"]
    assert sum(int(v) for values in table.values() for v in values) == 4


def test_a_month_without_decisions_says_so_instead_of_an_empty_chart(client):
    root = parse(front_page(client, make_moderator()))

    figure = next(f for f in root.iter("figure") if f.get("id") == "chart-decisions")
    assert figure.find(f".//{SVG}svg") is None
    assert "No decision in this period." in text(figure)


# Charts ---------------------------------------------------------------------------


def test_every_chart_is_an_image_with_a_title_a_description_and_a_table(
    client, admin_user
):
    decided(Status.APPROVED, timezone.now() - HOUR)
    make_article()

    root = parse(front_page(client, admin_user))

    charts = [f for f in root.iter("figure") if "desk-chart" in f.get("class", "")]
    assert [f.get("id") for f in charts] == [
        "chart-hijri-months",
        "chart-gregorian-months",
        "chart-hijri-unsubscribes",
        "chart-gregorian-unsubscribes",
        "chart-decisions",
    ]
    for figure in charts:
        svg = figure.find(f"{SVG}svg")
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert text(title) and text(desc)
        assert figure.find(".//table/caption") is not None


def bar_labels(response, slug):
    root = parse(response)
    figure = next(f for f in root.iter("figure") if f.get("id") == f"chart-{slug}")
    return [
        (float(label.get("x")), label.get("text-anchor"))
        for label in figure.iter(f"{SVG}text")
    ]


def test_charts_are_mirrored_right_to_left_in_arabic(client):
    make_article()
    editor = make_editor()

    english = bar_labels(front_page(client, editor), "hijri-months")
    arabic = bar_labels(front_page(client, editor, "ar"), "hijri-months")

    # Month names stand before the bars: on the left, ending at the bar…
    assert english[0] == (146.0, "end")
    # …and on the right, starting from it, in Arabic.
    assert arabic[0] == (414.0, "start")


def test_the_dashboard_is_valid_html(client, admin_user):
    decided(Status.SPAM, timezone.now() - HOUR)
    make_article()
    response = front_page(client, admin_user, "ar")

    html = response.content.decode()
    start = html.index('<div class="desk-dashboard">')
    end = html.index("</div>\n\n", html.index("chart-decisions"))
    fragment = html[start : end + len("</div>")]
    parse_strict(f"<!DOCTYPE html><html lang=ar><title>x</title>{fragment}</html>")


# Background work that failed ----------------------------------------------------


def failed_for_good(name="hostile <b>"):
    sample.give_up.enqueue(name)
    sample.fail_until.enqueue("away", 99)  # its first try fails; another comes
    run_jobs()


def test_an_editor_sees_the_jobs_that_failed_for_good(client):
    failed_for_good()
    response = front_page(client, make_editor())

    assert panel_titles(response)[0] == "Background work that failed"
    (section,) = [
        s
        for s in find_by_class(parse(response), "section", "desk-panel")
        if s.get("aria-labelledby") == "desk-failed"
    ]
    items = list(section.iter("li"))
    assert len(items) == 1  # the job still being tried is not a failure yet
    assert text(items[0].find("strong")) == "Give up"
    assert (
        text(items[0].find("code"))
        == "jobs.queue.GiveUp: hostile <b>: nothing another try could mend"
    )
    assert items[0].find("a") is None  # an editor may not open the queue's rows


def test_a_superuser_opens_a_failed_jobs_details(client, admin_user):
    failed_for_good()
    response = front_page(client, admin_user)
    link = next(a for a in parse(response).iter("a") if text(a) == "Details").get(
        "href"
    )
    details = client.get(link)
    assert details.status_code == 200
    assert "nothing another try could mend" in details.content.decode()


def test_moderators_and_quiet_queues_show_no_failures(client):
    failed_for_good()
    assert "Background work that failed" not in panel_titles(
        front_page(client, make_moderator())
    )
    client.logout()
    DBTaskResult.objects.all().delete()
    assert "Background work that failed" not in panel_titles(
        front_page(client, make_editor())
    )


def test_failures_are_valid_html_in_arabic(client, admin_user):
    failed_for_good()
    response = front_page(client, admin_user, "ar")
    html = response.content.decode()
    start = html.index('<section class="module desk-panel desk-failed"')
    end = html.index("</section>", start) + len("</section>")
    parse_strict(
        f"<!DOCTYPE html><html lang=ar><title>x</title>{html[start:end]}</html>"
    )


# Queries and cache ------------------------------------------------------------


def grow():
    now = timezone.now()
    office = make_office()
    for i in range(30):
        make_article(office=office, published_at=now - i * 50 * HOUR)
        make_article(status=Article.Status.DRAFT)
        make_article(published_at=now + (i + 1) * 5 * HOUR)
        make_comment(status=Status.PENDING)
        decided(Status.APPROVED, now - i * 20 * HOUR)
    for _ in range(3):
        services.article_publish(
            article=make_article(office=office, status=Article.Status.DRAFT)
        )


def front_page_queries(client, django_assert_max_num_queries):
    cache.clear()
    # Django keeps the content types in the process: cleared, so that the
    # count does not depend on the tests that ran before.
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries.captured_queries)


# Session, user, the sidebar's site-settings check (twice: the apps list and
# the nav), recent actions, the month table; five for the editors' figures
# (two month charts, drafts, schedule, references) and three for the
# moderators' (queue, reports, decisions); the site's texts and menu; when the
# schedule next changes the content; the background jobs that failed (not kept);
# the Telegram channels that fail and the webhook endpoints that were disabled
# (one query each, not kept); three for the subscribers' figures (per edition,
# the sections chosen, unsubscribes per day); the content type of the
# articles (Django's, then kept in the process).
DASHBOARD_QUERIES = 24


def test_the_dashboard_runs_the_same_queries_however_much_content(
    client, admin_user, django_assert_max_num_queries
):
    log_in(client, admin_user)
    small = front_page_queries(client, django_assert_max_num_queries)
    grow()

    large = front_page_queries(client, django_assert_max_num_queries)

    assert large == small


def test_the_figures_come_from_the_cache_until_the_content_changes(
    client, admin_user, django_assert_max_num_queries
):
    log_in(client, admin_user)
    cold = front_page_queries(client, django_assert_max_num_queries)
    with django_assert_max_num_queries(cold - 8):
        client.get(INDEX)

    make_article(status=Article.Status.DRAFT)  # a save makes the figures fresh

    response = client.get(INDEX)
    assert figures(response, "desk-editors")["Drafts waiting"] == "1"
