"""Is an upload a real JPEG, PNG or WebP image within the limits?

Limits are site settings read when used (``core.conf``): ``CMS_IMAGE_MAX_BYTES``,
``CMS_IMAGE_MAX_PIXELS`` and ``CMS_IMAGE_MAX_DIMENSION``. A decompression bomb
(a small file that expands to gigabytes in memory) is refused before a single
pixel is decoded.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core import conf
from images.encoding import ACCEPTED_FORMATS, DECODERS

MESSAGES = {
    "invalid_image": _(
        "This file is not an image, or the image is damaged. "
        "Upload a JPEG, PNG or WebP image."
    ),
    "image_format": _(
        "%(format)s images are not accepted. Upload a JPEG, PNG or WebP image."
    ),
    "image_too_big": _("The file is %(size)s; the largest file accepted is %(limit)s."),
    "image_dimensions": _(
        "The image is %(width)s × %(height)s pixels; no side may be longer than "
        "%(limit)s pixels."
    ),
    "decompression_bomb": _(
        "The image was refused as a possible decompression bomb: it would expand "
        "to more than %(limit)s pixels in memory. Reduce its dimensions and "
        "upload it again."
    ),
}


def _error(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _byte_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, io.SEEK_END)
        file.seek(position)
    return size


def _pixel_limit() -> int:
    # Pillow's own limit applies too (its warning is turned into a refusal).
    limits = [conf.get("CMS_IMAGE_MAX_PIXELS")]
    if Image.MAX_IMAGE_PIXELS:
        limits.append(Image.MAX_IMAGE_PIXELS)
    return min(limits)


def _sniff_format(file) -> str | None:
    """The name of a format Pillow does not read but an editor may try (SVG,
    HEIC from phones), so that the message says what was refused."""
    file.seek(0)
    head = file.read(2048)
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"mif1", b"msf1"):
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
    if b"<svg" in head.lower():
        return "SVG"
    return None


def _identify_refused_format(file) -> str | None:
    """The format of a file that none of the accepted decoders can open."""
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                return image.format
    except Exception:  # any failure means "not an image we know"
        pass
    try:
        return _sniff_format(file)
    except Exception:
        return None


@contextmanager
def checked_image(file, *, decode: bool = True) -> Iterator[Image.Image]:
    """Open ``file`` as a decoded, accepted image, or raise ``ValidationError``.

    The checks that need no decoding (bytes, format, dimensions) come first,
    so a bomb is refused before a single pixel is decompressed; with
    ``decode=False`` only those are made (to read the size). The file is
    rewound afterwards for whoever reads it next.
    """
    if getattr(file, "closed", False):
        file.open("rb")
    size = _byte_size(file)
    limit = conf.get("CMS_IMAGE_MAX_BYTES")
    if size > limit:
        raise _error(
            "image_too_big", size=filesizeformat(size), limit=filesizeformat(limit)
        )
    image = None
    try:
        file.seek(0)
        # Pillow gets its own copy (at most CMS_IMAGE_MAX_BYTES): Image.close()
        # would close the caller's file, and storage files need not seek well.
        data = io.BytesIO(file.read(limit + 1))
        # Pillow warns above Image.MAX_IMAGE_PIXELS and raises above twice that;
        # both are refusals here.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(data, formats=DECODERS)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _error(
                    "decompression_bomb", limit=_number(_pixel_limit())
                ) from None
            except UnidentifiedImageError:
                refused = _identify_refused_format(data)
                if refused:
                    raise _error("image_format", format=refused) from None
                raise _error("invalid_image") from None
            except Exception:  # hostile input raises anything
                raise _error("invalid_image") from None
            if image.format not in ACCEPTED_FORMATS:
                raise _error("image_format", format=image.format)
            width, height = image.size
            if width * height > _pixel_limit():
                raise _error("decompression_bomb", limit=_number(_pixel_limit()))
            longest = conf.get("CMS_IMAGE_MAX_DIMENSION")
            if max(width, height) > longest:
                raise _error(
                    "image_dimensions",
                    width=_number(width),
                    height=_number(height),
                    limit=_number(longest),
                )
            try:
                if decode:
                    image.load()
            except ValueError as exc:
                # Pillow's guard against compressed metadata chunks (PNG iCCP,
                # zTXt) that expand past its limits.
                if "too large" in str(exc):
                    raise _error(
                        "decompression_bomb", limit=_number(_pixel_limit())
                    ) from None
                raise _error("invalid_image") from None
            except Exception:  # truncated or corrupt pixel data
                raise _error("invalid_image") from None
        yield image
    finally:
        if image is not None:
            image.close()
        file.seek(0)


def validate_image_upload(file) -> None:
    """Validator for image uploads: a real JPEG, PNG or WebP within the limits.

    Usable in a model ``ImageField(validators=[validate_image_upload])`` and in
    forms. Raises only ``ValidationError`` (codes ``invalid_image``,
    ``image_format``, ``image_too_big``, ``image_dimensions``,
    ``decompression_bomb``) and leaves the file rewound for the save that
    follows. A file already in storage (an unchanged field) was checked when it
    was uploaded and is not read again.
    """
    if not file or getattr(file, "_committed", False):
        return
    with checked_image(file):
        pass


class ImageUploadField(forms.ImageField):
    """A form ``ImageField`` that runs ``validate_image_upload`` first.

    Django's own ``forms.ImageField`` answers a very large bomb with its generic
    "not an image" message; this field names the real reason. Use it through
    ``ModelAdmin.formfield_overrides``; the form then passes the accepted
    upload to ``images.sanitize.sanitize_new_upload`` before saving it.
    """

    def to_python(self, data):
        if data not in self.empty_values and not getattr(data, "_committed", False):
            validate_image_upload(data)
        return super().to_python(data)
