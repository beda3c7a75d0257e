"""The editors' article list at scale: a fixed number of queries, however many
articles; cached totals; a date drill-down that lists only dates with articles."""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, ArticleAuthor
from tests.articles.desk import admin_url, log_in, make_author_user, make_editor
from tests.factories import make_article, make_author, make_category
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)

# The list reads the session, the user and their permissions (two), the
# filters' categories, offices and authors, the total, the page and its bylines
# (two), the date drill-down (two), the sidebar's site-settings check, and the
# site texts, menu and month table, when the schedule next changes the content;
# the admin view runs in a savepoint (two).
LIST_QUERIES = 20


def add_articles(
    count, *, category, author, start=None, step=datetime.timedelta(hours=7)
):
    """``count`` published articles in bulk, one every ``step`` back from ``start``."""
    start = start or timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Generated statement {n}",
            slug=f"generated-{n}",
            language="ar" if n % 2 else "en",
            status=Article.Status.PUBLISHED,
            published_at=start - step * i,
            category=category,
            office=author.office,
            body="<p>Invented.</p>",
        )
        for i, n in enumerate(next(_serial) for _ in range(count))
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=author) for article in articles
    )
    return articles


def list_queries(client, url, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(LIST_QUERIES) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "small_query, large_query",
    [
        ("", ""),
        ("", "?p=10"),  # the last of ten pages of 100
        ("?state=published", "?state=published"),
        ("?language__exact=ar&o=2", "?language__exact=ar&o=2"),
    ],
)
def test_the_list_runs_the_same_queries_for_1_and_1000_articles(
    client, small_query, large_query, django_assert_max_num_queries
):
    category, author = make_category(), make_author()
    add_articles(1, category=category, author=author)
    log_in(client, make_editor())
    changelist = admin_url("changelist")

    small = list_queries(
        client, changelist + small_query, django_assert_max_num_queries
    )
    add_articles(999, category=category, author=author)
    large = list_queries(
        client, changelist + large_query, django_assert_max_num_queries
    )

    assert large == small


def test_an_authors_own_drafts_list_runs_the_same_queries_for_1_and_1000_articles(
    client, django_assert_max_num_queries
):
    user = make_author_user()
    make_article(authors=[user.author], status=Article.Status.DRAFT)
    log_in(client, user)
    small = list_queries(client, admin_url("changelist"), django_assert_max_num_queries)
    add_articles(999, category=make_category(), author=make_author())

    large = list_queries(client, admin_url("changelist"), django_assert_max_num_queries)

    assert large == small


def test_the_list_does_not_count_the_whole_table_a_second_time(
    client, django_assert_max_num_queries
):
    """The filtered total only: "N results" without "(M total)"."""
    add_articles(3, category=make_category(), author=make_author())
    log_in(client, make_editor())

    with django_assert_max_num_queries(LIST_QUERIES) as queries:
        client.get(admin_url("changelist") + "?language__exact=ar")

    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1


def test_the_total_comes_from_the_cache_and_is_fresh_after_a_save(client):
    category, author = make_category(), make_author()
    add_articles(3, category=category, author=author)
    log_in(client, make_editor())
    assert "3 articles" in client.get(admin_url("changelist")).text

    # A bulk insert sends no signal (as an article simply coming due): the
    # total is the cached one; any save through the desk makes it fresh.
    add_articles(1, category=category, author=author)
    cached = client.get(admin_url("changelist")).text
    make_article(authors=[author])

    assert "3 articles" in cached
    assert "5 articles" in client.get(admin_url("changelist")).text


def test_an_author_and_an_editor_get_their_own_totals(client):
    user = make_author_user()
    make_article(authors=[user.author], status=Article.Status.DRAFT)
    add_articles(4, category=make_category(), author=make_author())
    log_in(client, make_editor())
    assert "5 articles" in client.get(admin_url("changelist")).text

    log_in(client, user)

    assert "1 article" in client.get(admin_url("changelist")).text


# The date drill-down ------------------------------------------------------------


