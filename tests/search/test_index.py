"""The index follows the articles: saves, edits, deletions, bulk seeding, rebuilds."""

from io import StringIO

import pytest
import reversion
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article
from articles.services import article_save
from search.index import index_articles
from search.models import SearchDocument
from tests.factories import make_article
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


def test_a_saved_article_is_indexed_with_folded_plain_text():
    article = make_article(
        title="بيان أحمد", excerpt="Café", body="<p>One</p><p>Two &amp; three</p>"
    )

    document = SearchDocument.objects.get(article=article)
    assert (document.title, document.excerpt, document.body) == (
        "بيان احمد",
        "cafe",
        "one two three",
    )


def test_an_edited_title_is_found_by_its_new_words_only():
    article = make_article(title="Harbour notice")

    article.title = "Lighthouse notice"
    article_save(article=article)

    assert found("lighthouse") == ["Lighthouse notice"]
    assert found("harbour") == []


def test_a_deleted_article_leaves_the_index():
    article = make_article(title="Harbour notice")

    article.delete()

    assert found("harbour") == []
    assert not SearchDocument.objects.exists()


def test_a_restored_revision_is_indexed_again():
    article = make_article(title="Harbour notice")
    with reversion.create_revision():
        article.save()
    article.title = "Lighthouse notice"
    article.save()

    Version.objects.get_for_object(article).first().revision.revert()

    assert found("harbour") == ["Harbour notice"]
    assert found("lighthouse") == []


def test_index_articles_needs_the_same_queries_for_one_or_many_articles():
    articles = [make_article() for _ in range(12)]

    def queries(ids):
        with CaptureQueriesContext(connection) as captured:
            assert index_articles(ids) == len(ids)
        return len(captured)

    assert queries([articles[0].pk]) == queries([a.pk for a in articles])


def test_index_articles_skips_articles_that_do_not_exist():
    article = make_article(title="Harbour")

    assert index_articles([article.pk, 999_999]) == 1


def rebuild(*args):
    out = StringIO()
    call_command("rebuild_search_index", *args, stdout=out)
    return out.getvalue()


def test_rebuild_command_indexes_every_article_in_batches():
    for n in range(5):
        make_article(title=f"Harbour {n}")
    SearchDocument.objects.all().delete()
    assert found("harbour") == []

    output = rebuild("--batch-size", "2")

    assert len(found("harbour")) == 5
    assert SearchDocument.objects.count() == 5
    assert "Indexed 5 articles" in output


def test_rebuild_command_refreshes_stale_documents():
    make_article(title="Harbour")
    SearchDocument.objects.update(title="stale", excerpt="", body="", vector=None)

    rebuild()

    assert SearchDocument.objects.get().title == "harbour"
    assert found("harbour") == ["Harbour"]


def test_rebuild_command_refuses_a_batch_size_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        rebuild("--batch-size", "0")


def test_seed_demo_indexes_the_articles_it_bulk_inserts(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "an-invented-demo-password-42")
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--articles", "30", stdout=StringIO())

    generated = Article.objects.filter(slug__startswith="generated-")
    assert SearchDocument.objects.filter(article__in=generated).count() == 30
    assert SearchDocument.objects.count() == Article.objects.count()
    assert found("library", language="en")
