"""The review's queue on the editors' dashboard: how many drafts wait for
review and for how long, in the desk's language and digits, linking to the
list of them; read from the drafts' index in the query that counts drafts."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from dashboard import panels
from tests.articles.desk import log_in, make_author_user, make_editor
from tests.articles.test_query_plans import plans
from tests.factories import bulk_articles, make_article, make_author, make_category
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
HOUR = datetime.timedelta(hours=1)


def waiting(since, **fields):
    """A draft marked ready for review ``since`` ago."""
    return make_article(
        status=Article.Status.DRAFT,
        review_requested_at=timezone.now() - since,
        **fields,
    )


def publishing_panel(client, user, language="en"):
    log_in(client, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    root = parse(client.get(INDEX))
    return next(
        section
        for section in find_by_class(root, "section", "desk-panel")
        if section.get("aria-labelledby") == "desk-editors"
    )


def figures(section):
    return {
        text(item.find("dt")): item.find("dd")
        for item in section.iter("div")
        if item.find("dt") is not None
    }


def test_editors_see_how_many_wait_and_the_longest_wait(client):
    waiting(50 * HOUR, title="Harbour statement")
    waiting(HOUR)
    make_article(status=Article.Status.DRAFT)  # being written
    make_article(
        status=Article.Status.DRAFT,
        sent_back_at=timezone.now(),
        sent_back_note="Shorter.",
    )

    shown = figures(publishing_panel(client, make_editor()))

    assert text(shown["Waiting for review"]) == "2"
    assert text(shown["Longest wait for review"]) == "2 days"
    assert text(shown["Drafts waiting"]) == "4"


def test_the_count_links_to_the_list_of_those_waiting(client):
    waiting(HOUR, title="Harbour statement")
    make_article(status=Article.Status.DRAFT, title="Still being written")
    link = figures(publishing_panel(client, make_editor()))["Waiting for review"]
    url = link.find("a").get("href")

    listed = parse(client.get(url))

    assert url == reverse("admin:articles_article_changelist") + "?state=in_review"
    table = next(t for t in listed.iter("table") if t.get("id") == "result_list")
    titles = [
        text(cell) for cell in table.iter("th") if "field-title" in cell.get("class")
    ]
    assert titles == ["Harbour statement"]


def test_the_queue_in_arabic_digits_and_words(client):
    waiting(50 * HOUR)
    waiting(HOUR)

    shown = figures(publishing_panel(client, make_editor(), language="ar"))

    # Drafts, waiting for review, the longest wait ("two days").
    assert [text(dd) for dd in shown.values()] == ["٢", "٢", "يومين"]


def test_an_empty_queue_says_so(client):
    shown = figures(publishing_panel(client, make_editor()))

    assert text(shown["Waiting for review"]) == "0"
    assert text(shown["Longest wait for review"]) == "—"


def test_a_request_shows_at_once_and_publishing_takes_it_off(client):
    editor = make_editor()
    author = make_author_user()
    draft = make_article(authors=[author.author], status=Article.Status.DRAFT)
    assert text(figures(publishing_panel(client, editor))["Waiting for review"]) == "0"

    services.article_review_step(article=draft, step="request", user=author)
    assert text(figures(publishing_panel(client, editor))["Waiting for review"]) == "1"

    services.article_publish(article=draft, user=editor)
    assert text(figures(publishing_panel(client, editor))["Waiting for review"]) == "0"


def test_authors_do_not_see_the_editors_queue(client):
    waiting(HOUR)
    log_in(client, make_author_user())

    page = client.get(INDEX).content.decode()

    assert "Waiting for review" not in page


def front_page_queries(client, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(40) as queries:
        assert client.get(INDEX).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_queue_adds_no_query_however_many_wait(
    client, admin_user, django_assert_max_num_queries
):
    """The drafts' count gives the queue's figures in the same query."""
    log_in(client, admin_user)
    none_waiting = front_page_queries(client, django_assert_max_num_queries)
    for hours in range(1, 31):
        waiting(hours * HOUR)
        make_article(status=Article.Status.DRAFT)

    many = front_page_queries(client, django_assert_max_num_queries)

    assert len(many) == len(none_waiting)
    oldest = 'MIN("articles_article"."review_requested_at")'
    reading_the_queue = [sql for sql in many if oldest in sql]
    assert len(reading_the_queue) == 1
    assert 'COUNT("articles_article"."id") AS "drafts"' in reading_the_queue[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's plans")
def test_drafts_and_the_queue_are_counted_from_the_drafts_index_alone():
    """The archive's published rows are never read: one small index of the
    drafts holds what is counted."""
    bulk_articles(20, categories=[make_category()], authors=[make_author()])
    waiting(HOUR)

    (plan,) = plans(panels.drafts_and_review)

    assert "COVERING INDEX article_review_idx" in plan, plan
    figures = panels.drafts_and_review()
    assert (figures["drafts"], figures["in_review"]) == (1, 1)
