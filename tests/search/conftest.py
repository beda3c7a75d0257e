import pytest
from django.utils import translation

from search.query import Filters, search_articles


@pytest.fixture(autouse=True)
def _english_interface():
    """Messages and the default edition in English, unless a test says otherwise."""
    with translation.override("en"):
        yield


def found(text, **filters):
    """The titles ``search_articles`` finds for ``text``, best first."""
    return [a.title for a in search_articles(text, Filters(**filters))]
