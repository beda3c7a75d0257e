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
                "from core import cache\n"
                "from django.core.cache import cache as backend\n" + code,
            ],
            DJANGO_SETTINGS_MODULE="cms.settings",
            REDIS_URL=REDIS_URL,
            CMS_CACHE_PREFIX=prefix,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    yield run
    run("backend.delete_pattern('*')")  # the keys under this test's prefix


def test_workers_share_one_cache_backend(worker):
    assert worker(
        "from django.core.cache import caches;"
        "from django_redis.cache import RedisCache;"
        "print(isinstance(caches['default'], RedisCache))"
    ) == ["True"]


def test_a_worker_reuses_its_redis_client_for_every_operation(worker):
    """Django's own backend would build a new client (~0.3 ms) for each get
    and set: here one is made, at the first."""
    made = worker(
        "import redis\n"
        "made, init = [], redis.Redis.__init__\n"
        "def counted(self, *a, **k): made.append(1); init(self, *a, **k)\n"
        "redis.Redis.__init__ = counted\n"
        "for _ in range(10):\n"
        "    cache.generation(); cache.bump(); cache.held(cache.NOTIFY_LOCK)\n"
        "print(len(made))"
    )

    assert made == ["1"]


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


def test_the_first_content_change_starts_a_generation_redis_counts_itself(worker):
    """``bump`` adds to the generation in Redis (INCR: two workers bumping at
    once both count); with none yet, the backend's ValueError makes it start
    one. The value is kept as a plain number, which INCR needs."""
    bumped = worker(
        "import os, redis\n"
        "cache.bump(); first = cache.generation(); cache.bump()\n"
        "stored = redis.Redis.from_url(os.environ['REDIS_URL'])"
        ".get(backend.make_key(cache.GENERATION_KEY))\n"
        "print(cache.generation() - first, stored.isdigit())"
    )

    assert bumped == ["1", "True"]


def test_adding_to_a_counter_gone_from_redis_is_a_value_error(worker):
    """What ``core.cache.count`` and ``bump`` count on, as with Django's own
    backends."""
    assert worker(
        "try: backend.incr('cms:comment-rate:gone')\n"
        "except ValueError: print('ValueError')"
    ) == ["ValueError"]
