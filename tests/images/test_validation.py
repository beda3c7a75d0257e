"""Validating uploads: real JPEG, PNG or WebP images within the limits."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.forms import modelform_factory
from PIL import Image

from articles.models import Author
from images.sanitize import sanitize_upload
from images.validation import ImageUploadField, validate_image_upload
from tests.factories import make_author
from tests.images.helpers import (
    image_bytes,
    jpeg_with_gps,
    noise_png,
    png_header_only,
    refusal,
    upload,
)


@pytest.mark.parametrize(
    ("name", "image_format"),
    [("photo.jpg", "JPEG"), ("chart.png", "PNG"), ("banner.webp", "WEBP")],
)
def test_jpeg_png_and_webp_images_are_accepted(name, image_format):
    """The three web formats pass validation."""
    validate_image_upload(upload(name, image_bytes(image_format)))


def test_validation_leaves_the_file_rewound_for_the_save():
    """After validation the file is read again from its first byte."""
    data = image_bytes("PNG")
    file = upload("chart.png", data)
    file.seek(10)

    validate_image_upload(file)

    assert file.tell() == 0
    assert file.read() == data


def test_a_text_file_renamed_jpg_is_refused_as_not_an_image():
    """A renamed text file is not an image, whatever its extension says."""
    error = refusal(upload("statement.jpg", b"Not a picture, just some words.\n"))

    assert error.code == "invalid_image"
    assert "not an image" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "data", "shown"),
    [
        ("animation.gif", image_bytes("GIF", mode="P", color=1), "GIF"),
        ("scan.bmp", image_bytes("BMP"), "BMP"),
        ("scan.tiff", image_bytes("TIFF"), "TIFF"),
        (
            "logo.svg",
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
            "SVG",
        ),
        ("phone.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64, "HEIC"),
    ],
)
def test_formats_other_than_jpeg_png_webp_are_refused_by_name(name, data, shown):
    """The message names the refused format and the accepted ones."""
    error = refusal(upload(name, data))

    assert error.code == "image_format"
    assert error.messages == [
        f"{shown} images are not accepted. Upload a JPEG, PNG or WebP image."
    ]


def test_a_gif_named_png_is_refused_as_gif():
    """The content decides the format, not the name."""
    error = refusal(upload("chart.png", image_bytes("GIF", mode="P", color=1)))

    assert error.code == "image_format"
    assert "GIF" in error.messages[0]


def test_a_file_over_the_byte_limit_is_refused(settings):
    """A file larger than CMS_IMAGE_MAX_BYTES is refused with both sizes."""
    settings.CMS_IMAGE_MAX_BYTES = 1024
    data = noise_png((30, 30))
    assert len(data) > 1024

    error = refusal(upload("big.png", data))

    assert error.code == "image_too_big"
    assert "1.0\xa0KB" in error.messages[0]


def test_an_image_with_a_side_over_the_dimension_limit_is_refused(settings):
    """Neither side may exceed CMS_IMAGE_MAX_DIMENSION pixels."""
    settings.CMS_IMAGE_MAX_DIMENSION = 50
    error = refusal(upload("strip.png", image_bytes("PNG", size=(60, 10))))

    assert error.code == "image_dimensions"
    assert "60 × 10 pixels" in error.messages[0]
    assert "50 pixels" in error.messages[0]


def test_an_image_over_the_pixel_limit_is_refused_as_a_decompression_bomb(settings):
    """More pixels than CMS_IMAGE_MAX_PIXELS is a decompression bomb."""
    settings.CMS_IMAGE_MAX_PIXELS = 10_000
    error = refusal(upload("wide.png", image_bytes("PNG", size=(200, 100))))

    assert error.code == "decompression_bomb"
    assert "decompression bomb" in error.messages[0]
    assert "10,000 pixels" in error.messages[0]


def test_a_small_file_claiming_huge_dimensions_is_refused_before_decoding():
    """A bomb is caught from its header: its pixels are never decompressed."""
    bomb = upload("bomb.png", png_header_only(8_000, 6_000))
    assert bomb.size < 200

    with mock.patch.object(Image.Image, "load") as load:
        error = refusal(bomb)

    assert error.code == "decompression_bomb"
    load.assert_not_called()


@pytest.mark.parametrize("side", [40, 50], ids=["pillow-warning", "pillow-error"])
def test_pillows_own_decompression_bomb_checks_are_refusals(monkeypatch, side):
    """Pillow's DecompressionBombWarning and ...Error both become the message."""
    # 40² is over the limit (warning), 50² over twice the limit (error).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)

    error = refusal(upload("square.png", image_bytes("PNG", size=(side, side))))

    assert error.code == "decompression_bomb"
    assert "1,000 pixels" in error.messages[0]


def test_a_giant_bomb_is_refused_with_default_settings():
    """Ten billion claimed pixels: refused, no warning, no MemoryError."""
    error = refusal(upload("bomb.png", png_header_only(100_000, 100_000)))

    assert error.code == "decompression_bomb"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.jpg", b""),
        ("truncated.jpg", jpeg_with_gps(size=(200, 200))[:400]),
        ("garbage.png", b"\x89PNG\r\n\x1a\n" + b"\xff" * 200),
        ("garbage.jpg", b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x13" * 300),
        ("garbage.webp", b"RIFF\x20\0\0\0WEBPVP8 " + b"\x01" * 40),
    ],
)
def test_damaged_files_are_refused_with_a_validation_error_only(name, data):
    """Hostile or broken bytes give ``invalid_image``, never another exception."""
    error = refusal(upload(name, data))

    assert error.code == "invalid_image"


def test_the_validator_checks_an_upload_assigned_to_a_model_field():
    """In a model's ``full_clean`` it receives a FieldFile wrapping the upload."""
    author = Author(photo=upload("notes.jpg", b"plain text"))

    assert refusal(author.photo).code == "invalid_image"


@pytest.mark.django_db
def test_the_validator_does_not_read_an_already_stored_file_again():
    """An unchanged field (a stored file) was checked when it was uploaded."""
    author = make_author(photo=sanitize_upload(upload("face.png", image_bytes("PNG"))))
    author.refresh_from_db()

    with mock.patch.object(default_storage, "open", side_effect=AssertionError):
        validate_image_upload(author.photo)


def test_the_upload_form_field_names_a_decompression_bomb(settings):
    """The admin's form field reports the bomb, not a generic "invalid image"."""
    settings.CMS_IMAGE_MAX_PIXELS = 10_000
    field = ImageUploadField()

    with pytest.raises(ValidationError) as caught:
        field.clean(upload("wide.png", image_bytes("PNG", size=(200, 100))))

    assert caught.value.code == "decompression_bomb"


def test_the_upload_form_field_accepts_a_good_image():
    """A valid image goes through the form field unchanged and rewound."""
    file = upload("chart.png", image_bytes("PNG"))

    cleaned = ImageUploadField().clean(file)

    assert cleaned is file


@pytest.mark.django_db
def test_a_form_with_the_upload_field_shows_the_bomb_message(settings):
    """The editor reads why the file was refused, next to the field."""
    settings.CMS_IMAGE_MAX_PIXELS = 10_000
    form_class = modelform_factory(
        Author, fields=["photo"], field_classes={"photo": ImageUploadField}
    )
    form = form_class(
        instance=make_author(),
        files={"photo": upload("wide.png", image_bytes("PNG", size=(200, 100)))},
    )

    assert not form.is_valid()
    assert "decompression bomb" in form.errors["photo"][0]
