"""Keeping the search index up to date: the one function that writes it.

``index_articles(ids)`` brings the documents of a batch of articles up to
date in a constant number of queries, whatever the batch's size (read the
articles, upsert their documents with their vectors).
Saving an article calls it (the receivers in ``search.apps``), so do
``seed_demo --articles`` and ``manage.py rebuild_search_index``.

A document is its words' lexemes (``search.terms.document_lexemes``: each
word's stems, and the word as written), with their places
and the part's weight, computed here for both databases: on PostgreSQL as a
``tsvector`` written out (no text search configuration stems it again: ours
is the one stemming, Arabic included), elsewhere as text the fallback
matches with ``LIKE``.
"""

from collections import defaultdict

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import Expression

from articles.models import Article
from core.db import analyse
from core.i18n import Language
from core.sanitize import plain_text
from search.models import SearchDocument
from search.terms import document_lexemes, folded_words

# The parts of a document and their weights (title over excerpt over body).
WEIGHTS = {"title": "A", "excerpt": "B", "body": "C"}
# A very long body is indexed up to this many characters: the vector stays
# small (PostgreSQL refuses one over 1 MB) and a real article is far shorter.
MAX_BODY_CHARACTERS = 100_000
# Articles handled in one go (also the size of the batches the callers send).
BATCH_SIZE = 1000
# What a tsvector holds at most: places up to 16 383, 256 of them a lexeme.
MAX_POSITION = 16_383
MAX_POSITIONS = 256


def uses_tsvector():
    """Whether the database searches with PostgreSQL's full-text search."""
    return connection.vendor == "postgresql"


def document_parts(title, excerpt, body):
    """``{part: text}`` of an article, as search reads it (the body's text)."""
    return {
        "title": title or "",
        "excerpt": excerpt or "",
        "body": plain_text(body)[:MAX_BODY_CHARACTERS],
    }


def tsvector_text(parts):
    """The ``tsvector`` of a document's parts, written out: ``'lexeme':1A,…``.

    Places run on from one part to the next, a place apart, so that a
    phrase never joins the end of the title to the start of the excerpt.
    """
    places = defaultdict(list)
    offset = 0
    for part, weight in WEIGHTS.items():
        folded = folded_words(parts[part])
        for position, found in document_lexemes(folded):
            place = min(offset + position, MAX_POSITION)
            for lexeme in found:
                places[lexeme].append(f"{place}{weight}")
        offset += len(folded) + 1
    return " ".join(
        f"'{lexeme}':{','.join(at[:MAX_POSITIONS])}" for lexeme, at in places.items()
    )


def fallback_text(parts):
    """The fallback's vector: every lexeme once per part with the part's
    weight (`` stem:A =word:A …``), then each part's words in order
    (``|A w1 w2 … |``) for phrases."""
    found, sequences = [], []
    for part, weight in WEIGHTS.items():
        folded = folded_words(parts[part])
        lexemes = set().union(*(at for _position, at in document_lexemes(folded)))
        found.extend(f"{lexeme}:{weight}" for lexeme in sorted(lexemes))
        sequences.append(f"|{weight} {' '.join(word for word, _s in folded)} ")
    return f" {' '.join(found)} {''.join(sequences)}|"


class DocumentVector(Expression):
    """A document's ``tsvector`` from its written-out text (``tsvector_text``)."""

    output_field = SearchVectorField()

    def __init__(self, parts):
        super().__init__()
        self.text = tsvector_text(parts)

    def as_sql(self, compiler, connection):
        return "%s::tsvector", [self.text]


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
    make_vector = DocumentVector if uses_tsvector() else fallback_text
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
