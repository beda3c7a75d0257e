"""Each public or withdrawn statement's PDF, made by a job after each change.

A change to an article (saved, published, corrected, withdrawn, its byline)
queues ``make_document_job`` once committed, and again at its scheduled
publication and unpublication. A change to what PDFs show beside their
article (the site's settings and logo, an office, an author, a Hijri month's
adjustment) queues ``remake_job`` for the statements it shows in.

The job makes the PDF of what the statement shows now (a withdrawn one: the
notice, without its text) and stores it under a name that changes with its
version, then deletes the previous file; the same version is not made again.
A statement no longer shown (a draft again, taken down by its schedule) loses
its PDF; a deleted one too (a cascade).
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core import cache, formats, hijri, i18n
from documents import rendering, signals
from documents.models import ArticleDocument
from jobs import queue

# The longest part of a file name taken from the slug (an Arabic slug is two
# bytes a letter; a file system allows 255 bytes a name).
SLUG_CHARACTERS = 60
PDF = "application/pdf"


def shown():
    """The statements that have a PDF: the public ones and the withdrawn."""
    return Article.objects.published() | Article.objects.withdrawn()


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
            formats_changed(article_id)
            return "removed"
        source = rendering.source_of(article)
        version = rendering.version_of(source)
        if (
            document is not None
            and document.version == version
            and default_storage.exists(document.file.name)
        ):
            return "unchanged"
        pdf = rendering.pdf_of(source)
        name = default_storage.save(file_name(article, version), ContentFile(pdf))
        try:
            previous = document.file.name if document is not None else ""
            document = document or ArticleDocument(article=article)
            document.file.name = name
            document.version = version
            document.made_at = timezone.now()
            document.size = len(pdf)
            document.save()
        except BaseException:
            default_storage.delete(name)
            raise
    if previous and previous != name:
        drop_file(previous)
    formats_changed(article_id)
    transaction.on_commit(
        lambda: signals.document_made.send(ArticleDocument, article_id=article_id),
        robust=True,
    )
    return "made"


def formats_changed(article_id):
    """What encloses the PDF of article ``article_id`` (``core.formats``) is
    drawn again once the change is committed."""
    transaction.on_commit(
        lambda: cache.touch(cache.article_formats(article_id)), robust=True
    )


def formats_of(articles):
    """``core.formats``' source: the PDF of each of ``articles`` that has one,
    at its lasting address (``views.article_pdf``)."""
    ids = [article.pk for article in articles]
    sizes = dict(
        ArticleDocument.objects.filter(article_id__in=ids).values_list(
            "article_id", "size"
        )
        if ids
        else ()
    )
    path = i18n.SlugPaths("documents:article_pdf")
    return {
        article.pk: [formats.Format(path(article), PDF, sizes[article.pk])]
        for article in articles
        if article.pk in sizes
    }


def current_document(article_id):
    """The stored PDF of article ``article_id`` when it shows the article as
    it stands now; ``None`` when there is none or it is older than the last
    change (its job is coming: ``signals.document_made`` says when)."""
    article = Article.objects.for_listing().filter(pk=article_id).first()
    document = ArticleDocument.objects.filter(article_id=article_id).first()
    if article is None or document is None:
        return None
    if document.version != rendering.version_of(rendering.source_of(article)):
        return None
    return document


def file_name(article, version):
    """``documents/<id>/<slug>-<version>.pdf``: a new name for each version,
    so that a copy kept anywhere for long is never a stale one."""
    return f"documents/{article.pk}/{_slug_part(article)}-{version[:8]}.pdf"


def reader_file_name(article):
    """The PDF's name where readers see it (a Telegram post): ``<slug>.pdf``,
    the statement's address in short."""
    return f"{_slug_part(article)}.pdf"


def _slug_part(article):
    return article.slug[:SLUG_CHARACTERS].rstrip("-") or "statement"


def drop_file(name):
    """Delete the stored file ``name`` once the transaction commits."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name), robust=True)


def queue_all():
    """Queue the PDF of every public or withdrawn statement (those made
    before this feature, or after a change of the template), newest first;
    returns how many. Each job makes only what changed."""
    ids = list(shown().order_by("-published_at", "-pk").values_list("pk", flat=True))
    for pk in ids:
        queue.backlog(make_document_job).enqueue(pk)
    return len(ids)


# What a PDF shows beside its article, by what changed: which statements
# show it (``remake``'s scopes).
SCOPES = {
    # The site's name, logo, contact details, opening line, month names.
    "site": lambda key: Q(),
    # The letterhead's office, and the signature's offices.
    "office": lambda key: Q(office_id=key) | Q(article_authors__author__office_id=key),
    # The signature: a name, role, photo.
    "author": lambda key: Q(article_authors__author_id=key),
    # The dates of the days ``key`` (ISO dates, the second excluded).
    "days": lambda key: Q(
        published_at__range=hijri.day_range(*map(datetime.date.fromisoformat, key))
    ),
}


def remake_later(scope, key=None):
    """Queue ``remake_job`` once the change is committed."""
    queue.enqueue_on_commit(remake_job, scope, key)


@queue.job(label=_("Make again the PDFs a change shows in"))
def remake_job(scope, key=None):
    """The job: ``remake``."""
    return remake(scope, key)


def remake(scope, key=None):
    """Make again the PDFs of the statements ``SCOPES[scope](key)`` selects.

    The newest statement of each language first, at once: a change that
    leaves its PDF as it was (a setting the PDFs do not show) leaves the
    others as they were too, and nothing more is queued. Otherwise the others
    are queued, newest first, behind the PDFs of new statements
    (``queue.backlog``). Returns how many it queued.
    """
    statements = (
        shown()
        .filter(SCOPES[scope](key))
        .order_by("-published_at", "-pk")
        .values_list("pk", "language")
    )
    newest, others = {}, []
    for pk, language in statements.iterator(chunk_size=2000):
        if language in newest or pk in newest.values():
            others.append(pk)
        else:
            newest[language] = pk
    made = [make_document(pk) for pk in newest.values()]
    if "made" not in made:
        return 0
    for pk in dict.fromkeys(others):  # a statement once, however it matched
        queue.backlog(make_document_job).enqueue(pk)
    return len(others)
