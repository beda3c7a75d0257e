"""The accepted formats, and how pixels are written back without metadata."""

from __future__ import annotations

import io
from pathlib import PurePosixPath
from typing import Any

from PIL import Image

# Pillow plugins allowed to decode an upload (MPO, the multi-picture JPEG many
# phones write, is opened by the JPEG plugin and kept as a plain JPEG).
DECODERS = ("JPEG", "PNG", "WEBP")
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
FORMAT_OF_EXTENSION = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
# For feeds' enclosures and link previews.
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

JPEG_QUALITY = 88
RENDITION_JPEG_QUALITY = 82
WEBP_QUALITY = 80


def format_of(name: str) -> str | None:
    """The image format a stored name stands for, from its extension."""
    return FORMAT_OF_EXTENSION.get(PurePosixPath(name).suffix.lower().lstrip("."))


def stem(name: str) -> str:
    """A file name without its folders and extension (``image`` when empty)."""
    return PurePosixPath(str(name).replace("\\", "/")).stem or "image"


def web_mode(image: Image.Image, image_format: str) -> Image.Image:
    """``image`` in a mode the format stores and browsers show correctly."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode == "1":
        image = image.convert("L")
    elif image.mode not in ("L", "LA", "RGB", "RGBA", "P"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if image_format == "JPEG" and image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    return image


def encode(
    image: Image.Image, image_format: str, *, jpeg_quality: int = JPEG_QUALITY
) -> bytes:
    """``image`` encoded without any metadata at all."""
    # Plugins read some metadata from ``info`` (JPEG comments, PNG ICC
    # profiles); only PNG transparency, which is pixel data, is kept.
    transparency = image.info.get("transparency")
    image.info = {}
    if transparency is not None and image.mode in ("P", "L", "RGB"):
        image.info["transparency"] = transparency
    buffer = io.BytesIO()
    options: dict[str, Any] = {"exif": b"", "icc_profile": None}
    if image_format == "JPEG":
        options.update(quality=jpeg_quality, optimize=True, progressive=True)
    elif image_format == "WEBP":
        options.update(quality=WEBP_QUALITY, method=4)
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()
