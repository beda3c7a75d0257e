from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Every test starts with an empty cache and its own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Logging users in is most of a test's time with the real hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def one_edition(settings):
    """An office publishing in one language: every article in both interfaces."""
    settings.CMS_SEPARATE_EDITIONS = False


@pytest.fixture
def stopped_clock():
    """The time stands still for the test: a page drawn twice shows the same
    header clock and date, even when a second ticks between the two requests."""
    moment = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment
