"""Keeping the search index up to date: the one function that writes it.

``index_articles(ids)`` brings the documents of a batch of articles up to
date in a constant number of queries, whatever the batch's size (read the
articles, upsert their documents with their vectors).
Saving an article calls it (the receivers in ``search.apps``), so do
``seed_demo --articles`` and ``manage.py rebuild_search_index``.

The vector is made on PostgreSQL with the ``english`` configuration over the
folded words: English words are stemmed and English stop words dropped;
Arabic words, already folded, are kept as they are. Elsewhere the stems are
computed here (``search.terms``) and stored as text.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import Expression

from articles.models import Article, Language
from cms.db import analyse
from cms.sanitize import plain_text
from search.models import SearchDocument
from search.terms import STOP_WORDS, document_words, stem

# PostgreSQL's text search configuration, for documents and queries alike.
CONFIG = "english"
# The parts of a document and their weights (title over excerpt over body).
WEIGHTS = {"title": "A", "excerpt": "B", "body": "C"}
# A very long body is indexed up to this many characters: the vector stays
# small (PostgreSQL refuses one over 1 MB) and a real article is far shorter.
MAX_BODY_CHARACTERS = 100_000
# Articles handled in one go (also the size of the batches the callers send).
BATCH_SIZE = 1000


def uses_tsvector():
    """Whether the database searches with PostgreSQL's full-text search."""
    return connection.vendor == "postgresql"


def document_parts(title, excerpt, body):
    """``{part: folded words joined by spaces}`` of an article's texts."""
    texts = {
        "title": title,
        "excerpt": excerpt,
        "body": plain_text(body)[:MAX_BODY_CHARACTERS],
    }
    return {part: " ".join(document_words(texts[part])) for part in WEIGHTS}


def stems_text(parts):
    """The fallback's vector: every stem once per part, with the part's weight."""
    found = []
    for part, weight in WEIGHTS.items():
        stems = {stem(word) for word in parts[part].split()} - STOP_WORDS
        found.extend(f"{s}:{weight}" for s in sorted(stems))
    return f" {' '.join(found)} "


class DocumentVector(Expression):
    """The ``tsvector`` of a document, made by PostgreSQL from its folded parts.

    ``setweight(to_tsvector('english', title), 'A') || … excerpt 'B' || … body
    'C'``, the texts as parameters: one small expression per row keeps
    indexing a batch of a thousand articles quick (``SearchVector`` builds a
    tree of expressions for each part).
    """

    output_field = SearchVectorField()

    def __init__(self, parts):
        super().__init__()
        self.parts = parts

    def as_sql(self, compiler, connection):
        sql = " || ".join(
            f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')"
            for weight in WEIGHTS.values()
        )
        return sql, [value for part in WEIGHTS for value in (CONFIG, self.parts[part])]


def vector_columns(language, vector):
    """``{column: value}`` of every edition's vector: ``vector`` in its own."""
    return {
        SearchDocument.vector_field(edition): vector if edition == language else None
        for edition in Language.values
    }


def index_articles(article_ids, *, models=None):
    """Bring the search documents of ``article_ids`` up to date.

    Ids of articles that no longer exist are skipped (a deleted article's
    document is deleted with it). Returns the number of documents written.
    Two queries per ``BATCH_SIZE`` articles: read them, upsert their
    documents (SQLite splits the insert further: it limits a query's
    parameters). ``models`` is ``(Article, SearchDocument)`` as a data
    migration has them.
    """
    article_model, document_model = models or (Article, SearchDocument)
    ids = list(dict.fromkeys(article_ids))
    make_vector = DocumentVector if uses_tsvector() else stems_text
    written = 0
    for start in range(0, len(ids), BATCH_SIZE):
        rows = article_model.objects.filter(
            pk__in=ids[start : start + BATCH_SIZE]
        ).values_list("pk", "title", "excerpt", "body", "language", "published_at")
        documents = [
            document_model(
                article_id=pk,
                published_at=published_at,
                **vector_columns(
                    language, make_vector(document_parts(title, excerpt, body))
                ),
            )
            for pk, title, excerpt, body, language, published_at in rows
        ]
        document_model.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=[*vector_columns(None, None), "published_at"],
        )
        written += len(documents)
    return written


def rebuild_index(*, batch_size=BATCH_SIZE, progress=None, models=None):
    """Index every article again, in batches; returns the number indexed.

    ``progress(done, total)`` is called after each batch.
    """
    models = models or (Article, SearchDocument)
    article_model, document_model = models
    total = article_model.objects.count()
    done, last = 0, 0
    while True:
        ids = list(
            article_model.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        done += index_articles(ids, models=models)
        last = ids[-1]
        if progress is not None:
            progress(done, total)
    if uses_tsvector():
        # Fresh statistics let the planner tell a rare word from a common one.
        analyse(document_model)
    return done
