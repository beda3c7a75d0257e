"""A title, category or name of one language drawn inside the other's
interface keeps its own direction: it is isolated (``<bdi>``, or an element
carrying ``dir``), on the readers' site and at the desk. The category trail
carries the interface's direction itself, so that its separators point the
way the interface reads (the browser test draws them)."""

import pytest
from django.urls import reverse

from comments.models import Status
from tests.articles.desk import admin_url, log_in, make_editor
from tests.comments.factories import make_comment, make_moderator
from tests.factories import make_article, make_category, make_office
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def parents(root):
    return {child: parent for parent in root.iter() for child in parent}


def own_text(element):
    """The text directly inside ``element``, not inside its children."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def isolated(root, words, within=None):
    """Whether every place ``words`` is written inside ``within`` (default:
    the whole page) stands in an isolate: a ``bdi``, or an element with
    ``dir``, inside ``within``. At least one place is found."""
    within = within if within is not None else root
    up = parents(root)
    holders = [
        element
        for element in within.iter()
        if isinstance(element.tag, str) and words in own_text(element)
    ]
    assert holders, f"{words!r} is not on the page"
    for node in holders:
        while node.tag != "bdi" and node.get("dir") is None:
            if node is within:
                return False
            node = up[node]
        if node is within:
            return False
    return True


@pytest.fixture
def arabic_statement(one_edition):
    parent = make_category(slug="statements", name_en="Statements", name_ar="بيانات")
    child = make_category(slug="north", parent=parent, name_en="", name_ar="الشمال")
    article = make_article(
        slug="ar-story", category=child, language="ar", title="بيان الشمال!"
    )
    article.tags.add("الإقليم الشمالي")
    return article


def trail(response):
    (nav,) = find_by_class(parse(response), "nav", "category-trail")
    return nav


def test_the_trail_of_an_arabic_statement_reads_as_the_english_interface(
    client, arabic_statement
):
    response = client.get("/en/article/ar-story/")

    nav = trail(response)
    assert (nav.get("lang"), nav.get("dir")) == ("en", "ltr")
    assert [text(item) for item in nav.iter("li")] == ["Statements", "الشمال"]
    assert all([child.tag for child in link] == ["bdi"] for link in nav.iter("a")), (
        "each name is isolated"
    )


def test_the_trail_of_a_category_named_in_english_reads_as_the_arabic_interface(
    client,
):
    parent = make_category(slug="news", name_en="News", name_ar="أخبار")
    child = make_category(slug="wells", parent=parent, name_en="Wells", name_ar="")

    response = client.get(f"/ar/category/{child.path}/")

    nav = trail(response)
    assert (nav.get("lang"), nav.get("dir")) == ("ar", "rtl")
    root = parse(response)
    assert isolated(root, "Wells", within=nav)
    assert isolated(root, "أخبار", within=nav)


def test_the_article_page_isolates_its_tags_and_its_card_the_category(
    client, arabic_statement
):
    root = parse(client.get("/en/article/ar-story/"))
    (tags,) = find_by_class(root, "nav", "article-tags")
    assert isolated(root, "الإقليم الشمالي", within=tags)

    root = parse(client.get("/en/"))
    (card,) = find_by_class(root, "article", "article-card")
    assert isolated(root, "الشمال", within=card)


def test_the_desk_list_isolates_an_arabic_title_and_its_category(
    client, arabic_statement
):
    log_in(client, make_editor())

    root = parse(client.get(admin_url("changelist")))

    (table,) = [t for t in root.iter("table") if t.get("id") == "result_list"]
    assert isolated(root, "بيان الشمال!", within=table)
    assert isolated(root, "الشمال", within=table)
    (title,) = [
        element
        for element in table.iter()
        if text(element) == "بيان الشمال!" and element.get("dir")
    ]
    assert (title.get("lang"), title.get("dir")) == ("ar", "rtl")


@pytest.mark.parametrize("page", ["change", "compare", "withdraw", "history"])
def test_the_desks_breadcrumbs_isolate_an_arabic_title(client, arabic_statement, page):
    log_in(client, make_editor())

    root = parse(client.get(admin_url(page, arabic_statement.pk)))

    (crumbs,) = find_by_class(root, "div", "breadcrumbs")
    assert isolated(root, "بيان الشمال!", within=crumbs)


def test_the_desks_change_form_heading_isolates_an_arabic_title(
    client, arabic_statement
):
    log_in(client, make_editor())

    root = parse(client.get(admin_url("change", arabic_statement.pk)))

    (content,) = [div for div in root.iter("div") if div.get("id") == "content"]
    assert isolated(root, "بيان الشمال!", within=content)


def test_the_dashboard_isolates_an_office_named_in_arabic_only(client):
    make_office(name_en="", name_ar="المكتب الإعلامي")
    log_in(client, make_editor())

    root = parse(client.get(reverse("admin:index")))

    (table,) = find_by_class(root, "table", "desk-references")
    assert isolated(root, "المكتب الإعلامي", within=table)


def test_the_moderation_queue_isolates_an_arabic_title(client, arabic_statement):
    make_comment(article=arabic_statement, status=Status.PENDING)
    log_in(client, make_moderator())

    root = parse(client.get("/en/comments/moderation/"))

    (queue,) = find_by_class(root, "ol", "queue-list")
    assert isolated(root, "بيان الشمال!", within=queue)


def test_the_comments_admin_isolates_an_arabic_title_and_comment(
    client, arabic_statement
):
    """Where the queue's links lead."""
    make_comment(article=arabic_statement, body="شكراً على البيان…")
    log_in(client, make_moderator())

    root = parse(client.get(reverse("admin:comments_comment_changelist")))

    (table,) = [t for t in root.iter("table") if t.get("id") == "result_list"]
    assert isolated(root, "بيان الشمال!", within=table)
    assert isolated(root, "شكراً على البيان…", within=table)
