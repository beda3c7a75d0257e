"""A reference number is unique per office, Hijri year *and language*: a
statement and its translation carry one number (``articles.services``).

The unique constraint is replaced without holding up the site's writes on a
large table. On PostgreSQL the new unique index is built ``CONCURRENTLY``
(writes go on meanwhile), then made the constraint and the old one dropped in
one short transaction that gives up rather than queue behind a long query
(``lock_timeout``): run again, it goes on from where it stopped. On SQLite,
whose unique constraints live in the table's definition, the table is made
again once, in a transaction, and its statistics gathered again (0015 says
why they matter).
"""

from django.db import migrations, models, transaction

from core.db import analyse

# How long the short transaction waits for the table's lock before giving up.
LOCK_TIMEOUT = "10s"


class ReplaceUniqueConstraint(migrations.operations.base.Operation):
    """Replace the unique constraint ``old`` of ``model_name`` by ``new``."""

    reversible = True
    atomic = False

    def __init__(self, model_name, old, new):
        self.model_name = model_name
        self.old = old
        self.new = new

    @property
    def model_name_lower(self):
        return self.model_name.lower()

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "old": self.old, "new": self.new}
        return self.__class__.__name__, [], kwargs

    def describe(self):
        return (
            f"Replace constraint {self.old.name} by {self.new.name} "
            f"on {self.model_name}"
        )

    def state_forwards(self, app_label, state):
        state.remove_constraint(app_label, self.model_name_lower, self.old.name)
        state.add_constraint(app_label, self.model_name_lower, self.new)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._replace(app_label, schema_editor, to_state, self.old, self.new)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._replace(app_label, schema_editor, to_state, self.new, self.old)

    def _replace(self, app_label, schema_editor, to_state, dropped, added):
        model = to_state.apps.get_model(app_label, self.model_name)
        alias = schema_editor.connection.alias
        if not self.allow_migrate_model(alias, model):
            return
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            self._replace_concurrently(schema_editor, model, dropped, added)
        elif vendor == "sqlite":
            # Removing a constraint makes the table again as ``model`` (the
            # state after): without ``dropped``, with ``added``, in one copy.
            with transaction.atomic(using=alias):
                schema_editor.remove_constraint(model, dropped)
            analyse(model)
        else:
            with transaction.atomic(using=alias):
                schema_editor.add_constraint(model, added)
                schema_editor.remove_constraint(model, dropped)

    def _replace_concurrently(self, schema_editor, model, dropped, added):
        quote = schema_editor.quote_name
        table = quote(model._meta.db_table)
        name = quote(added.name)
        columns = ", ".join(
            quote(model._meta.get_field(field).column) for field in added.fields
        )
        built = self._index_state(schema_editor, added.name)
        if built == "invalid":  # a build that was stopped halfway
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        if built in (None, "invalid"):
            schema_editor.execute(
                f"CREATE UNIQUE INDEX CONCURRENTLY {name} ON {table} ({columns})"
            )
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            if built != "constraint":
                schema_editor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {name} "
                    f"UNIQUE USING INDEX {name}"
                )
            schema_editor.execute(
                f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {quote(dropped.name)}"
            )

    @staticmethod
    def _index_state(schema_editor, name):
        """``None`` (no such index), ``"invalid"`` (its build stopped),
        ``"index"`` (built) or ``"constraint"`` (built and made the constraint)."""
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indisvalid, EXISTS (SELECT 1 FROM pg_constraint c "
                "WHERE c.conindid = i.indexrelid AND c.contype = 'u') "
                "FROM pg_index i JOIN pg_class r ON r.oid = i.indexrelid "
                "WHERE r.relname = %s AND pg_table_is_visible(r.oid)",
                [name],
            )
            found = cursor.fetchone()
        if found is None:
            return None
        valid, constraint = found
        return "constraint" if constraint else "index" if valid else "invalid"


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run in a transaction; each step that
    # must be atomic opens its own.
    atomic = False

    dependencies = [
        ("articles", "0018_corrections_and_withdrawals"),
    ]

    operations = [
        ReplaceUniqueConstraint(
            model_name="article",
            old=models.UniqueConstraint(
                fields=("office", "reference_year", "reference_number"),
                name="unique_reference_number_per_office_year",
            ),
            new=models.UniqueConstraint(
                fields=("office", "reference_year", "reference_number", "language"),
                name="unique_reference_per_office_year_language",
            ),
        ),
    ]
