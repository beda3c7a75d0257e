"""``TASKS_BACKEND=rq``: the same jobs kept in Redis and run by RQ's worker
(``manage.py worker``), for sites on several machines. Run in processes of
their own, as the setting is read at start-up; needs Redis on this machine.
"""

import socket
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from tests.processes import run_command

REDIS = ("127.0.0.1", 6379)


def redis_is_here():
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_here(), reason="needs Redis on 6379")


@pytest.fixture
def rq_env(tmp_path):
    """A database file and a Redis database of their own, emptied afterwards."""
    env = {
        "TASKS_BACKEND": "rq",
        "TASKS_REDIS_URL": "redis://127.0.0.1:6379/11",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    flush = [sys.executable, "-c", "import redis; redis.Redis(db=11).flushdb()"]
    subprocess.run(flush, check=True)
    migrate = run_command([sys.executable, "manage.py", "migrate", "-v0"], **env)
    assert migrate.returncode == 0, migrate.stderr
    yield env
    subprocess.run(flush, check=True)


def shell(env, code):
    done = run_command(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code], **env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_rq_runs_the_jobs_and_schedules_their_retries(rq_env):
    name = uuid.uuid4().hex
    ok, failing = shell(
        rq_env,
        "from tests.jobs import sample\n"
        f"print(sample.succeed.enqueue('{name}').id)\n"
        f"print(sample.fail_until.enqueue('{name}-f', 1).id)\n",
    )

    worker = run_command(
        [sys.executable, "manage.py", "worker", "--batch", "-v0"], **rq_env
    )
    assert worker.returncode == 0, worker.stderr

    status, value, *scheduled = shell(
        rq_env,
        "import django_rq\n"
        "from tests.jobs import sample\n"
        f"result = sample.succeed.get_result('{ok}')\n"
        "print(result.status, repr(result.return_value).replace(' ', '_'))\n"
        "registry = django_rq.get_queue('default').scheduled_job_registry\n"
        "print(registry.count)\n",
    )
    assert status == "SUCCESSFUL"
    assert value == repr(f"done_{name}")
    assert scheduled == ["1"]  # the failed job's next try, at its time
    assert settings.TASKS_BACKEND == "database"  # this process is untouched
