"""Our webhook signatures, as a partner checks them.

Every signature is verified with the Standard Webhooks reference library
(``standardwebhooks``), never with our own code: a partner's library is the
judge of whether our headers are right.
"""

import base64
import json
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from delivery.addresses import post
from delivery.signing import new_secret, signed_headers

BODY = json.dumps(
    {"type": "statement.published", "data": {"id": 7, "title": "بيان صحفي"}},
    ensure_ascii=False,
).encode()


def test_a_new_secret_is_whsec_and_random_base64():
    secret = new_secret()
    assert secret.startswith("whsec_")
    key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    assert 24 <= len(key) <= 32
    assert len({new_secret() for _ in range(50)}) == 50


def test_the_library_verifies_our_signature():
    secret = new_secret()
    headers = signed_headers(secret, "msg_2Kq8", BODY)
    assert Webhook(secret).verify(BODY, headers) == json.loads(BODY)
    assert headers["webhook-id"] == "msg_2Kq8"
    assert headers["content-type"] == "application/json"


def test_the_timestamp_is_now_in_seconds():
    before = int(time.time())
    headers = signed_headers(new_secret(), "msg_1", BODY)
    assert before <= int(headers["webhook-timestamp"]) <= time.time() + 1


def test_the_example_of_the_specification():
    """The signed example the Standard Webhooks specification gives."""
    headers = signed_headers(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        b'{"test": 2432232314}',
        timestamp=1614265330,
    )
    assert headers["webhook-timestamp"] == "1614265330"
    assert headers["webhook-signature"] == (
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_a_secret_without_prefix_or_padding_is_the_same_key():
    """Partners' tools print secrets either way; the library reads both."""
    secret = new_secret()
    key = secret.removeprefix("whsec_")
    now = int(time.time())
    headers = signed_headers(key.rstrip("="), "msg_1", BODY, timestamp=now)
    assert headers == signed_headers(secret, "msg_1", BODY, timestamp=now)
    Webhook(secret).verify(BODY, headers)


def test_a_changed_body_fails():
    secret = new_secret()
    headers = signed_headers(secret, "msg_1", BODY)
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(secret).verify(BODY.replace(b"7", b"8"), headers)
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(secret).verify(BODY + b"\n", headers)


def test_a_changed_timestamp_fails():
    secret = new_secret()
    headers = signed_headers(secret, "msg_1", BODY)
    headers["webhook-timestamp"] = str(int(headers["webhook-timestamp"]) - 1)
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(secret).verify(BODY, headers)


def test_a_changed_id_fails():
    secret = new_secret()
    headers = signed_headers(secret, "msg_1", BODY)
    headers["webhook-id"] = "msg_2"
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(secret).verify(BODY, headers)


def test_another_secret_fails():
    headers = signed_headers(new_secret(), "msg_1", BODY)
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(new_secret()).verify(BODY, headers)


def test_an_old_timestamp_is_refused():
    """Signed correctly an hour ago: the library refuses it as a replay, which
    it only can because our timestamp is in seconds."""
    secret = new_secret()
    headers = signed_headers(secret, "msg_1", BODY, timestamp=int(time.time()) - 3600)
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(secret).verify(BODY, headers)


def test_a_timestamp_in_milliseconds_would_be_refused():
    """The mistake our header does not make: the library refuses it."""
    secret = new_secret()
    headers = signed_headers(secret, "msg_1", BODY, timestamp=int(time.time() * 1000))
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY, headers)


@pytest.mark.parametrize(
    ("secret", "message_id", "body", "error"),
    [
        ("whsec_", "msg_1", BODY, ValueError),
        ("whsec_not base64!", "msg_1", BODY, ValueError),
        ("whsec_" + "A" * 32, "", BODY, ValueError),
        ("whsec_" + "A" * 32, "msg 1", BODY, ValueError),
        ("whsec_" + "A" * 32, "msg_1\r\nx: y", BODY, ValueError),
        ("whsec_" + "A" * 32, "msg_1", BODY.decode(), TypeError),
    ],
)
def test_what_cannot_be_signed(secret, message_id, body, error):
    with pytest.raises(error):
        signed_headers(secret, message_id, body)


def test_a_signed_webhook_arrives_verifiable(webhook_receiver):
    """Signed, sent with ``post`` and verified as the partner would: on the
    body bytes and headers the receiver got."""
    secret = new_secret()
    headers = signed_headers(secret, "msg_2Kq8", BODY)
    answer = post(webhook_receiver.url(), BODY, headers, allow_private=True)
    assert answer.status == 200
    [received] = webhook_receiver.requests
    assert received.body == BODY
    assert Webhook(secret).verify(received.body, received.headers) == json.loads(BODY)
