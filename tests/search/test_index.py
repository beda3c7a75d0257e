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
from search.index import document_parts, fallback_text, index_articles, tsvector_text
from search.models import SearchDocument
from tests.factories import make_article
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


def test_an_article_is_indexed_as_its_stems_and_words_as_written_in_place():
    """Each word's stems, and the word itself as written (for phrases), at
    its place; places run on from part to part, one apart."""
    parts = document_parts("والأسرة تعلن", "Statements!", "<p>The <b>harb</b>our</p>")

    assert tsvector_text(parts) == (
        "'اسرة':1A '=والاسره':1A 'تعلن':2A '=تعلن':2A 'statement':4B "
        "'=statements':4B 'harbour':7C '=harbour':7C"
    )
    assert fallback_text(parts) == (
        " =تعلن:A =والاسره:A اسرة:A تعلن:A =statements:B statement:B "
        "=harbour:C harbour:C |A والاسره تعلن |B statements |C the harbour |"
    )


def test_a_saved_article_gets_its_document():
    article = make_article(title="Harbour")

    assert SearchDocument.objects.filter(article=article).exists()


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
    article = make_article(title="Harbour")
    Article.objects.filter(pk=article.pk).update(title="Lighthouse")  # no signal
    assert found("lighthouse") == []

    rebuild()

    assert found("lighthouse") == ["Lighthouse"]
    assert found("harbour") == []


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


def test_the_vectors_have_gin_indexes_on_postgresql_only():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, SearchDocument._meta.db_table
        )
    gin = {tuple(c["columns"]) for c in constraints.values() if c.get("type") == "gin"}

    if connection.vendor == "postgresql":
        assert gin == {("vector_ar",), ("vector_en",)}
    else:
        assert gin == set()


def test_an_article_is_indexed_in_its_own_edition_only():
    arabic = make_article(title="Harbour", language="ar")
    english = make_article(title="Harbour", language="en")

    documents = SearchDocument.objects.in_bulk([arabic.pk, english.pk])
    assert documents[arabic.pk].vector_ar and documents[arabic.pk].vector_en is None
    assert documents[english.pk].vector_en and documents[english.pk].vector_ar is None

    arabic.language = "en"
    arabic.save()

    document = SearchDocument.objects.get(pk=arabic.pk)
    assert document.vector_en and document.vector_ar is None
    assert found("harbour", language="ar") == []
