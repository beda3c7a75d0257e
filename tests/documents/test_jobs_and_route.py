"""The PDF follows the statement: made by a job on publication, made again
after a correction, replaced by the notice after a withdrawal, removed when
the statement is a draft again or deleted; served from storage through
``/<lang>/article/<slug>/pdf/``, never made in a reader's request."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from articles import services
from articles.models import Article
from documents import services as documents
from documents.models import ArticleDocument
from tests.documents.tools import stored_pdf, text_of
from tests.factories import make_article, make_office
from tests.jobs.running import run_jobs, worked

pytestmark = pytest.mark.django_db

FIRST = "The wells of the northern district reopen on Monday morning."


@pytest.fixture
def statement():
    return make_article(
        title="Water supply statement",
        body=f"<p>{FIRST}</p>",
        office=make_office(name_en="Water office"),
        status=Article.Status.DRAFT,
    )


def publish(article, **kwargs):
    with worked():
        services.article_publish(article=article, **kwargs)
    article.refresh_from_db()
    return article


def stored_files(article):
    folder = f"documents/{article.pk}"
    if not default_storage.exists(folder):
        return []
    return sorted(default_storage.listdir(folder)[1])


def test_a_draft_has_no_pdf_and_queues_nothing(statement):
    with TestCase.captureOnCommitCallbacks(execute=True):
        statement.title = "Still a draft"
        statement.save()
    assert not DBTaskResult.objects.exists()
    assert not ArticleDocument.objects.exists()
    assert stored_files(statement) == []


def test_publication_makes_the_pdf_under_a_name_of_its_version(statement, tmp_path):
    publish(statement)

    document = ArticleDocument.objects.get(article=statement)
    assert document.file.name == (
        f"documents/{statement.pk}/{statement.slug}-{document.version[:8]}.pdf"
    )
    assert stored_files(statement) == [document.file.name.rsplit("/", 1)[1]]
    text = text_of(stored_pdf(statement, tmp_path))
    assert "Water supply statement" in text
    assert FIRST in text


def test_a_run_with_nothing_changed_writes_nothing(statement):
    publish(statement)
    document = ArticleDocument.objects.get(article=statement)

    with worked():  # saved again as it was: the job runs, and finds it made
        services.article_save(article=statement)
    assert documents.make_document(statement.pk) == "unchanged"

    again = ArticleDocument.objects.get(article=statement)
    assert (again.file.name, again.version, again.made_at) == (
        document.file.name,
        document.version,
        document.made_at,
    )
    assert stored_files(statement) == [document.file.name.rsplit("/", 1)[1]]


def test_a_correction_makes_a_new_pdf_with_its_note_and_drops_the_old(
    statement, tmp_path
):
    publish(statement)
    before = ArticleDocument.objects.get(article=statement)

    statement.body = "<p>The wells of the northern district reopen on Tuesday.</p>"
    with worked():
        services.article_correct(article=statement, note="The day was wrong.")

    after = ArticleDocument.objects.get(article=statement)
    assert after.version != before.version
    assert stored_files(statement) == [after.file.name.rsplit("/", 1)[1]]
    text = text_of(stored_pdf(statement, tmp_path))
    assert "Corrected on" in text
    assert "The day was wrong." in text
    assert "reopen on Tuesday." in text
    assert FIRST not in text


def test_a_withdrawal_replaces_the_pdf_by_the_notice_without_the_text(
    statement, tmp_path
):
    publish(statement)
    before = ArticleDocument.objects.get(article=statement)

    with worked():
        services.article_withdraw(article=statement, reason="Issued in error.")

    after = ArticleDocument.objects.get(article=statement)
    assert after.file.name != before.file.name
    assert not default_storage.exists(before.file.name)
    text = text_of(stored_pdf(statement, tmp_path))
    assert "Water supply statement" in text
    assert "Withdrawn on" in text
    assert "by Water office." in text
    assert "Reason: Issued in error." in text
    assert FIRST not in text


def test_a_statement_set_back_to_draft_loses_its_pdf(statement):
    publish(statement)
    name = ArticleDocument.objects.get(article=statement).file.name

    statement.status = Article.Status.DRAFT
    with worked():
        services.article_save(article=statement)

    assert not ArticleDocument.objects.exists()
    assert not default_storage.exists(name)


def test_a_deleted_statement_takes_its_pdf_along(statement):
    publish(statement)
    name = ArticleDocument.objects.get(article=statement).file.name

    with worked():
        statement.delete()

    assert not ArticleDocument.objects.exists()
    assert not default_storage.exists(name)


def test_a_scheduled_statement_gets_its_pdf_at_its_time(statement):
    moment = timezone.now() + datetime.timedelta(minutes=10)
    publish(statement, when=moment)
    assert not ArticleDocument.objects.exists()

    with freeze_time(moment + datetime.timedelta(seconds=30)):
        run_jobs()
    assert ArticleDocument.objects.filter(article=statement).exists()


def test_the_address_sends_to_the_stored_file(client, statement):
    url = f"/en/article/{statement.slug}/pdf/"
    publish(statement)

    response = client.get(url)

    document = ArticleDocument.objects.get(article=statement)
    assert response.status_code == 302
    assert response["Location"] == document.file.url
    assert response["Location"].startswith("/media/documents/")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


def test_the_address_is_not_found_before_the_job_ran(client, statement):
    services.article_publish(article=statement)  # committed, not worked yet
    assert client.get(f"/en/article/{statement.slug}/pdf/").status_code == 404


def test_the_address_of_a_draft_or_of_another_edition_is_not_found(client, statement):
    assert client.get(f"/en/article/{statement.slug}/pdf/").status_code == 404
    publish(statement)
    assert client.get(f"/ar/article/{statement.slug}/pdf/").status_code == 404
    assert client.get("/en/article/no-such-statement/pdf/").status_code == 404


def test_a_withdrawn_statement_keeps_its_address(client, statement):
    publish(statement)
    with worked():
        services.article_withdraw(article=statement, reason="Issued in error.")

    response = client.get(f"/en/article/{statement.slug}/pdf/")
    assert response.status_code == 302
    assert response["Location"] == ArticleDocument.objects.get().file.url


def test_the_article_page_links_its_pdf(client, statement):
    publish(statement)

    page = client.get(statement.get_absolute_url()).content.decode()

    assert f'href="/en/article/{statement.slug}/pdf/"' in page
    assert "Download PDF" in page


def test_make_documents_queues_every_shown_statement(statement):
    """After deploying the feature: the statements published before it."""
    make_article(title="Published before the PDFs")
    make_article(title="A draft", status=Article.Status.DRAFT)
    out = io.StringIO()

    call_command("make_documents", stdout=out)

    assert "Statements whose PDF is queued: 1" in out.getvalue()
    run_jobs()
    (document,) = ArticleDocument.objects.all()
    assert document.article.title == "Published before the PDFs"
