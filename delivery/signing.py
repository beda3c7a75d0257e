"""Webhook signatures as Standard Webhooks define them.

A partner checks that a webhook comes from us, unchanged and recent, with any
Standard Webhooks library (https://www.standardwebhooks.com/):

- the secret we share with the partner is ``whsec_`` and a base64 key;
- every request carries ``webhook-id`` (the message's id, the same on every
  retry, so the partner can drop duplicates), ``webhook-timestamp`` (Unix
  seconds, so a replayed old request is refused) and ``webhook-signature``:
  ``v1,`` and the base64 HMAC-SHA256, under the key, of
  ``"{id}.{timestamp}."`` followed by the body's bytes exactly as sent.

A few lines of the standard library, so that the runtime does not depend on
the library the tests check these signatures with.
"""

import base64
import hashlib
import hmac
import secrets
import time

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret():
    """A fresh secret to share with one partner."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signed_headers(secret, message_id, body, timestamp=None):
    """The headers that sign ``body`` (bytes, as sent) as message
    ``message_id`` at ``timestamp`` (Unix seconds, now if ``None``)."""
    if not isinstance(body, bytes | bytearray):
        raise TypeError("The body is signed as bytes, exactly as sent.")
    if not (message_id.isascii() and message_id.isprintable()) or " " in message_id:
        raise ValueError("A message id is printable ASCII without spaces.")
    if not message_id:
        raise ValueError("A message id may not be empty.")
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    content = f"{message_id}.{timestamp}.".encode() + bytes(body)
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
        "content-type": "application/json",
    }


def _key(secret):
    """The key a secret stands for: the base64 after ``whsec_``."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except ValueError:
        raise ValueError("A webhook secret is whsec_ and base64.") from None
    if not key:
        raise ValueError("A webhook secret may not be empty.")
    return key
