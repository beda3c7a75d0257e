import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the site's default language is Arabic)."""
    with translation.override("en"):
        yield
