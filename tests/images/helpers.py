"""Images built in memory for the image tests: EXIF, GPS, bombs, stored files."""

import io
import os
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import ImageFieldFile
from PIL import ExifTags, Image

from articles.models import Author
from images.validation import validate_image_upload

RED, BLUE = (220, 20, 20), (20, 20, 220)
GPS_LATITUDE = (24.0, 28.0, 12.5)
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Reporter: Sample Name</x:xmpmeta>'


# Building images in memory ----------------------------------------------------


def noise_png(size):
    """A PNG that does not compress: its size in bytes is about 3 × its pixels."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def image_bytes(image_format="JPEG", size=(64, 48), mode="RGB", color=RED, **save):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=image_format, **save)
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


def exif_with_gps(orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Sample Camera Co"
    exif[ExifTags.Base.BodySerialNumber] = "SN-0001"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    return exif


def jpeg_with_gps(size=(64, 48)):
    return image_bytes(
        "JPEG", size, exif=exif_with_gps(), xmp=XMP, comment=b"Sample comment"
    )


def half_red_half_blue(size=(40, 20)):
    """Left half red, right half blue."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return image


def png_header_only(width, height):
    """A tiny PNG that claims ``width`` × ``height`` pixels (a bomb's shape)."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + chunk(b"IEND", b"")
    )


def refusal(file):
    """The ValidationError ``validate_image_upload`` raises, warnings as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValidationError) as caught:
            validate_image_upload(file)
    return caught.value


def reopen(content):
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def stored(name, data):
    """An ``ImageFieldFile`` for ``data`` saved in storage (no database row)."""
    saved = default_storage.save(name, ContentFile(data))
    return ImageFieldFile(Author(), Author._meta.get_field("photo"), saved)


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
    )
