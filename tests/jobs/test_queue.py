"""The job queue: jobs run by the worker, tried again on a schedule, and
failures that stay visible."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from jobs import queue
from tests.jobs import sample
from tests.jobs.running import run_jobs

pytestmark = pytest.mark.django_db


def waiting():
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY)


def test_a_job_runs_in_the_worker_and_keeps_its_result():
    result = sample.succeed.enqueue("a")
    assert sample.tries("a") == 0  # nothing runs in the request
    assert run_jobs() == 1
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL
    assert stored.return_value == "done a"


def test_the_retry_schedule_grows_to_about_a_day():
    pauses = [queue.pause_before(n) for n in range(2, queue.TRIES + 1)]
    assert pauses == sorted(pauses)
    assert pauses[0] <= 60
    assert 20 * 3600 <= sum(pauses) <= 30 * 3600
    # Past the schedule, the last pause repeats.
    assert queue.pause_before(queue.TRIES + 5) == pauses[-1]


def test_a_failed_try_is_tried_again_after_its_pause():
    sample.fail_until.enqueue("b", 1)
    run_jobs()
    first = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert first.exception_class_path == "jobs.queue.WillRetry"
    assert "the other side is away" in first.traceback
    retry = waiting().get()
    pause = (retry.run_after - first.finished_at).total_seconds()
    assert pause == pytest.approx(queue.pause_before(2), abs=2)
    assert run_jobs() == 0  # not before its time

    with freeze_time(retry.run_after + datetime.timedelta(seconds=1)):
        assert run_jobs() == 1
    assert sample.tries("b") == 2
    assert DBTaskResult.objects.get(pk=retry.pk).return_value == 2
    assert list(queue.failures(since=timezone.now() - datetime.timedelta(days=1))) == []


def test_the_last_try_fails_for_good_and_is_listed():
    sample.fail_until.enqueue("c", 99)
    moment = timezone.now()
    for _ in range(5):
        with freeze_time(moment):
            run_jobs()
        moment += datetime.timedelta(hours=1)
    assert sample.tries("c") == 3  # the job's own number of tries
    assert not waiting().exists()
    (final,) = queue.failures(since=timezone.now() - datetime.timedelta(days=1))
    assert final.task_name == "fail_until"
    assert final.exception_class_path == "builtins.ConnectionError"
    assert final.args_kwargs["kwargs"][queue.TRY] == 3


def test_a_job_that_gives_up_is_not_tried_again():
    sample.give_up.enqueue("d")
    run_jobs()
    assert sample.tries("d") == 1
    assert not waiting().exists()
    (final,) = queue.failures(since=timezone.now() - datetime.timedelta(days=1))
    assert final.exception_class_path == "jobs.queue.GiveUp"


def test_a_job_asked_for_in_a_change_rolled_back_is_never_queued():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue.enqueue_on_commit(sample.succeed, "e")
        raise RuntimeError("the save failed")
    assert not DBTaskResult.objects.exists()


def test_a_job_asked_for_in_a_change_is_queued_once_it_commits():
    with TestCase.captureOnCommitCallbacks(execute=True):
        with transaction.atomic():
            queue.enqueue_on_commit(sample.succeed, "f")
            assert not DBTaskResult.objects.exists()
    assert waiting().count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_what_is_due_and_stops_in_batch_mode():
    sample.succeed.enqueue("g")
    sample.succeed.enqueue("h")
    call_command("worker", batch=True, verbosity=0)
    assert sample.tries("g") == sample.tries("h") == 1
    assert not waiting().exists()


def test_a_job_asked_to_wait_runs_again_then_without_using_a_try():
    sample.wait_once.enqueue("i")
    run_jobs()
    first = DBTaskResult.objects.get(status=TaskResultStatus.SUCCESSFUL)
    assert first.return_value.startswith("waits until")
    later = waiting().get()
    assert (later.run_after - first.finished_at).total_seconds() == pytest.approx(
        90, abs=2
    )
    assert later.args_kwargs["kwargs"] == {queue.TRY: 1, queue.WAITED: 1}
    with freeze_time(later.run_after + datetime.timedelta(seconds=1)):
        assert run_jobs() == 1
    assert sample.tries("i") == 2
