import pytest

from tests.delivery.bot_api import BotAPIServer
from tests.delivery.receiver import WebhookReceiver


@pytest.fixture
def bot_api():
    """Telegram's Bot API stood in for by a server on 127.0.0.1, for one test."""
    server = BotAPIServer()
    yield server
    server.close()


@pytest.fixture
def webhook_receiver():
    """A partner's webhook receiver on 127.0.0.1, for one test."""
    with WebhookReceiver() as receiver:
        yield receiver
