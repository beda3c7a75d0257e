"""The shared cache module: content entries follow the content generation."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache as django_cache
from django.core.cache import caches

from core import cache
from site_settings.models import SiteSettings
from site_settings.site import site_settings
from tests.cache_reads import stored_keys
from tests.factories import make_article
from tests.processes import run_python

pytestmark = pytest.mark.django_db


def test_a_content_entry_is_computed_once_until_the_content_changes():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cache.remember(cache.LIST_TOTAL, "home", compute=compute) == 1
    assert cache.remember(cache.LIST_TOTAL, "home", compute=compute) == 1
    cache.bump()
    assert cache.remember(cache.LIST_TOTAL, "home", compute=compute) == 2


def test_a_stamped_entry_is_replaced_in_place_and_stale_after_any_change():
    """Whole pages carry their generation in the value: one key per page,
    whatever the generation, and nothing older is ever given back."""
    cache.store(cache.PAGES, "/en/", value="old page")
    address = cache.key(cache.PAGES, "/en/")
    assert cache.fetch(cache.PAGES, "/en/") == "old page"

    django_cache.incr(cache.GENERATION_KEY)  # another worker changed the content

    assert cache.key(cache.PAGES, "/en/") == address
    assert cache.fetch(cache.PAGES, "/en/") is None
    cache.start_request_memo()
    try:
        cache.prefetch((cache.PAGES, "/en/"))
        assert cache.fetch(cache.PAGES, "/en/") is None
        cache.store(cache.PAGES, "/en/", value="new page")
    finally:
        cache.end_request_memo()
    assert cache.fetch(cache.PAGES, "/en/") == "new page"


def test_a_cached_none_is_not_computed_again():
    calls = []
    for _ in range(2):
        cache.remember(cache.LIST_TOTAL, "x", compute=lambda: calls.append(1))
    assert calls == [1]


def test_a_lost_generation_never_comes_back_lower(monkeypatch):
    """Were the counter evicted, old entries must not be served again: it
    starts again from the clock, past every number used before."""
    cache.bump()
    cache.bump()
    before = cache.generation()
    monkeypatch.setattr(cache.time, "time_ns", lambda: (before + 1) * 1000)
    django_cache.delete(cache.GENERATION_KEY)
    assert cache.generation() > before


def test_saving_site_settings_makes_the_cached_settings_fresh():
    assert site_settings().site_name_en == ""
    SiteSettings(site_name_en="Renamed office").save()
    assert site_settings().site_name_en == "Renamed office"


def test_counters_and_locks_ignore_the_content_generation():
    assert cache.count(cache.COMMENT_RATE, "a") == 1
    cache.bump()
    assert cache.count(cache.COMMENT_RATE, "a") == 2
    assert cache.acquire(cache.NOTIFY_LOCK)
    assert not cache.acquire(cache.NOTIFY_LOCK)
    cache.release(cache.NOTIFY_LOCK)
    assert cache.acquire(cache.NOTIFY_LOCK)


def test_counting_is_atomic_across_threads(settings):
    """Twenty posts at the same moment: exactly the limit gets through (with
    Redis, as CI runs it, across processes too)."""
    settings.COMMENTS_RATE_LIMIT_POSTS = 5
    from comments.moderation import take_posting_slot

    with ThreadPoolExecutor(max_workers=10) as pool:
        allowed = list(pool.map(lambda _: take_posting_slot("192.0.2.77"), range(20)))

    assert allowed.count(True) == 5


@pytest.fixture
def content_cache_of_its_own(settings):
    """``PAGE_CACHE_REDIS_URL`` set: content entries in a cache of their own.
    Both caches in this process's memory, where the test can see every key
    (also in the run with ``REDIS_URL``)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cms-default-test",
        },
        "content": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cms-content-test",
        },
    }
    content = caches["content"]
    for each in (caches["default"], content):
        each.clear()
    yield content
    for each in (caches["default"], content):
        each.clear()


def test_with_a_content_cache_pages_never_push_out_a_rate_limit(
    client, content_cache_of_its_own
):
    """Redis evicts what it must when its memory is full: a flood of pages
    in the content cache evicts pages, never a reader's comment count."""
    url = make_article(language="en").get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    page_key = cache.key(cache.PAGES)[: len("cms:page:")]
    assert any(page_key in key for key in stored_keys(content_cache_of_its_own))
    assert not any(page_key in key for key in stored_keys(caches["default"]))
    assert cache.count(cache.COMMENT_RATE, "192.0.2.1") == 1

    content_cache_of_its_own.clear()  # every page evicted

    assert cache.count(cache.COMMENT_RATE, "192.0.2.1") == 2
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get("/healthz").json()["cache"] == "ok"


