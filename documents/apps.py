from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The PDF of each statement, made by a job after each change (never in a
    reader's request), stored with the media and served from there."""

    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.models import Article, ArticleAuthor
        from documents.models import ArticleDocument

        # A deleted article's document goes with it (a cascade), and its file
        # with the document.
        post_save.connect(_article_saved, sender=Article, dispatch_uid="documents")
        for signal in (post_save, post_delete):
            # The byline is the PDF's signature.
            signal.connect(
                _byline_changed,
                sender=ArticleAuthor,
                dispatch_uid=f"documents-byline-{signal}",
            )
        post_delete.connect(
            _document_deleted, sender=ArticleDocument, dispatch_uid="documents-file"
        )


def _article_saved(sender, instance, raw=False, **kwargs):
    from documents import services

    if not raw:
        services.article_changed(instance)


def _byline_changed(sender, instance, raw=False, **kwargs):
    from documents import services

    if not raw:
        services.byline_changed(instance.article_id)


def _document_deleted(sender, instance, **kwargs):
    from documents import services

    services.drop_file(instance.file.name)
