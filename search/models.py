"""The search index: one document per article, kept by ``search.index``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from search.fields import DocumentVectorField


class SearchDocument(models.Model):
    """An article as search sees it: the vector of its folded words.

    Made from the folded words (``search.terms.document_words``) of the
    title (weight A), the excerpt (B) and the body as plain text (C). Never
    edited by hand: ``search.index.index_articles`` writes it whenever an
    article is saved, and ``manage.py rebuild_search_index`` rebuilds it.
    The row is kept narrow (no copy of the text): a search reads many of
    them. The GIN indexes on the vectors (PostgreSQL) are made by the
    migration.
    """

    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    # One vector column per edition, the other left empty: the database's
    # statistics then know how common a word is in each edition. With one
    # column, an English word common in the English edition looks common in
    # the Arabic one too, and a search there would read the whole edition to
    # find nothing.
    vector_ar = DocumentVectorField(
        _("search vector (Arabic)"), null=True, editable=False
    )
    vector_en = DocumentVectorField(
        _("search vector (English)"), null=True, editable=False
    )
    # A copy of the article's, so that a search walks this table alone, newest
    # first, for a common word (``search.query``). The article's own fields
    # still decide what is shown.
    published_at = models.DateTimeField(_("publication time"), editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        # Newest first, in all and in each edition (a match in a vector
        # column implies the column is not empty: PostgreSQL then uses the
        # edition's index).
        indexes = [
            models.Index(fields=["-published_at"], name="search_newest_idx"),
            models.Index(
                fields=["-published_at"],
                condition=models.Q(vector_ar__isnull=False),
                name="search_newest_ar_idx",
            ),
            models.Index(
                fields=["-published_at"],
                condition=models.Q(vector_en__isnull=False),
                name="search_newest_en_idx",
            ),
        ]

    def __str__(self):
        return str(self.article_id)

    @staticmethod
    def vector_field(language):
        """The name of the vector column of ``language``'s articles."""
        return f"vector_{language}"
