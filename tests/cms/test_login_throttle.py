"""The admin login is throttled per client address and per account (django-axes)."""

from datetime import timedelta

import pytest
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "right-horse-battery-staple"
ALICE = "198.51.100.1"
BOB = "198.51.100.2"


@pytest.fixture
def editors(db):
    return [
        User.objects.create_user(name, password=PASSWORD, is_staff=True)
        for name in ("alice", "bob")
    ]


def sign_in(username, password, address, client=None, **headers):
    client = client or Client()
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=headers.pop("language", "en"),
        **headers,
    )


def fail_five_times(username="alice", address=ALICE, **headers):
    for attempt in range(5):
        response = sign_in(username, "wrong", address, **headers)
        # Each failure before the fifth is the login form's own error.
        assert response.status_code == (429 if attempt == 4 else 200)


def signed_in(response):
    return response.status_code == 302 and response.headers["Location"] == "/admin/"


def test_the_right_password_logs_in(editors):
    assert signed_in(sign_in("alice", PASSWORD, ALICE))


def test_four_wrong_passwords_then_the_right_one_logs_in(editors):
    for _ in range(4):
        response = sign_in("alice", "wrong", ALICE)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    assert signed_in(sign_in("alice", PASSWORD, ALICE))


def test_after_five_wrong_passwords_the_right_one_is_refused_with_the_lockout_page(
    editors,
):
    fail_five_times()

    response = sign_in("alice", PASSWORD, ALICE)

    assert response.status_code == 429
    assert "Signing in is paused" in response.text
    assert "paused for 15 minutes" in response.text
    assert "no-cache" in response.headers["Cache-Control"]
    assert "_auth_user_id" not in response.client.session


def test_the_lockout_page_speaks_the_readers_language(editors):
    fail_five_times(language="ar")

    response = sign_in("alice", PASSWORD, ALICE, language="ar")

    assert response.status_code == 429
    assert '<html lang="ar" dir="rtl">' in response.text
    with translation.override("ar"):
        assert escape(gettext("Signing in is paused")) in response.text


def test_the_address_is_locked_for_every_account(editors):
    fail_five_times()
    assert sign_in("bob", PASSWORD, ALICE).status_code == 429


def test_the_account_is_locked_from_every_address(editors):
    fail_five_times()
    assert sign_in("alice", PASSWORD, BOB).status_code == 429


def test_other_accounts_from_other_addresses_are_unaffected(editors):
    fail_five_times()
    assert signed_in(sign_in("bob", PASSWORD, BOB))


def test_axes_reset_unlocks(editors):
    fail_five_times()
    call_command("axes_reset", verbosity=0)
    assert signed_in(sign_in("alice", PASSWORD, ALICE))


def test_axes_reset_username_unlocks_the_account(editors):
    fail_five_times()
    call_command("axes_reset_username", "alice", verbosity=0)
    assert signed_in(sign_in("alice", PASSWORD, BOB))


def test_axes_reset_ip_unlocks_the_address(editors):
    fail_five_times(username="mallory")
    assert sign_in("bob", PASSWORD, ALICE).status_code == 429
    call_command("axes_reset_ip", ALICE, verbosity=0)
    assert signed_in(sign_in("bob", PASSWORD, ALICE))


def test_the_lock_ends_after_the_cool_off(editors):
    fail_five_times()
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16)
    )
    assert signed_in(sign_in("alice", PASSWORD, ALICE))


def test_behind_the_proxy_header_two_readers_are_counted_apart(editors, settings):
    """Every request comes from the proxy; the header tells the readers apart."""
    settings.CMS_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    proxy = "10.0.0.1"
    for _ in range(5):
        sign_in("mallory", "wrong", proxy, HTTP_X_REAL_IP=ALICE)

    assert sign_in("bob", PASSWORD, proxy, HTTP_X_REAL_IP=ALICE).status_code == 429
    assert signed_in(sign_in("bob", PASSWORD, proxy, HTTP_X_REAL_IP=BOB))


def test_force_login_is_not_throttled(editors, client):
    """Tests and the admin's own pages sign in without a password: no count."""
    client.force_login(editors[0])
    assert client.get("/admin/").status_code == 200


def test_a_test_clients_login_names_its_request(editors):
    """Every sign-in is counted, so ``authenticate`` needs the request: a test
    that signs in with a password gives one (``force_login`` needs none)."""
    client = Client()
    with pytest.raises(AxesBackendRequestParameterRequired):
        client.login(username="alice", password=PASSWORD)

    request = RequestFactory().post(LOGIN, REMOTE_ADDR=ALICE)
    assert client.login(request=request, username="alice", password=PASSWORD)
    assert client.get("/admin/").status_code == 200
