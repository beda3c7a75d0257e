"""Correcting and withdrawing a published statement (``articles.services``):
what readers, crawlers and programs then see, who may do it, and that no
later save or restore undoes a withdrawal."""

import json
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone, translation
from freezegun import freeze_time

from articles import services
from articles.models import Article, Correction
from articles.sitemaps import ArticleSitemap
from tests.articles.desk import (
    admin_url,
    form_data,
    log_in,
    make_author_user,
    make_editor,
    versions_of,
)
from tests.factories import make_article, make_office
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement():
    return make_article(
        title="Water supply statement",
        body="<p>The wells reopen on Monday.</p>",
        office=make_office(name_en="Water office"),
        status=Article.Status.DRAFT,
        # Before the clocks some tests freeze.
        published_at=datetime(2026, 3, 1, 6, tzinfo=UTC),
    )


def sitemap_of(article):
    """The sitemap page listing ``article``: pages go by ranges of ids, and
    PostgreSQL's ids go on from test to test."""
    return f"/sitemap-articles.xml?p={article.pk // ArticleSitemap.limit + 1}"


def published(article, editor):
    return services.article_publish(article=article, user=editor)


def json_ld(response):
    root = parse(response.content)
    for script in root.iter("script"):
        if script.get("type") == "application/ld+json":
            data = json.loads(script.text)
            if data.get("@type") == "NewsArticle":
                return data
    raise AssertionError("no NewsArticle on the page")


def test_a_correction_shows_above_the_text_in_order_with_its_dates(statement):
    editor = make_editor()
    published(statement, editor)
    with freeze_time("2026-03-10 06:00:00"):
        statement.body = "<p>The wells reopen on Tuesday.</p>"
        services.article_correct(
            article=statement, note="The day was Monday; it is Tuesday.", user=editor
        )
    with freeze_time("2026-03-11 06:00:00"):
        services.article_correct(
            article=statement, note="The wells' names were added.", user=editor
        )

    response = Client().get(statement.get_absolute_url())

    (box,) = find_by_class(parse(response.content), "aside", "corrections")
    items = [text(li) for li in box.iter("li")]
    assert len(items) == 2
    assert items[0].startswith("Corrected on Tuesday, ")
    assert "2026/03/10" in items[0] and "Ramadan 1447" in items[0]
    assert items[0].endswith("The day was Monday; it is Tuesday.")
    assert "The wells' names were added." in items[1]
    assert "reopen on Tuesday" in response.content.decode()
    data = json_ld(response)
    assert [c["text"] for c in data["correction"]] == [
        "The day was Monday; it is Tuesday.",
        "The wells' names were added.",
    ]
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["correction"][0]["datePublished"].startswith("2026-03-10T09:00:00")


def test_a_correction_is_in_the_history_with_the_editors_name(statement):
    editor = make_editor(username="hind")
    published(statement, editor)

    with translation.override("en"):  # the editor's language
        services.article_correct(article=statement, note="A date fixed.", user=editor)

    newest = versions_of(statement)[0].revision
    assert newest.user == editor
    assert newest.comment == "Corrected: A date fixed."
    assert Correction.objects.get().made_by == editor


