"""``manage.py worker``: run the background jobs, whichever backend is set.

One command for ``make run``, ``make serve`` and production: the database
backend's ``db_worker``, or RQ's ``rqworker`` with its scheduler (which runs
the retries it was asked to run later). Start as many as the load needs, on
any machine that reaches the database (or Redis).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background jobs (mail, pictures, deliveries) as they come."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the jobs that are due, then stop (database backend).",
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Start again when the code changes (development; database backend).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at the queue when it is empty.",
        )

    def handle(self, *args, batch, reload, interval, verbosity, **options):
        if settings.TASKS_BACKEND == "rq":
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                burst=batch,
                verbosity=verbosity,
            )
            return
        call_command(
            "db_worker",
            batch=batch,
            reload=reload and not batch,
            interval=interval,
            startup_delay=not batch,
            verbosity=verbosity,
        )
