"""The client's address: one rule (core.client) for comments and the login throttle."""

import pytest
from django.test import RequestFactory

from core.client import client_address


@pytest.mark.parametrize(
    ("header", "meta", "address"),
    [
        ("REMOTE_ADDR", {"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
        (
            "HTTP_X_FORWARDED_FOR",
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 192.0.2.9"},
            "192.0.2.9",
        ),
        ("HTTP_X_REAL_IP", {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
        (
            "HTTP_X_REAL_IP",
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "2001:db8::1"},
            "2001:db8::1",
        ),
        ("REMOTE_ADDR", {"REMOTE_ADDR": "garbage"}, None),
    ],
)
def test_client_address_follows_the_trusted_header(settings, header, meta, address):
    settings.CMS_CLIENT_ADDRESS_HEADER = header
    request = RequestFactory().get("/", **meta)
    assert client_address(request) == address


def test_the_login_throttle_asks_the_same_rule(settings):
    """django-axes counts failed logins by the address comments are counted by."""
    from axes.helpers import get_client_ip_address

    settings.CMS_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().post(
        "/admin/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.4"
    )
    assert get_client_ip_address(request) == "198.51.100.4"
