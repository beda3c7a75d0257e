"""The search index: one document per article, kept by ``search.index``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from search.fields import DocumentVectorField


class SearchDocument(models.Model):
    """An article as search sees it: its folded words and their vector.

    ``title``, ``excerpt`` and ``body`` hold the folded words of the article
    (``search.terms.document_words``, the body as plain text), joined by
    spaces; ``vector`` is made from them, weighted title A, excerpt B, body C.
    Never edited by hand: ``search.index.index_articles`` writes it whenever
    an article is saved, and ``manage.py rebuild_search_index`` rebuilds it.
    The GIN index on ``vector`` (PostgreSQL) is made by the migration.
    """

    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    title = models.TextField(_("title (folded)"), blank=True)
    excerpt = models.TextField(_("excerpt (folded)"), blank=True)
    body = models.TextField(_("body (folded plain text)"), blank=True)
    vector = DocumentVectorField(_("search vector"), null=True, editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return self.title
