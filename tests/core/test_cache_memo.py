"""Within one request the shared cache is asked once for the generation and
each content entry; nothing is remembered from one request to the next."""

import pytest
from django.core.signals import request_started
from django.test import Client

from core import cache
from tests.comments.factories import article_url, make_comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


class CountingCache:
    """The shared cache, counting how often it is read."""

    def __init__(self, real):
        self.real = real
        self.reads = 0

    def get(self, *args, **kwargs):
        self.reads += 1
        return self.real.get(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        self.reads += 1
        return self.real.get_many(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def counting(monkeypatch, settings):
    settings.CMS_PAGE_CACHE_SECONDS = 0
    counter = CountingCache(cache.backend())
    monkeypatch.setattr(cache, "backend", lambda entry=None: counter)
    return counter


def reads_for_a_page_with(comments, counting):
    article = make_article(language="ar")
    for _ in range(comments):
        make_comment(article=article)
    counting.reads = 0
    response = Client().get(article_url(article, "ar"))
    assert response.status_code == 200
    return counting.reads


def test_dates_on_a_page_cost_no_cache_reads_each(counting):
    """Formatting a date reads the moon-sighting table: once per page, not
    once per comment."""
    few = reads_for_a_page_with(2, counting)

    many = reads_for_a_page_with(40, counting)

    assert many == few


def test_the_memo_lives_for_one_request_only():
    seen = []

    def look(**kwargs):
        seen.append(dict(cache.request_memo()))

    request_started.connect(look)
    try:
        Client().get("/en/")
    finally:
        request_started.disconnect(look)

    assert seen == [{}]  # empty as the request starts
    assert cache.request_memo() is None  # and gone once it ends


def test_a_change_in_another_process_shows_at_the_next_request(counting):
    calls = []
    cache.start_request_memo()
    cache.remember(cache.LIST_TOTAL, "x", compute=lambda: calls.append(1) or 1)
    cache.end_request_memo()
    cache.backend().incr(cache.GENERATION_KEY)  # another worker changed the content

    cache.start_request_memo()
    cache.remember(cache.LIST_TOTAL, "x", compute=lambda: calls.append(1) or 2)
    cache.end_request_memo()

    assert calls == [1, 1]


def test_a_change_made_during_the_request_is_seen_by_the_rest_of_it():
    calls = []
    cache.start_request_memo()
    try:
        before = cache.generation()
        cache.remember(cache.LIST_TOTAL, "x", compute=lambda: calls.append(1) or 1)
        cache.bump()
        assert cache.generation() == before + 1
        value = cache.remember(
            cache.LIST_TOTAL, "x", compute=lambda: calls.append(1) or 2
        )
    finally:
        cache.end_request_memo()

    assert value == 2
    assert calls == [1, 1]


def test_outside_a_request_nothing_is_remembered():
    assert cache.request_memo() is None
    before = cache.generation()
    cache.backend().incr(cache.GENERATION_KEY)

    assert cache.generation() == before + 1


def test_a_page_from_the_page_cache_costs_one_read_of_the_shared_cache(
    counting, settings
):
    """The generation, the schedule's next change, the page and the summary
    of what it shows (any article's comments) together."""
    settings.CMS_PAGE_CACHE_SECONDS = 300
    client = Client()
    address = article_url(make_article())
    assert client.get(address)["X-Cache"] == "miss"
    counting.reads = 0

    response = client.get(address)

    assert response["X-Cache"] == "hit"
    assert counting.reads == 1


def test_after_a_comment_elsewhere_a_kept_page_reads_its_own_counters(
    counting, settings
):
    """Some article's comments changed: a second read tells whether the
    page's own did; they did not, and it is still served."""
    settings.CMS_PAGE_CACHE_SECONDS = 300
    client = Client()
    address, elsewhere = article_url(make_article()), make_article()
    assert client.get(address)["X-Cache"] == "miss"
    cache.touch(cache.article_comments(elsewhere.pk))
    counting.reads = 0

    response = client.get(address)

    assert response["X-Cache"] == "hit"
    assert counting.reads == 2


def home_reads(client, counting):
    counting.reads = 0
    assert client.get("/en/").status_code == 200
    return counting.reads


def test_a_list_reads_its_cards_from_the_shared_cache_in_one_round_trip(counting):
    """Cards kept or not, a list of 4 or of 12 reads the shared cache as often:
    the cards are asked for once, and those not kept yet are not asked again."""
    for number in range(4):
        make_article(title=f"Story {number}")
    client = Client()
    few_cold, few_warm = home_reads(client, counting), home_reads(client, counting)
    for number in range(8):
        make_article(title=f"More {number}")

    many_cold, many_warm = home_reads(client, counting), home_reads(client, counting)

    assert (many_cold, many_warm) == (few_cold, few_warm)
