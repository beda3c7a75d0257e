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


@pytest.fixture
def telegram(settings, bot_api):
    """The site's bot set up to talk to the stand-in."""
    settings.TELEGRAM_BOT_TOKEN = bot_api.token
    settings.TELEGRAM_API_URL = bot_api.url
    settings.CMS_SITE_URL = "https://media.example.org"
    return bot_api


@pytest.fixture
def channel(telegram):
    """The English edition's channel."""
    from delivery.models import Channel

    return Channel.objects.create(name="News", chat="@water_news", language="en")


@pytest.fixture
def endpoint(settings, webhook_receiver):
    """A partner's endpoint at the receiver, which the site may reach."""
    from delivery import signing
    from delivery.models import Endpoint

    settings.CMS_WEBHOOKS_ALLOW_PRIVATE = True
    settings.CMS_SITE_URL = "https://media.example.org"
    settings.ALLOWED_HOSTS = ["media.example.org"]
    return Endpoint.objects.create(
        name="Partner agency",
        url=webhook_receiver.url("/hooks/cms"),
        secret=signing.new_secret(),
    )
