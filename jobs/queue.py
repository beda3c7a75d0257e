"""Jobs: tasks of Django's tasks API that are tried again when they fail.

``@job()`` makes a function a task whose failure enqueues the next try after a
growing pause (``RETRY_PAUSES``, the one retry schedule), until its last try;
that one stays failed, with its error, where editors see it (``failures``). A
try that will be followed by another fails with ``WillRetry``, so that a
failure that is final is told apart from one that is not. A job must be
idempotent: it may run again after a try that did part of its work.

Work a change asks for is enqueued once the change is committed
(``enqueue_on_commit``): a job never runs on a row the worker cannot see yet,
nor for a change rolled back.
"""

import datetime
import functools
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

# Seconds between one try and the next: about a day from the first try to the
# last, for a partner's server or a channel that is away for hours.
RETRY_PAUSES = (
    30,
    2 * 60,
    10 * 60,
    30 * 60,
    3600,
    2 * 3600,
    4 * 3600,
    8 * 3600,
    8 * 3600,
)
# Tries by default: the first, then one after each pause.
TRIES = len(RETRY_PAUSES) + 1
# The keyword a job's next try is enqueued with: which try it is.
TRY = "job_try"
# The keyword of how many times the job has waited (``RetryIn``), and how
# many times it may.
WAITED = "job_waited"
WAITS = 100


class WillRetry(Exception):
    """This try failed; the next one is enqueued (the cause is chained)."""


class RetryIn(Exception):
    """Not now: the other side asked to wait ``seconds`` (a rate limit, a turn
    to come). The job is queued again then; such waits use up no try, but a
    job that waits more than ``WAITS`` times fails."""

    def __init__(self, seconds, reason=""):
        self.seconds = max(1, int(seconds))
        super().__init__(reason or f"again in {self.seconds} s")


class GiveUp(Exception):
    """A failure no other try can mend (a refused address, a revoked token):
    the job fails now, whatever tries are left."""


def pause_before(next_try):
    """Seconds to wait before try ``next_try`` (2 for the first retry)."""
    return RETRY_PAUSES[min(next_try - 2, len(RETRY_PAUSES) - 1)]


# What each job does, in the editors' words, by its task's path.
LABELS = {}


def job(*, label, tries=TRIES, failed=None, **options):
    """Make a module-level function a task tried up to ``tries`` times;
    ``label`` says what it does to the editors who see it fail, ``failed``
    (called with the job's arguments and the error) records a failure for
    good where its users look (``options``: the task's priority or queue)."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            attempt = kwargs.pop(TRY, 1)
            waited = kwargs.pop(WAITED, 0)
            try:
                return function(*args, **kwargs)
            except GiveUp as error:
                _failed_for_good(error, *args, **kwargs)
                raise
            except RetryIn as wait:
                if waited >= WAITS:
                    _failed_for_good(wait, *args, **kwargs)
                    raise
                at = timezone.now() + datetime.timedelta(seconds=wait.seconds)
                the_task.using(run_after=at).enqueue(
                    *args, **kwargs, **{TRY: attempt, WAITED: waited + 1}
                )
                return f"waits until {at.isoformat(timespec='seconds')}: {wait}"
            except Exception as error:
                if attempt >= tries:
                    _failed_for_good(error, *args, **kwargs)
                    logger.error(
                        "Job %s failed on its last try (%d)",
                        the_task.name,
                        attempt,
                        exc_info=True,
                    )
                    raise
                at = timezone.now() + datetime.timedelta(
                    seconds=pause_before(attempt + 1)
                )
                the_task.using(run_after=at).enqueue(
                    *args, **kwargs, **{TRY: attempt + 1, WAITED: waited}
                )
                logger.warning(
                    "Job %s failed (try %d of %d); the next at %s",
                    the_task.name,
                    attempt,
                    tries,
                    at.isoformat(timespec="seconds"),
                    exc_info=True,
                )
                raise WillRetry(
                    f"Try {attempt} of {tries} failed ({type(error).__name__}); "
                    f"the next at {at.isoformat(timespec='seconds')}"
                ) from error

        def _failed_for_good(error, *args, **kwargs):
            if failed is not None:
                failed(error, *args, **kwargs)

        the_task = task(**options)(run)
        LABELS[the_task.module_path] = label
        return the_task

    return decorate


def enqueue_on_commit(the_task, *args, **kwargs):
    """Enqueue ``the_task`` once the current transaction commits (at once
    outside one). A queue that cannot take it is logged, never raised: the
    change itself is saved by then."""
    transaction.on_commit(
        functools.partial(the_task.enqueue, *args, **kwargs), robust=True
    )


def enqueue_on_commit_and_at(the_task, *args, moments=()):
    """``enqueue_on_commit``, and again a second after each of ``moments``
    still to come (a scheduled publication or unpublication: what the job
    looks at changes by itself then)."""
    enqueue_on_commit(the_task, *args)
    now = timezone.now()
    for moment in moments:
        if moment and moment > now:
            at = moment + datetime.timedelta(seconds=1)
            transaction.on_commit(
                functools.partial(the_task.using(run_after=at).enqueue, *args),
                robust=True,
            )


# The priority of work that may wait behind what a change asks for now.
BACKLOG_PRIORITY = -50


def backlog(the_task):
    """``the_task``, to run after the jobs queued without it (a PDF remade for
    every statement must not hold up a new statement's), where the backend
    orders jobs by priority; as it is on one that does not (RQ)."""
    if the_task.get_backend().supports_priority:
        return the_task.using(priority=BACKLOG_PRIORITY)
    return the_task


def stores_results():
    """Whether the configured backend keeps its results in the database
    (``failures`` can list them)."""
    return "django_tasks_db" in type(task_backends["default"]).__module__


def label_of(task_path):
    """What the job at ``task_path`` does, for the editors (its path when
    it is not one of ours)."""
    return LABELS.get(task_path, task_path)


def failures(since):
    """Jobs whose last try failed since ``since``, newest first (``[]`` for a
    backend that keeps no results here: RQ shows its own)."""
    if not stores_results():
        return []
    from django_tasks_db.models import DBTaskResult

    retried = f"{WillRetry.__module__}.{WillRetry.__qualname__}"
    return (
        DBTaskResult.objects.failed()
        .filter(finished_at__gte=since)
        .exclude(exception_class_path=retried)
        .order_by("-finished_at")
    )
