"""A search vector column that exists on every database the project runs on."""

from django.contrib.postgres.search import SearchVectorField


class DocumentVectorField(SearchVectorField):
    """A ``tsvector`` on PostgreSQL; plain text on other databases.

    On PostgreSQL it is matched with ``@@`` and ranked with ``ts_rank``
    (``django.contrib.postgres.search``). Elsewhere it holds the document's
    stems with the weight of the part they come from, ``" statement:A
    librari:C "``, which the fallback matches with ``LIKE`` (see
    ``search.query``).
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"
