"""Counting the queries of a page, for the tests that bound them."""

import pytest
from django.core.cache import cache


def measure(client, url, bound, django_assert_max_num_queries, statuses=(200, 404)):
    """The number of queries ``url`` runs with a cold cache, within ``bound``."""
    cache.clear()
    try:
        with django_assert_max_num_queries(bound) as queries:
            response = client.get(url)
    except pytest.fail.Exception as error:
        pytest.fail(f"{url}: {error}")
    assert response.status_code in statuses, (url, response.content[:300])
    return len(queries.captured_queries)