def test_the_page_cache_redis_comes_from_the_environment():
    code = (
        "import cms.settings as s;"
        "print(s.CACHES['content']['LOCATION'], s.CACHES['default']['LOCATION'])"
    )
    result = run_python(
        ["-c", code],
        REDIS_URL="redis://127.0.0.1:6379/0",
        PAGE_CACHE_REDIS_URL="redis://127.0.0.1:6380/0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://127.0.0.1:6380/0",
        "redis://127.0.0.1:6379/0",
    ]


def test_touching_an_articles_comments_refreshes_what_shows_them_only():
    cache.store(cache.COMMENT_THREAD, 1, "en", value="thread of 1")
    cache.store(cache.COMMENT_THREAD, 2, "en", value="thread of 2")
    cache.store(cache.LIST_TOTAL, "home", value=10)

    cache.touch(cache.article_comments(1))

    assert cache.fetch(cache.COMMENT_THREAD, 1, "en") is None
    assert cache.fetch(cache.COMMENT_THREAD, 2, "en") == "thread of 2"
    assert cache.fetch(cache.LIST_TOTAL, "home") == 10


def test_a_page_depends_on_what_it_drew():
    cache.start_request_memo()
    try:
        cache.depends_on(cache.article_comments(7))
        cache.store(cache.PAGES, "/en/x/", value="page")
    finally:
        cache.end_request_memo()
    cache.store(cache.PAGES, "/en/y/", value="other page")

    cache.touch(cache.article_comments(7))

    assert cache.fetch(cache.PAGES, "/en/x/") is None
    assert cache.fetch(cache.PAGES, "/en/y/") == "other page"


def test_a_value_drawn_before_a_touch_and_kept_after_it_is_stale():
    """The counters are read before what they guard: a change made while the
    value was computed leaves it stale, not kept as new."""

    def compute():
        cache.touch(cache.article_comments(3))  # a moderator, meanwhile
        return "thread read before the change"

    cache.start_request_memo()
    try:
        cache.remember(cache.COMMENT_THREAD, 3, "en", compute=compute)
    finally:
        cache.end_request_memo()

    assert cache.fetch(cache.COMMENT_THREAD, 3, "en") is None


def test_a_lost_dependency_counter_leaves_nothing_kept_fresh_by_mistake():
    """A counter evicted from the cache: what was kept with it is right until
    the next change, which starts the counter again and moves its kind's."""
    dependency = cache.dependency_key(cache.article_comments(5))
    kind = cache.dependency_key(cache.summary_of(cache.article_comments(5)))
    cache.touch(cache.article_comments(5))
    cache.store(cache.COMMENT_THREAD, 5, "en", value="kept with a counter")
    django_cache.delete(dependency)  # evicted
    assert cache.fetch(cache.COMMENT_THREAD, 5, "en") == "kept with a counter"

    cache.touch(cache.article_comments(5))
    assert cache.fetch(cache.COMMENT_THREAD, 5, "en") is None

    cache.store(cache.COMMENT_THREAD, 5, "en", value="kept again")
    django_cache.delete(kind)  # the kind's evicted: its own counter is read
    assert cache.fetch(cache.COMMENT_THREAD, 5, "en") == "kept again"
    django_cache.delete(dependency)
    cache.touch(cache.article_comments(5))
    assert cache.fetch(cache.COMMENT_THREAD, 5, "en") is None


def test_releases_side_by_side_never_read_each_others_values():
    """During a rolling deploy or after a rollback, Redis holds content values
    in an older release's form under that release's keys: this one computes
    its own, and leaves theirs alone."""
    older = cache.key(cache.LIST_TOTAL, "home").replace(f":{cache.FORMAT}:", ":")
    django_cache.set(older, (1, 2, 3, 4))

    assert cache.remember(cache.LIST_TOTAL, "home", compute=lambda: 7) == 7
    assert django_cache.get(older) == (1, 2, 3, 4)
    assert cache.key(cache.COMMENT_RATE, "a").count(":") == 2  # counters keep theirs
