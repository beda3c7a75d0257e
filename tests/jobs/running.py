"""Running the queued jobs inside a test, as ``manage.py worker`` would.

The database backend's own worker runs each job (claimed, run, marked
finished or failed with its error); only its loop is left out, which closes
the database connection between jobs and would end the test's transaction.
What a job asks for once committed runs as the job ends, as it does in the
worker, which runs jobs outside any transaction.
"""

from contextlib import contextmanager

from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_jobs(limit=100, *, only=None):
    """Run the jobs that are due, those they queue included; return how many.
    ``only``: the task whose jobs run (the others wait)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    for count in range(limit):
        due = DBTaskResult.objects.ready().order_by("run_after")
        if only is not None:
            due = due.filter(task_path=only.module_path)
        result = due.first()
        if result is None:
            return count
        result.claim(worker.worker_id)
        # The worker runs each job outside any transaction: what a job asks
        # for once committed happens as it ends.
        with TestCase.captureOnCommitCallbacks(execute=True):
            worker.run_task(result)
    raise AssertionError(f"More than {limit} jobs: one queues itself for ever?")


@contextmanager
def worked():
    """Commit what the block does, then give the worker its turn: the jobs it
    queued run (the picture's renditions, the moderators' mail)."""
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        yield callbacks
    run_jobs()
