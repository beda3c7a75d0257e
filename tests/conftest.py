import pytest
from django.core.cache import cache


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