def test_a_correction_refreshes_the_kept_page_at_once(statement, settings):
    settings.CMS_PAGE_CACHE_SECONDS = 300
    editor = make_editor()
    published(statement, editor)
    client = Client()
    client.get(statement.get_absolute_url())
    assert client.get(statement.get_absolute_url())["X-Cache"] == "hit"

    services.article_correct(article=statement, note="A date fixed.", user=editor)

    response = client.get(statement.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert "A date fixed." in response.content.decode()


@pytest.mark.parametrize("note", ["", "   "])
def test_a_correction_needs_a_note(statement, note):
    editor = make_editor()
    published(statement, editor)

    with pytest.raises(ValueError):
        services.article_correct(article=statement, note=note, user=editor)

    assert not Correction.objects.exists()


def test_only_editors_correct_or_withdraw(statement):
    published(statement, make_editor())
    author = make_author_user()

    with pytest.raises(PermissionDenied):
        services.article_correct(article=statement, note="Mine.", user=author)
    with pytest.raises(PermissionDenied):
        services.article_withdraw(article=statement, reason="Mine.", user=author)

    assert Article.objects.get(pk=statement.pk).status == Article.Status.PUBLISHED
    assert not Correction.objects.exists()


def test_a_draft_is_neither_corrected_nor_withdrawn(statement):
    editor = make_editor()
    with pytest.raises(services.NotPublished):
        services.article_correct(article=statement, note="Early.", user=editor)
    with pytest.raises(services.NotPublished):
        services.article_withdraw(article=statement, reason="Early.", user=editor)
    assert Article.objects.get(pk=statement.pk).status == Article.Status.DRAFT


def withdrawn(statement, editor, reason="Issued in error before the meeting."):
    published(statement, editor)
    return services.article_withdraw(article=statement, reason=reason, user=editor)


def test_a_withdrawn_statement_keeps_its_address_with_a_notice_and_410(statement):
    editor = make_editor()
    with freeze_time("2026-03-10 06:00:00"):
        withdrawn(statement, editor)

    response = Client().get(statement.get_absolute_url())

    assert response.status_code == 410
    assert response["X-Robots-Tag"] == "noindex"
    page = response.content.decode()
    (notice,) = find_by_class(parse(response.content), "div", "withdrawal")
    said = text(notice)
    assert said.startswith("Withdrawn on Tuesday, ")
    assert "2026/03/10" in said and "by Water office." in said
    assert "Issued in error before the meeting." in said
    assert "Water supply statement" in page
    assert "The wells reopen" not in page


def test_a_withdrawn_statement_leaves_every_list_feed_sitemap_and_search(
    statement, settings
):
    settings.CMS_PAGE_CACHE_SECONDS = 300
    editor = make_editor()
    published(statement, editor)
    client = Client()
    lists = [
        "/en/",
        statement.category.get_absolute_url(),
        "/en/feed/",
        sitemap_of(statement),
        "/en/search/?q=water",
        "/api/v1/articles",
    ]
    for url in lists:
        assert statement.slug in client.get(url).content.decode(), url

    services.article_withdraw(article=statement, reason="In error.", user=editor)

    for url in lists:
        assert statement.slug not in client.get(url).content.decode(), url


def test_the_api_answers_410_for_a_withdrawn_statement(statement):
    editor = make_editor()
    with freeze_time("2026-03-10 06:00:00"):
        withdrawn(statement, editor)

    response = Client().get(f"/api/v1/articles/{statement.pk}")

    assert response.status_code == 410
    data = response.json()
    assert data["withdrawn"] is True
    assert data["reason"] == "Issued in error before the meeting."
    assert data["withdrawn_at"].startswith("2026-03-10T09:00:00")
    assert data["office"]["name_en"] == "Water office"
    assert "body_html" not in data


def test_the_api_gives_a_published_statements_corrections(statement):
    editor = make_editor()
    published(statement, editor)
    services.article_correct(article=statement, note="A date fixed.", user=editor)

    data = Client().get(f"/api/v1/articles/{statement.pk}").json()

    assert data["withdrawn"] is False
    assert [c["note"] for c in data["corrections"]] == ["A date fixed."]


def test_a_withdrawal_is_in_the_history_and_no_later_save_undoes_it(statement):
    editor = make_editor(username="hind")
    with translation.override("en"):  # the editor's language
        withdrawn(statement, editor)
    assert versions_of(statement)[0].revision.comment.startswith("Withdrawn: ")
    assert versions_of(statement)[0].revision.user == editor

    again = Article.objects.get(pk=statement.pk)
    again.status = Article.Status.PUBLISHED
    again.title = "Retitled"
    services.article_save(article=again, user=editor)

    stored = Article.objects.get(pk=statement.pk)
    assert stored.status == Article.Status.WITHDRAWN
    assert stored.withdrawal_reason == "Issued in error before the meeting."
    assert stored.withdrawn_by == editor
    assert stored.title == "Retitled"


def test_no_restore_undoes_a_withdrawal(client, statement):
    editor = make_editor()
    published(statement, editor)
    before = versions_of(statement)[0]
    services.article_withdraw(article=statement, reason="In error.", user=editor)
    log_in(client, editor)
    url = admin_url("revision", statement.pk, before.pk)

    client.post(url, form_data(client.get(url)))

    stored = Article.objects.get(pk=statement.pk)
    assert stored.status == Article.Status.WITHDRAWN
    assert stored.withdrawn_at is not None
    assert Client().get(statement.get_absolute_url()).status_code == 410


def test_a_withdrawn_statement_is_in_its_own_state(statement):
    withdrawn(statement, make_editor())

    stored = Article.objects.get(pk=statement.pk)
    assert stored.state == Article.State.WITHDRAWN
    assert list(Article.objects.withdrawn()) == [stored]
    assert not Article.objects.published().exists()
    assert not Article.objects.drafts().exists()
    assert stored.withdrawn_at <= timezone.now()


def test_the_feeds_and_the_sitemap_show_a_correction_as_an_update(statement):
    editor = make_editor()
    with freeze_time("2026-03-02 06:00:00"):
        published(statement, editor)
    with freeze_time("2026-03-10 06:00:00"):
        services.article_correct(article=statement, note="A date fixed.", user=editor)

    atom = Client().get("/en/feed/atom/").content.decode()
    sitemap = Client().get(sitemap_of(statement)).content.decode()

    assert "<updated>2026-03-10T09:00:00+03:00</updated>" in atom
    assert "<lastmod>2026-03-10T09:00:00+03:00</lastmod>" in sitemap


def test_an_arabic_statement_says_so_in_arabic(statement):
    editor = make_editor()
    statement.language = "ar"
    statement.title = "بيان تجريبي عن المياه"
    statement.save()
    published(statement, editor)
    services.article_correct(article=statement, note="صُحّح التاريخ.", user=editor)
    page = Client().get(statement.get_absolute_url()).content.decode()
    assert "صُحِّح في" in page and "صُحّح التاريخ." in page

    services.article_withdraw(article=statement, reason="صدر خطأً.", user=editor)
    response = Client().get(statement.get_absolute_url())

    assert response.status_code == 410
    page = response.content.decode()
    assert "سحبه" in page and "صدر خطأً." in page and 'dir="rtl"' in page
