import pytest

from tests.delivery.bot_api import BotAPIServer


@pytest.fixture
def bot_api():
    """Telegram's Bot API stood in for by a server on 127.0.0.1, for one test."""
    server = BotAPIServer()
    yield server
    server.close()
