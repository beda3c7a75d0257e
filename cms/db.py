"""The database, as readers' pages need it: an answer within seconds, or an error.

A database server that stops answering (a hung server, a lost network) would
hold every request until gunicorn kills the worker, and the reader would get
no response at all. In the web processes (``cms/wsgi.py``) psycopg2 waits for
PostgreSQL through ``wait_with_deadline``: connecting or running a query that
takes longer than ``CMS_DB_TIMEOUT_SECONDS`` raises ``OperationalError``, which
``cms.middleware.DatabaseUnavailableMiddleware`` turns into a clear 503 page.
Management commands (migrations, seeding, rebuilding indexes) keep no deadline.
After they load many rows, ``analyse`` gives the planner statistics to match.
"""

import select
import time

from django.conf import settings
from django.db import connection


def wait_with_deadline(seconds):
    """A psycopg2 wait callback that gives up after ``seconds``.

    psycopg2 closes the connection when the callback raises; Django opens a
    new one for the next request, so the site recovers by itself.
    """
    from psycopg2 import OperationalError, extensions

    def wait(connection):
        deadline = time.monotonic() + seconds
        while True:
            state = connection.poll()
            if state == extensions.POLL_OK:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise OperationalError(
                    f"the database did not answer within {seconds:g} seconds"
                )
            descriptor = connection.fileno()
            if state == extensions.POLL_READ:
                select.select([descriptor], [], [], remaining)
            elif state == extensions.POLL_WRITE:
                select.select([], [descriptor], [], remaining)
            else:
                raise OperationalError(f"unexpected state from poll: {state}")

    return wait


def install_deadline():
    """Give every PostgreSQL wait of this process the configured deadline."""
    seconds = float(getattr(settings, "CMS_DB_TIMEOUT_SECONDS", 0) or 0)
    vendors = {db["ENGINE"].rsplit(".", 1)[-1] for db in settings.DATABASES.values()}
    if seconds > 0 and "postgresql" in vendors:
        from psycopg2 import extensions

        extensions.set_wait_callback(wait_with_deadline(seconds))


def analyse(*models):
    """Have the database gather its planner statistics on ``models``' tables.

    After a bulk load the planner otherwise plans for the rows a table held
    when it was last analysed (none on a fresh database, until autovacuum
    comes by) and may read a whole archive where an index would do.
    """
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
