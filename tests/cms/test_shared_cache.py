"""Several workers, one Redis: what one process counts or changes, another sees.

Each "worker" is a separate Python process with the production cache settings
(``REDIS_URL``), against the machine's Redis, database 7, under a key prefix
of its own. Without Redis the test is skipped, except in CI, where it fails.
"""

import os
import socket
import uuid
from urllib.parse import urlparse

import pytest

from tests.processes import run_python

REDIS_URL = os.environ.get("CMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def redis_answers():
    address = urlparse(REDIS_URL)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), 1):
            return True
    except OSError:
        return False


@pytest.fixture
def worker():
    """Run Python code as another worker of the same site; return its output."""
    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex}"

    def run(code):
        result = run_python(
            [
                "-c",
                "import django; django.setup()\n"
                "from cms import cache\n"
                "from django.core.cache import cache as backend\n" + code,
            ],
            DJANGO_SETTINGS_MODULE="cms.settings",
            REDIS_URL=REDIS_URL,
            CMS_CACHE_PREFIX=prefix,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    yield run
    run(
        "client = backend._cache.get_client(write=True)\n"
        "keys = client.keys(backend.make_key('*'))\n"
        "if keys: client.delete(*keys)"
    )


def test_workers_share_one_cache_backend(worker):
    assert worker(
        "from django.core.cache.backends.redis import RedisCacheClient;"
        "print(isinstance(backend._cache, RedisCacheClient))"
    ) == ["True"]


def test_a_worker_reuses_its_redis_client_for_every_operation(worker):
    """Django would build a new client (~0.3 ms) for each get and set."""
    assert worker(
        "client = backend._cache.get_client(); cache.generation();"
        "print(backend._cache.get_client(write=True) is client)"
    ) == ["True"]


def test_a_rate_limit_counted_by_one_worker_is_seen_by_another(worker):
    address = "'203.0.113.9'"
    worker(f"cache.count(cache.COMMENT_RATE, {address})")
    worker(f"cache.count(cache.COMMENT_RATE, {address})")

    assert worker(f"print(cache.count(cache.COMMENT_RATE, {address}))") == ["3"]


def test_a_content_change_in_one_worker_makes_the_others_pages_fresh(worker):
    before = int(worker("print(cache.generation())")[0])

    worker("cache.bump()")

    assert int(worker("print(cache.generation())")[0]) > before
    assert worker("print(cache.changed_recently())") == ["True"]


def test_a_lock_taken_by_one_worker_holds_for_the_others(worker):
    worker("assert cache.acquire(cache.NOTIFY_LOCK)")

    assert worker("print(cache.acquire(cache.NOTIFY_LOCK))") == ["False"]
