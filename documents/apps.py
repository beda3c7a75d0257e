from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The PDF of each statement, made by a job after each change (never in a
    reader's request), stored with the media and served from there."""

    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.models import Article, ArticleAuthor, Author, Office
        from core import formats
        from documents import services
        from documents.models import ArticleDocument
        from site_settings.models import HijriMonthAdjustment, SiteSettings

        formats.register(services.formats_of)

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
        # What the PDFs show beside their article: the letterhead, the
        # signature, the dates.
        for sender, scope in (
            (SiteSettings, "site"),
            (Office, "office"),
            (Author, "author"),
        ):
            post_save.connect(
                _remakes(scope), sender=sender, weak=False, dispatch_uid="documents"
            )
        for signal in (post_save, post_delete):
            signal.connect(
                _month_adjusted,
                sender=HijriMonthAdjustment,
                dispatch_uid=f"documents-month-{signal}",
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


def _remakes(scope):
    """A receiver that remakes the PDFs the saved row shows in
    (``services.SCOPES``: the site's one row, or an office, an author)."""

    def changed(sender, instance, raw=False, **kwargs):
        from documents import services

        if not raw:
            services.remake_later(scope, None if scope == "site" else instance.pk)

    return changed


def _month_adjusted(sender, instance, raw=False, **kwargs):
    """The days whose Hijri date the adjustment moves: from a few days before
    the month's first day (its earlier start) to its end."""
    import datetime

    from core import hijri
    from documents import services

    if raw:
        return
    first, end = hijri.hijri_month_range(instance.hijri_year, instance.hijri_month)
    first -= datetime.timedelta(days=ADJUSTMENT_REACH)
    services.remake_later("days", (first.isoformat(), end.isoformat()))


# Days a month's first day can move from one adjustment to another (each
# moves it by at most two).
ADJUSTMENT_REACH = 4
