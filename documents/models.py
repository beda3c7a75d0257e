"""The PDF of each public or withdrawn statement (``services``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class ArticleDocument(models.Model):
    """An article's PDF, as stored: made by a job (``services.make_document``)
    whenever what it shows changed, under a name that changes with it."""

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="document",
    )
    # In the default storage: documents/<article id>/<slug>-<version>.pdf.
    file = models.FileField(_("file"), max_length=300)
    # A hash of what the PDF shows (``rendering.version_of``): the same
    # version, the same PDF, not made again.
    version = models.CharField(_("version"), max_length=16)
    made_at = models.DateTimeField(_("made"))
    # In bytes: a feed's enclosure says it, without asking the storage.
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("statement PDF")
        verbose_name_plural = _("statement PDFs")

    def __str__(self):
        return self.file.name
