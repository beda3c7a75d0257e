"""The 500 page tells the truth about who was told."""

import time
import urllib.request
from urllib.error import HTTPError

import pytest
from django.core import mail

from core import outbox
from tests.smtp import LocalSmtpServer
from tests.stalls import HungServer

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]


def test_with_admins_they_get_the_details_and_the_page_says_so(client, settings):
    settings.DEBUG = False
    settings.ADMINS = [("Ops", "ops@example.org")]
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "The technical team has been told" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["ops@example.org"]]
    assert "deliberate failure" in mail.outbox[0].body


def test_without_admins_the_page_does_not_claim_anyone_was_told(client, settings):
    settings.DEBUG = False
    settings.ADMINS = []
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "has been told" not in page and "أُبلغ" not in page
    assert "tell the media office the address of this page" in page
    assert mail.outbox == []


@pytest.fixture
def smtp(settings):
    """Mail goes to an SMTP server on this machine (``settings.EMAIL_PORT``)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.ADMINS = [("Ops", "ops@example.org")]
    return settings


def test_the_same_error_twice_is_mailed_once(client, smtp):
    server = LocalSmtpServer()
    smtp.EMAIL_PORT = server.port
    client.raise_request_exception = False
    try:
        for address in ("/boom/", "/boom/", "/boom/other/"):
            assert client.get(address).status_code == 500
    finally:
        server.close()

    assert len(server.messages) == 2  # one for each kind of error
    assert "deliberate failure for the 500 page" in server.messages[0]
    assert "another deliberate failure" in server.messages[1]


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_holds_no_reader_and_is_tried_once(live_server, smtp):
    """Errors were mailed inside the request: three at once held a reader 9.9 s."""
    server = HungServer()
    smtp.EMAIL_PORT = server.port
    smtp.EMAIL_TIMEOUT = 2
    try:
        waits = [answered_within(f"{live_server.url}/boom/") for _ in range(2)]
        # The mail is given up after the response; meanwhile none is tried.
        deadline = time.monotonic() + 10
        while not outbox.backed_off() and time.monotonic() < deadline:
            time.sleep(0.05)
        later = urlopen_error(f"{live_server.url}/boom/other/")
    finally:
        server.close()

    assert all(status == 500 for status, _seconds in waits)
    assert max(seconds for _status, seconds in waits) < 1, waits
    assert server.accepted == 1  # two identical errors, one try
    assert outbox.backed_off()
    assert later.code == 500
    assert "has been told" not in later.read().decode()  # nobody could be


def urlopen_error(url):
    with pytest.raises(HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    return refused.value


def answered_within(url):
    """The status of ``url`` and the seconds its answer took."""
    started = time.monotonic()
    error = urlopen_error(url)
    error.read()
    return error.code, time.monotonic() - started
