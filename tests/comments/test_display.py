"""What readers see: approved comments only, oldest first, never an email."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, Status
from tests.comments.factories import article_url, make_comment
from tests.factories import make_article
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def shown_comments(response):
    """``[(name, body text), …]`` of the comments on the page, in order."""
    root = parse(response)
    return [
        (
            text(find_by_class(item, "p", "comment-author")[0]),
            text(find_by_class(item, "div", "comment-body")[0]),
        )
        for item in find_by_class(root, "article", "comment")
    ]


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.SPAM])
def test_only_approved_comments_are_shown(status):
    article = make_article()
    make_comment(article=article, name="Shown", body="Approved words.")
    make_comment(article=article, name="Hidden", body="Other words.", status=status)
    response = Client().get(article_url(article))
    assert shown_comments(response) == [("Shown", "Approved words.")]
    assert "Other words." not in response.text


def test_comments_are_shown_oldest_first_with_a_dual_date():
    article = make_article()
    now = timezone.now()
    make_comment(article=article, name="Second", created_at=now - timedelta(hours=1))
    make_comment(article=article, name="First", created_at=now - timedelta(hours=2))
    response = Client().get(article_url(article))
    assert [name for name, _body in shown_comments(response)] == ["First", "Second"]
    root = parse(response)
    first = find_by_class(root, "article", "comment")[0]
    time = next(first.iter("time"))
    assert time.get("datetime")
    assert " | " in text(time)  # Hijri | Gregorian


def test_the_heading_counts_the_approved_comments():
    article = make_article()
    for _ in range(3):
        make_comment(article=article)
    make_comment(article=article, status=Status.PENDING)
    response = Client().get(article_url(article))
    assert text(parse(response).find(".//h2[@id='comments-heading']")) == "3 comments"


def test_the_arabic_page_counts_in_arabic_digits():
    article = make_article(language="ar")
    for _ in range(3):
        make_comment(article=article)
    response = Client().get(article_url(article, "ar"))
    assert "٣" in text(parse(response).find(".//h2[@id='comments-heading']"))


def test_line_breaks_are_kept_and_links_shown_as_text():
    article = make_article()
    make_comment(article=article, body="First line\nSecond line https://example.org")
    response = Client().get(article_url(article))
    body = find_by_class(parse(response), "div", "comment-body")[0]
    assert [el.tag for el in body.iter()].count("br") == 1
    assert not any(el.tag == "a" for el in body.iter())
    assert "https://example.org" in text(body)


def test_the_website_link_carries_nofollow_ugc():
    article = make_article()
    make_comment(article=article, name="Karim", website="https://karim.example")
    root = parse(Client().get(article_url(article)))
    link = find_by_class(root, "p", "comment-author")[0].find("a")
    assert link.get("href") == "https://karim.example"
    assert {"nofollow", "ugc"} <= set(link.get("rel").split())


def test_text_that_looks_like_markup_is_escaped():
    article = make_article()
    make_comment(article=article, body="Stored <script>alert(1)</script> text")
    response = Client().get(article_url(article))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_replies_are_shown_under_their_comment_one_level_deep():
    article = make_article()
    top = make_comment(article=article, name="Top")
    make_comment(article=article, name="Other")
    make_comment(article=article, name="Reply", parent=top)
    make_comment(article=article, name="Held reply", parent=top, status=Status.PENDING)
    root = parse(Client().get(article_url(article)))
    replies = find_by_class(root, "ol", "comment-replies")
    assert len(replies) == 1
    assert [text(p) for p in find_by_class(replies[0], "p", "comment-author")] == [
        "Reply"
    ]
    top_level = root.find(".//ol[@class='comment-list']")
    names = [
        text(find_by_class(li, "p", "comment-author")[0])
        for li in top_level.findall("li")
    ]
    assert names == ["Top", "Other"]


def test_a_reply_whose_parent_is_no_longer_shown_stands_on_its_own():
    article = make_article()
    top = make_comment(article=article, name="Top", status=Status.REJECTED)
    make_comment(article=article, name="Reply", parent=top)
    assert [n for n, _ in shown_comments(Client().get(article_url(article)))] == [
        "Reply"
    ]


def test_the_email_is_never_rendered():
    article = make_article()
    make_comment(article=article, email="private.reader@example.org")
    make_comment(
        article=article, email="private.replier@example.org", status=Status.PENDING
    )
    for language in ("en", "ar"):
        page = Client().get(article_url(article, language)).text
        assert "private.reader" not in page
        assert "private.replier" not in page
    home = Client().get("/en/").text
    assert "private.reader" not in home


def test_the_public_queryset_never_loads_the_email():
    make_comment(email="private.reader@example.org")
    comment = Comment.objects.public().for_display().get()
    assert "email" in comment.get_deferred_fields()
    assert "ip_address" in comment.get_deferred_fields()


def test_the_page_has_a_report_button_per_comment_as_a_post_form():
    article = make_article()
    comment = make_comment(article=article)
    root = parse(Client().get(article_url(article)))
    form = find_by_class(root, "form", "comment-report")[0]
    assert form.get("method") == "post"
    assert form.get("action") == f"/en/comments/{comment.pk}/report/"
    assert form.find("button") is not None


def test_the_approved_count_shows_on_article_cards():
    article = make_article()
    make_comment(article=article)
    make_comment(article=article)
    make_comment(article=article, status=Status.PENDING)
    root = parse(Client().get("/en/"))
    links = find_by_class(root, "a", "article-card-comments")
    assert [text(link) for link in links] == ["2 comments"]
    assert links[0].get("href") == f"{article_url(article)}#comments"


def page_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_cards_cost_no_query_per_article():
    """The counts of a whole list come in one query, however many articles."""
    client = Client()
    articles = [make_article() for _ in range(2)]
    make_comment(article=articles[0])
    few = page_queries(client, "/en/")
    for _ in range(8):
        make_comment(article=make_article())
    assert page_queries(client, "/en/") == few


def test_an_article_with_500_comments_costs_the_same_queries_as_with_one(
    django_assert_max_num_queries,
):
    client = Client()
    article = make_article()
    make_comment(article=article)
    url = article_url(article)
    with_one = page_queries(client, url)
    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            name=f"Reader {i}",
            email=f"reader{i}@example.org",
            body=f"Remark {i}\nwith a second line.",
            status=Status.APPROVED,
            created_at=now - timedelta(minutes=i),
        )
        for i in range(499)
    )
    cache.clear()
    with django_assert_max_num_queries(with_one):
        response = client.get(url)
    assert len(shown_comments(response)) == 500


def test_visible_comments_are_approved_ones_on_articles_readers_can_see():
    """``Comment.objects.visible()`` adds the article's visibility to ``public()``."""
    shown = make_comment(status=Comment.Status.APPROVED)
    held = make_comment(status=Comment.Status.PENDING, article=shown.article)
    on_draft = make_comment(status=Comment.Status.APPROVED)
    Article.objects.filter(pk=on_draft.article_id).update(status="draft")

    assert list(Comment.objects.visible()) == [shown]
    assert held in Comment.objects.in_moderation()
