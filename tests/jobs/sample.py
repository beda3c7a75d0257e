"""Jobs for the queue's tests: each records its tries in the cache, which the
worker and the test share."""

import hashlib

from django.core.cache import cache

from jobs import queue


def tries(name):
    return cache.get(f"sample-job:{hashlib.sha256(name.encode()).hexdigest()}", 0)


def _count(name):
    key = hashlib.sha256(name.encode()).hexdigest()
    cache.set(f"sample-job:{key}", tries(name) + 1, None)


@queue.job(label="Succeed")
def succeed(name):
    _count(name)
    return f"done {name}"


@queue.job(label="Fail a few times", tries=3)
def fail_until(name, last_failing_try):
    _count(name)
    if tries(name) <= last_failing_try:
        raise ConnectionError(f"{name}: the other side is away")
    return tries(name)


@queue.job(label="Give up")
def give_up(name):
    _count(name)
    raise queue.GiveUp(f"{name}: nothing another try could mend")


@queue.job(label="Wait once")
def wait_once(name):
    _count(name)
    if tries(name) == 1:
        raise queue.RetryIn(90, "the other side asks for a minute and a half")
    return tries(name)
