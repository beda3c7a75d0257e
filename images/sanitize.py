"""A clean copy of an accepted upload: upright, sRGB, and without metadata.

Reporters' safety comes first: a photo's EXIF can carry the GPS position of
where it was taken and the camera's serial number. The form or service that
saves an upload calls ``sanitize_new_upload`` (or ``sanitize_upload``) on it;
``images.storage`` refuses to store an upload that skipped this step.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageCms, ImageOps

from images.encoding import ACCEPTED_FORMATS, EXTENSIONS, encode, stem, web_mode
from images.validation import checked_image


class SanitizedImage(ContentFile):
    """The bytes ``sanitize_upload`` made: the only kind of upload stored."""


def _colour_space(icc_profile: bytes) -> str | None:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return profile.profile.xcolor_space.strip()
    except Exception:  # a broken profile is simply dropped
        return None


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert pixels described by an embedded ICC profile to plain sRGB.

    The profile itself is then dropped like all other metadata: a colour
    profile made by a calibration tool can carry a person's or a machine's
    name, and untagged pixels are read as sRGB by every browser.
    """
    if not icc_profile:
        return image
    space = _colour_space(icc_profile)
    if space == "CMYK" and image.mode == "CMYK":
        output_mode = "RGB"
    elif space == "RGB":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        output_mode = image.mode
    else:
        return image
    try:
        converted = ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
            ImageCms.createProfile("sRGB"),
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode=output_mode,
        )
    except Exception:  # unusable profile: keep the pixels as they are
        return image
    return converted or image


def sanitize_upload(file) -> SanitizedImage:
    """A clean copy of an accepted image upload, ready to be stored.

    The EXIF orientation is applied to the pixels, colours are converted to
    sRGB, and the image is re-encoded in its own format (JPEG quality 88) with
    no metadata whatever: EXIF (GPS position included), XMP, IPTC, comments
    and ICC profile are all gone. The name keeps the original's stem with the
    extension of the real format (``holiday.JPEG`` → ``holiday.jpg``, a PNG
    called ``photo.jpg`` → ``photo.png``).

    Raises ``ValidationError`` for input that ``validate_image_upload``
    refuses; ``file`` is left rewound.
    """
    with checked_image(file) as image:
        image_format = ACCEPTED_FORMATS[image.format]
        icc_profile = image.info.get("icc_profile")
        # exif_transpose returns a copy even when nothing turns; the copy is
        # detached from the upload, which the context manager then closes.
        clean = ImageOps.exif_transpose(image)
    clean = web_mode(_to_srgb(clean, icc_profile), image_format)
    data = encode(clean, image_format)
    name = stem(getattr(file, "name", None) or "image")
    return SanitizedImage(data, name=f"{name}.{EXTENSIONS[image_format]}")


def sanitize_new_upload(value):
    """A form's cleaned image value, with a new upload replaced by its clean copy.

    An empty value, a cleared field (``False``) and the file already stored
    are returned as they are: only what the user just sent is re-encoded.
    """
    if not value or isinstance(value, FieldFile | SanitizedImage):
        return value
    return sanitize_upload(value)
