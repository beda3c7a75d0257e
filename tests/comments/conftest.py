import pytest


@pytest.fixture(autouse=True)
def _comment_settings(settings):
    """Known values for the settings the comment tests rely on."""
    settings.COMMENTS_MODERATOR_EMAILS = ["moderators@example.org"]
    settings.CMS_SITE_URL = "https://media.example.org"
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    settings.COMMENTS_BLOCKLIST = []
    settings.COMMENTS_BLOCKED_ADDRESSES = []
    settings.COMMENTS_BLOCKED_EMAILS = []
    settings.COMMENTS_AUTO_APPROVE_KNOWN_EMAILS = False