def drill_down(response):
    """The date links above the list (``[]`` when there are none)."""
    nav = find_by_class(parse(response), "nav", "toplinks")
    return [text(a) for a in nav[0].iter("a")] if nav else []


def local(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def dated_archive():
    """Articles in 2019 and 2021 (none in 2020): March and May 2021, two days in May."""
    category, author = make_category(), make_author()
    for when in (
        local(2019, 6, 1),
        local(2021, 3, 9),
        local(2021, 5, 2),
        local(2021, 5, 30),
        # 23:30 in Makkah on 31 December is still 2021 there.
        local(2021, 12, 31, 23),
    ):
        add_articles(1, category=category, author=author, start=when)


def test_the_drill_down_lists_only_the_years_with_articles(client, dated_archive):
    log_in(client, make_editor())

    assert drill_down(client.get(admin_url("changelist"))) == ["2019", "2021"]


def test_the_drill_down_lists_the_months_of_a_year_with_articles(client, dated_archive):
    log_in(client, make_editor())

    response = client.get(admin_url("changelist") + "?published_at__year=2021")

    assert drill_down(response) == [
        "‹ All dates",
        "March 2021",
        "May 2021",
        "December 2021",
    ]


def test_the_drill_down_lists_the_days_of_a_month_with_articles(client, dated_archive):
    log_in(client, make_editor())

    response = client.get(
        admin_url("changelist") + "?published_at__year=2021&published_at__month=5"
    )

    assert drill_down(response) == ["‹ 2021", "May 2", "May 30"]


def test_the_drill_down_follows_the_filters(client, dated_archive):
    Article.objects.update(language="en")
    make_article(language="ar", published_at=local(2020, 1, 5))
    log_in(client, make_editor())

    response = client.get(admin_url("changelist") + "?language__exact=ar")

    assert drill_down(client.get(admin_url("changelist"))) == ["2019", "2020", "2021"]
    assert drill_down(response) == ["‹ 2020", "January 5"]  # the only one: its day


def messages_shown(response):
    return [text(li) for li in find_by_class(parse(response), "ul", "messagelist")]


@pytest.mark.parametrize(
    "typed",
    [
        "published_at__year=99999999999",
        "published_at__year=9999&published_at__month=12&published_at__day=31",
        "state=published&published_at__year=9999",
        "published_at__year=1",
        "published_at__year=0",
        "published_at__year=" + "9" * 5000,
        "published_at__year=2021&published_at__month=13",
        "published_at__year=2021&published_at__month=2&published_at__day=30",
        "published_at__year=abc",
        "published_at__year=",
        "published_at__month=5",
        "published_at__year=2021&published_at__day=5",
    ],
)
def test_a_hand_typed_date_filter_shows_the_list_with_a_message(
    client, dated_archive, typed
):
    make_article(status=Article.Status.DRAFT, published_at=local(2021, 3, 1))
    log_in(client, make_editor())

    response = client.get(admin_url("changelist") + "?" + typed)

    assert response.status_code == 200
    (message,) = messages_shown(response)
    assert message.startswith("The date filter was left out:")
    # Every date is listed, the other filters kept.
    assert drill_down(response) == ["2019", "2021"]
    listed = "5 articles" if "state=published" in typed else "6 articles"
    assert listed in response.text


def test_a_date_filter_beyond_the_supported_years_names_them(client, dated_archive):
    log_in(client, make_editor())

    response = client.get(admin_url("changelist") + "?published_at__year=9999")

    assert messages_shown(response) == [
        "The date filter was left out: Choose a date from 1900 to 2100 "
        "(Hijri years 1317 to 1524)."
    ]


def test_the_first_and_last_supported_days_can_be_chosen(client, dated_archive):
    log_in(client, make_editor())

    for typed in (
        "published_at__year=1900&published_at__month=1&published_at__day=1",
        "published_at__year=2100&published_at__month=12&published_at__day=31",
        "published_at__year=2100",
    ):
        response = client.get(admin_url("changelist") + "?" + typed)
        assert response.status_code == 200, typed
        assert messages_shown(response) == [], typed
        assert response.context["cl"].result_count == 0, typed
