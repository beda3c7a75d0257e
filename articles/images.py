"""Kept for migration 0004, which names this validator; nothing else imports it.

Everything about uploaded pictures lives in the ``images`` package.
"""

from images.validation import validate_image_upload  # noqa: F401
