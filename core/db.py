"""The database, as readers' pages need it: an answer within seconds, or an error.

A query that runs long (a lock someone else holds, a heavy scan) or a server
that stops answering (a hung server, a lost network) would hold every request
until gunicorn kills the worker, and the reader would get no response at all.
In the web processes (``cms/wsgi.py`` calls ``limit_waits``):

- PostgreSQL itself cancels a statement, or a wait for a lock, that takes
  longer than ``CMS_DB_TIMEOUT_SECONDS`` (``statement_timeout`` and
  ``lock_timeout``, given when connecting): the query stops in the database
  too, and the connection stays usable.
- psycopg2 waits for the server through ``wait_with_deadline``, for that long
  and ``UNANSWERED_GRACE_SECONDS`` more: a server that does not answer at all,
  not even to cancel, is given up.
- Once the database has gone unanswered, the rest of the request does not
  wait for it again: Django's check of a kept connection and the new
  connection after it each took the whole deadline, so a worker's first
  request after a hang waited twice as long as the others.

Each raises ``OperationalError``, which
``core.middleware.DatabaseUnavailableMiddleware`` turns into a clear 503 page.
Management commands (migrations, seeding, rebuilding indexes) keep no limit.
After they load many rows, ``analyse`` gives the planner statistics to match.
"""

import select
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection, connections

# How much longer than PostgreSQL's own timeouts psycopg2 waits for an answer:
# the server's cancel comes first whenever the server can still send it.
UNANSWERED_GRACE_SECONDS = 1

# Whether the database has gone unanswered in the current request (``None``
# outside a request, where nothing is remembered).
_unanswered: ContextVar[bool | None] = ContextVar("cms_db_unanswered", default=None)


def wait_with_deadline(seconds):
    """A psycopg2 wait callback that gives up after ``seconds``, and at once
    in a request where the database already went unanswered.

    psycopg2 closes the connection when the callback raises; Django opens a
    new one for the next request, so the site recovers by itself.
    """
    from psycopg2 import OperationalError, extensions

    def wait(connection):
        if _unanswered.get():
            raise OperationalError(
                "the database did not answer earlier in this request"
            )
        deadline = time.monotonic() + seconds
        while True:
            state = connection.poll()
            if state == extensions.POLL_OK:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if _unanswered.get() is not None:
                    _unanswered.set(True)
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


def start_request(**kwargs):
    """A request starts: the database has not gone unanswered in it yet."""
    _unanswered.set(False)


def end_request(**kwargs):
    _unanswered.set(None)


def server_options(seconds, time_zone):
    """PostgreSQL's settings for a web process's connections, as libpq's
    ``options``: its own timeouts, and the time zone Django wants (else
    Django sets it with a query of its own on each new connection)."""
    milliseconds = round(seconds * 1000)
    return (
        f"-c statement_timeout={milliseconds} -c lock_timeout={milliseconds} "
        f"-c TimeZone={time_zone}"
    )


def limit_waits():
    """Give this process's PostgreSQL connections the limits of the module:
    for the web processes only."""
    seconds = float(getattr(settings, "CMS_DB_TIMEOUT_SECONDS", 0) or 0)
    postgres = [
        alias
        for alias in connections
        if connections.settings[alias]["ENGINE"].endswith("postgresql")
    ]
    if seconds <= 0 or not postgres:
        return
    from psycopg2 import extensions

    for alias in postgres:
        options = connections.settings[alias].setdefault("OPTIONS", {})
        own = server_options(seconds, connections[alias].timezone_name)
        options["options"] = f"{options.get('options', '')} {own}".strip()
    extensions.set_wait_callback(wait_with_deadline(seconds + UNANSWERED_GRACE_SECONDS))
    # After Django's own receivers, which check the kept connections.
    request_started.connect(start_request, dispatch_uid="cms-db-request-started")
    request_finished.connect(end_request, dispatch_uid="cms-db-request-finished")


def analyse(*models):
    """Have the database gather its planner statistics on ``models``' tables.

    After a bulk load the planner otherwise plans for the rows a table held
    when it was last analysed (none on a fresh database, until autovacuum
    comes by) and may read a whole archive where an index would do.
    """
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
