"""Each public or withdrawn statement's PDF, made by a job after each change.

A change to an article (saved, published, corrected, withdrawn, its byline)
queues ``make_document_job`` once committed, and again at its scheduled
publication and unpublication. The job makes the PDF of what the statement
shows now (a withdrawn one: the notice, without its text) and stores it under
a name that changes with its version, then deletes the previous file; the same
version is not made again. A statement no longer shown (a draft again, taken
down by its schedule) loses its PDF; a deleted one too (a cascade).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from documents import rendering
from documents.models import ArticleDocument
from jobs import queue

# The longest part of a file name taken from the slug (an Arabic slug is two
# bytes a letter; a file system allows 255 bytes a name).
SLUG_CHARACTERS = 60


def article_changed(article):
    """Queue the PDF of ``article`` once the change is committed, and again
    at its scheduled publication and unpublication. A draft without a PDF
    has nothing to make or remove."""
    if (
        article.status == Article.Status.DRAFT
        and not ArticleDocument.objects.filter(article_id=article.pk).exists()
    ):
        return
    queue.enqueue_on_commit_and_at(
        make_document_job,
        article.pk,
        moments=(article.published_at, article.unpublish_at),
    )


def byline_changed(article_id):
    """Queue the PDF of article ``article_id`` again: its signature changed."""
    article = (
        Article.objects.filter(pk=article_id)
        .only("status", "published_at", "unpublish_at")
        .first()
    )
    if article is not None:
        article_changed(article)


@queue.job(label=_("Make the PDF of a statement"))
def make_document_job(article_id):
    """The job: ``make_document``."""
    return make_document(article_id)


def make_document(article_id):
    """Make, keep or remove the PDF of article ``article_id`` as it stands
    now; returns what it did: ``made``, ``unchanged``, ``removed`` or
    ``none``."""
    article = Article.objects.for_listing().filter(pk=article_id).first()
    shown = article is not None and (
        article.status == Article.Status.WITHDRAWN or article.is_published
    )
    with transaction.atomic():
        document = (
            ArticleDocument.objects.select_for_update()
            .filter(article_id=article_id)
            .first()
        )
        if not shown:
            if document is None:
                return "none"
            document.delete()  # and its file, once committed
            return "removed"
        source = rendering.source_of(article)
        version = rendering.version_of(source)
        if (
            document is not None
            and document.version == version
            and default_storage.exists(document.file.name)
        ):
            return "unchanged"
        name = default_storage.save(
            file_name(article, version), ContentFile(rendering.pdf_of(source))
        )
        try:
            previous = document.file.name if document is not None else ""
            document = document or ArticleDocument(article=article)
            document.file.name = name
            document.version = version
            document.made_at = timezone.now()
            document.save()
        except BaseException:
            default_storage.delete(name)
            raise
    if previous and previous != name:
        drop_file(previous)
    return "made"


def file_name(article, version):
    """``documents/<id>/<slug>-<version>.pdf``: a new name for each version,
    so that a copy kept anywhere for long is never a stale one."""
    slug = article.slug[:SLUG_CHARACTERS].rstrip("-") or "statement"
    return f"documents/{article.pk}/{slug}-{version[:8]}.pdf"


def drop_file(name):
    """Delete the stored file ``name`` once the transaction commits."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name), robust=True)


def queue_all():
    """Queue the PDF of every public or withdrawn statement (those made
    before this feature, or after a change of the template); returns how many.
    Each job makes only what changed."""
    shown = Article.objects.published() | Article.objects.withdrawn()
    ids = list(shown.order_by("-published_at").values_list("pk", flat=True))
    for pk in ids:
        make_document_job.enqueue(pk)
    return len(ids)
