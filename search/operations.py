"""Migration operations that only some databases run."""

from django.db.migrations.operations import AddIndex


class AddIndexOnPostgreSQL(AddIndex):
    """``AddIndex`` for a PostgreSQL-only index (GIN on a ``tsvector``).

    Other databases skip it. The index stays out of the migration state (and
    out of the model's ``Meta.indexes``): SQLite rebuilds a table from that
    state when a column changes, and must not be asked for a GIN index then.
    """

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{super().describe()} (PostgreSQL only)"
