"""Sanitising uploads: metadata stripped, orientation applied, colours in sRGB."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from images.sanitize import sanitize_upload
from images.validation import validate_image_upload
from tests.images.helpers import (
    XMP,
    exif_with_gps,
    half_red_half_blue,
    image_bytes,
    jpeg_with_gps,
    reopen,
    upload,
)


def test_sanitizing_a_jpeg_strips_exif_gps_xmp_and_comments():
    """Nothing identifying survives: EXIF (with GPS), XMP, comments."""
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    clean = sanitize_upload(upload("scene.jpg", original))

    data = clean.read()
    result = Image.open(io.BytesIO(data))
    assert result.format == "JPEG"
    assert dict(result.getexif()) == {}
    assert not result.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(result.info)
    for secret in (b"Exif", b"Sample Camera", b"SN-0001", b"Sample Name", b"xmpmeta"):
        assert secret not in data
    assert b"Sample comment" not in data


def test_sanitizing_a_png_strips_text_and_exif_but_keeps_transparency():
    """PNG text chunks and EXIF go; the alpha channel is pixel data and stays."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Sample Name")
    info.add_itxt("Location", "Sample Street 1")
    image = Image.new("RGBA", (30, 20), (10, 200, 10, 0))
    image.paste((10, 200, 10, 255), (0, 0, 15, 20))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, exif=exif_with_gps())

    clean = sanitize_upload(upload("map.png", buffer.getvalue()))

    data = clean.read()
    result = Image.open(io.BytesIO(data))
    assert (result.format, result.mode) == ("PNG", "RGBA")
    assert b"Sample Name" not in data and b"Sample Street" not in data
    assert not {"Author", "Location", "exif"} & set(result.info)
    assert result.getpixel((0, 0))[3] == 255
    assert result.getpixel((29, 0))[3] == 0


def test_sanitizing_a_webp_strips_exif_and_xmp():
    """WebP's EXIF and XMP chunks are dropped too."""
    original = image_bytes("WEBP", exif=exif_with_gps(), xmp=XMP)
    assert "exif" in Image.open(io.BytesIO(original)).info

    clean = sanitize_upload(upload("banner.webp", original))

    data = clean.read()
    result = Image.open(io.BytesIO(data))
    assert result.format == "WEBP"
    assert not {"exif", "xmp", "icc_profile"} & set(result.info)
    assert b"Sample Name" not in data and b"SN-0001" not in data


def test_sanitizing_applies_the_exif_orientation_and_drops_the_tag():
    """An orientation-6 photo comes out turned: width and height swapped."""
    buffer = io.BytesIO()
    half_red_half_blue((40, 20)).save(
        buffer, "JPEG", quality=95, exif=exif_with_gps(orientation=6)
    )

    clean = sanitize_upload(upload("turned.jpg", buffer.getvalue()))

    result = reopen(clean)
    assert result.size == (20, 40)
    assert ExifTags.Base.Orientation not in result.getexif()
    # Orientation 6 means "turn 90° clockwise": the left (red) half is on top.
    top, bottom = result.getpixel((10, 5)), result.getpixel((10, 35))
    assert top[0] > 150 and top[2] < 100
    assert bottom[2] > 150 and bottom[0] < 100


def test_sanitizing_converts_an_icc_profile_to_plain_srgb():
    """The colour profile is applied to the pixels and then dropped."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = image_bytes("JPEG", color=(100, 150, 200), icc_profile=srgb)

    clean = sanitize_upload(upload("tinted.jpg", original))

    result = reopen(clean)
    assert "icc_profile" not in result.info
    assert all(
        abs(a - b) <= 4
        for a, b in zip(result.getpixel((5, 5)), (100, 150, 200), strict=True)
    )


def test_sanitizing_a_cmyk_jpeg_gives_an_rgb_jpeg():
    """Print-ready CMYK files become RGB, which every browser shows."""
    clean = sanitize_upload(
        upload("print.jpg", image_bytes("JPEG", mode="CMYK", color=(0, 0, 0, 0)))
    )

    assert reopen(clean).mode == "RGB"


@pytest.mark.parametrize(
    ("name", "image_format", "expected"),
    [
        ("Holiday Photo.JPEG", "JPEG", "Holiday Photo.jpg"),
        ("scan.jpg", "PNG", "scan.png"),
        ("banner.png", "WEBP", "banner.webp"),
        ("صورة الاجتماع.jpeg", "JPEG", "صورة الاجتماع.jpg"),
    ],
)
def test_the_sanitized_file_keeps_the_stem_with_the_real_extension(
    name, image_format, expected
):
    """The stem is the editor's; the extension is the real format's."""
    clean = sanitize_upload(upload(name, image_bytes(image_format)))

    assert clean.name == expected
    assert reopen(clean).format == image_format


def test_sanitizing_refuses_what_validation_refuses():
    """``sanitize_upload`` on a non-image raises ValidationError, nothing else."""
    with pytest.raises(ValidationError):
        sanitize_upload(upload("notes.jpg", b"plain text"))


def test_sanitizing_leaves_the_upload_rewound():
    """The upload can still be read from the start afterwards."""
    data = jpeg_with_gps()
    file = upload("scene.jpg", data)

    sanitize_upload(file)

    assert file.tell() == 0
    assert file.read() == data


def test_a_large_upload_spooled_to_disk_is_checked_and_sanitized():
    """Uploads over 2.5 MB arrive as temporary files; they work the same."""
    data = jpeg_with_gps()
    file = TemporaryUploadedFile("scene.jpg", "image/jpeg", len(data), None)
    file.write(data)
    file.seek(0)

    validate_image_upload(file)
    clean = sanitize_upload(file)

    assert not reopen(clean).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    file.close()
