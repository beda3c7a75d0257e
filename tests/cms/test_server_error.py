"""The 500 page tells the truth about who was told."""

import pytest
from django.core import mail

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cms.error_urls")]


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
