"""Image uploads: validation, metadata stripping, renditions and their markup."""

import io
import os
import struct
import warnings
import zlib
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import transaction
from django.db.models.fields.files import ImageFieldFile
from django.forms import modelform_factory
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from articles import images
from articles.models import Author
from tests.cms.markup import parse
from tests.factories import make_author

RED, BLUE = (220, 20, 20), (20, 20, 220)
GPS_LATITUDE = (24.0, 28.0, 12.5)
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Reporter: Sample Name</x:xmpmeta>'


# Building images in memory ----------------------------------------------------


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the site's default language is Arabic)."""
    with translation.override("en"):
        yield


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
            images.validate_image_upload(file)
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


# Validation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "image_format"),
    [("photo.jpg", "JPEG"), ("chart.png", "PNG"), ("banner.webp", "WEBP")],
)
def test_jpeg_png_and_webp_images_are_accepted(name, image_format):
    """The three web formats pass validation."""
    images.validate_image_upload(upload(name, image_bytes(image_format)))


def test_validation_leaves_the_file_rewound_for_the_save():
    """After validation the file is read again from its first byte."""
    data = image_bytes("PNG")
    file = upload("chart.png", data)
    file.seek(10)

    images.validate_image_upload(file)

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
    author = make_author(photo=upload("face.png", image_bytes("PNG")))
    author.refresh_from_db()

    with mock.patch.object(default_storage, "open", side_effect=AssertionError):
        images.validate_image_upload(author.photo)


def test_the_upload_form_field_names_a_decompression_bomb(settings):
    """The admin's form field reports the bomb, not a generic "invalid image"."""
    settings.CMS_IMAGE_MAX_PIXELS = 10_000
    field = images.ImageUploadField()

    with pytest.raises(ValidationError) as caught:
        field.clean(upload("wide.png", image_bytes("PNG", size=(200, 100))))

    assert caught.value.code == "decompression_bomb"


def test_the_upload_form_field_accepts_a_good_image():
    """A valid image goes through the form field unchanged and rewound."""
    file = upload("chart.png", image_bytes("PNG"))

    cleaned = images.ImageUploadField().clean(file)

    assert cleaned is file


# Sanitising -------------------------------------------------------------------


def test_sanitizing_a_jpeg_strips_exif_gps_xmp_and_comments():
    """Nothing identifying survives: EXIF (with GPS), XMP, comments."""
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    clean = images.sanitize_upload(upload("scene.jpg", original))

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

    clean = images.sanitize_upload(upload("map.png", buffer.getvalue()))

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

    clean = images.sanitize_upload(upload("banner.webp", original))

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

    clean = images.sanitize_upload(upload("turned.jpg", buffer.getvalue()))

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

    clean = images.sanitize_upload(upload("tinted.jpg", original))

    result = reopen(clean)
    assert "icc_profile" not in result.info
    assert all(
        abs(a - b) <= 4
        for a, b in zip(result.getpixel((5, 5)), (100, 150, 200), strict=True)
    )


def test_sanitizing_a_cmyk_jpeg_gives_an_rgb_jpeg():
    """Print-ready CMYK files become RGB, which every browser shows."""
    clean = images.sanitize_upload(
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
    clean = images.sanitize_upload(upload(name, image_bytes(image_format)))

    assert clean.name == expected
    assert reopen(clean).format == image_format


def test_sanitizing_refuses_what_validation_refuses():
    """``sanitize_upload`` on a non-image raises ValidationError, nothing else."""
    with pytest.raises(ValidationError):
        images.sanitize_upload(upload("notes.jpg", b"plain text"))


def test_sanitizing_leaves_the_upload_rewound():
    """The upload can still be read from the start afterwards."""
    data = jpeg_with_gps()
    file = upload("scene.jpg", data)

    images.sanitize_upload(file)

    assert file.tell() == 0
    assert file.read() == data


# Renditions -------------------------------------------------------------------


def test_renditions_are_made_at_each_smaller_width_in_both_formats(settings):
    """A 1000px JPEG gets 480 and 800 JPEGs, and WebPs at 480, 800 and 1000."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800, 1200)
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))

    renditions = images.make_renditions(original)

    made = {(r.format, r.width, r.height) for r in renditions}
    assert made == {
        ("JPEG", 480, 240),
        ("JPEG", 800, 400),
        ("WEBP", 480, 240),
        ("WEBP", 800, 400),
        ("WEBP", 1000, 500),
    }
    for rendition in renditions:
        with default_storage.open(rendition.name) as file:
            image = Image.open(file)
            assert image.format == rendition.format
            assert image.size == (rendition.width, rendition.height)
        assert rendition.url == default_storage.url(rendition.name)


def test_renditions_are_never_upscaled(settings):
    """An image narrower than every width gets only its full-size WebP copy."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = stored("articles/small.png", image_bytes("PNG", size=(300, 200)))

    renditions = images.make_renditions(original)

    assert [(r.format, r.width) for r in renditions] == [("WEBP", 300)]


def test_a_webp_original_gets_only_webp_renditions(settings):
    """Its own format is WebP already: no second copy per width."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = stored("articles/banner.webp", image_bytes("WEBP", size=(900, 300)))

    renditions = images.make_renditions(original)

    assert [(r.format, r.width) for r in renditions] == [("WEBP", 480), ("WEBP", 800)]


def test_palette_and_transparent_pngs_give_proper_renditions(settings):
    """A palette PNG is resized in full colour; transparency survives in WebP."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (100,)
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (0, 0, 100, 100))
    buffer = io.BytesIO()
    image.convert("P").save(buffer, "PNG", transparency=0)
    original = stored("articles/logo.png", buffer.getvalue())

    renditions = images.make_renditions(original)

    webp = next(r for r in renditions if (r.format, r.width) == ("WEBP", 100))
    with default_storage.open(webp.name) as file:
        assert Image.open(file).mode == "RGBA"


def test_making_renditions_twice_stores_nothing_new(settings):
    """Renditions are made once: the second call neither decodes nor saves."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))
    first = images.make_renditions(original)

    with (
        mock.patch.object(default_storage, "save") as save,
        mock.patch.object(Image.Image, "load") as load,
    ):
        second = images.make_renditions(original)

    assert second == first
    save.assert_not_called()
    load.assert_not_called()


def test_a_missing_rendition_is_made_again(settings):
    """Only what is missing is made; the rest is left as it is."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))
    renditions = images.make_renditions(original)
    default_storage.delete(renditions[0].name)

    with mock.patch.object(default_storage, "save", wraps=default_storage.save) as save:
        images.make_renditions(original)

    assert [c.args[0] for c in save.call_args_list] == [renditions[0].name]


def test_rendition_names_are_deterministic_and_tell_same_named_files_apart():
    """Names derive from the original's whole name, readable stem first."""
    january = images.rendition_name("articles/2024/01/view.jpg", 480, "WEBP")
    february = images.rendition_name("articles/2024/02/view.jpg", 480, "WEBP")

    assert january == images.rendition_name("articles/2024/01/view.jpg", 480, "WEBP")
    assert january != february
    assert january.startswith("renditions/view-")
    assert january.endswith("/480.webp")


def test_rendition_urls_use_no_storage_access(settings):
    """srcset is name arithmetic: no exists(), open(), size() or listdir()."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = ImageFieldFile(
        Author(), Author._meta.get_field("photo"), "articles/view.jpg"
    )
    forbidden = {"exists", "open", "size", "listdir", "path"}
    patches = [
        mock.patch.object(default_storage, name, side_effect=AssertionError(name))
        for name in forbidden
    ]
    for patch in patches:
        patch.start()
    try:
        urls = images.rendition_urls(original, 1000, 500)
    finally:
        for patch in patches:
            patch.stop()

    folder = images.rendition_dir("articles/view.jpg")
    assert urls.srcset == (
        f"/media/{folder}/480.jpg 480w, /media/{folder}/800.jpg 800w, "
        "/media/articles/view.jpg 1000w"
    )
    assert urls.webp_srcset == (
        f"/media/{folder}/480.webp 480w, /media/{folder}/800.webp 800w, "
        f"/media/{folder}/1000.webp 1000w"
    )
    assert (urls.src, urls.width, urls.height) == (
        f"/media/{folder}/800.jpg",
        800,
        400,
    )


def test_every_url_in_srcset_is_a_file_make_renditions_created(settings):
    """What the page announces and what storage holds are the same names."""
    original = stored("articles/view.png", image_bytes("PNG", size=(1300, 650)))
    images.make_renditions(original)

    urls = images.rendition_urls(original, 1300, 650)

    candidates = f"{urls.srcset}, {urls.webp_srcset}".split(", ")
    assert len(candidates) == 8
    for candidate in candidates:
        url, _ = candidate.split(" ")
        assert default_storage.exists(url.removeprefix(settings.MEDIA_URL))


def test_a_name_with_commas_and_spaces_keeps_srcset_parseable():
    """Each candidate is one URL and one width: separators are percent-encoded."""
    original = ImageFieldFile(
        Author(), Author._meta.get_field("photo"), "authors/صورة, الاجتماع.jpg"
    )

    urls = images.rendition_urls(original, 1000, 500)

    for candidate in urls.srcset.split(", "):
        url, descriptor = candidate.split(" ")
        assert descriptor.endswith("w")
        assert "," not in url


def test_an_image_of_unknown_size_gets_only_its_src():
    """Without the original's width there is nothing to compute a srcset from."""
    original = ImageFieldFile(Author(), Author._meta.get_field("photo"), "a/b.jpg")

    urls = images.rendition_urls(original, None, None)

    assert (urls.src, urls.srcset, urls.webp_srcset) == ("/media/a/b.jpg", "", "")


def test_delete_image_removes_the_original_and_every_rendition(settings):
    """Nothing of the image is left in MEDIA_ROOT, not even its folder."""
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))
    images.make_renditions(original)
    assert len(media_files(settings)) == 6

    images.delete_image(original)

    assert media_files(settings) == []
    assert not Path(settings.MEDIA_ROOT, images.rendition_dir(original.name)).exists()


def test_delete_renditions_also_removes_copies_of_older_width_settings(settings):
    """Renditions are found by folder, so a changed width list leaves none."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))
    images.make_renditions(original)
    settings.CMS_IMAGE_RENDITION_WIDTHS = (600,)
    images.make_renditions(original)

    removed = images.delete_renditions(original.name, default_storage)

    assert removed == 5
    assert media_files(settings) == [original.name]


def test_deleting_renditions_of_an_image_without_any_is_harmless():
    """No folder, nothing to do, no error."""
    assert images.delete_renditions("articles/none.jpg", default_storage) == 0


# Model wiring -----------------------------------------------------------------


@pytest.fixture
def wired_photo():
    """Author.photo registered for sanitising, renditions and clean-up."""
    newly = images.register_image_field(Author, "photo")
    yield
    if newly:
        images.unregister_image_field(Author, "photo")


@pytest.mark.django_db
def test_a_registered_field_stores_the_sanitized_upload(wired_photo):
    """The stored file has no GPS, is turned upright, and the size fields agree."""
    buffer = io.BytesIO()
    half_red_half_blue((40, 20)).save(buffer, "JPEG", exif=exif_with_gps(orientation=6))

    author = make_author(photo=upload("portrait.JPEG", buffer.getvalue()))

    assert author.photo.name == "authors/portrait.jpg"
    with default_storage.open(author.photo.name) as file:
        image = Image.open(file)
        assert image.size == (20, 40)
        assert dict(image.getexif()) == {}
    author.refresh_from_db()
    assert (author.photo_width, author.photo_height) == (20, 40)


@pytest.mark.django_db
def test_a_registered_field_makes_renditions_on_commit(
    wired_photo, settings, django_capture_on_commit_callbacks
):
    """Saving a new image creates its renditions once the transaction commits."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    with django_capture_on_commit_callbacks(execute=True):
        author = make_author(
            photo=upload("portrait.png", image_bytes("PNG", size=(600, 300)))
        )

    folder = images.rendition_dir(author.photo.name)
    assert media_files(settings) == [
        author.photo.name,
        f"{folder}/480.png",
        f"{folder}/480.webp",
        f"{folder}/600.webp",
    ]


@pytest.mark.django_db
def test_replacing_an_image_leaves_no_orphaned_files(
    wired_photo, settings, django_capture_on_commit_callbacks
):
    """The old original and its renditions go; only the new image's files stay."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    with django_capture_on_commit_callbacks(execute=True):
        author = make_author(
            photo=upload("before.jpg", image_bytes("JPEG", size=(600, 300)))
        )
    with django_capture_on_commit_callbacks(execute=True):
        author.photo = upload("after.jpg", image_bytes("JPEG", size=(500, 250)))
        author.save()

    folder = images.rendition_dir(author.photo.name)
    assert media_files(settings) == [
        "authors/after.jpg",
        f"{folder}/480.jpg",
        f"{folder}/480.webp",
        f"{folder}/500.webp",
    ]


@pytest.mark.django_db
def test_clearing_an_image_deletes_its_files(
    wired_photo, settings, django_capture_on_commit_callbacks
):
    """An emptied field leaves nothing behind."""
    with django_capture_on_commit_callbacks(execute=True):
        author = make_author(
            photo=upload("face.jpg", image_bytes("JPEG", size=(600, 300)))
        )
    with django_capture_on_commit_callbacks(execute=True):
        author.photo = None
        author.save()

    assert media_files(settings) == []


@pytest.mark.django_db
def test_deleting_rows_in_bulk_deletes_their_files(
    wired_photo, settings, django_capture_on_commit_callbacks
):
    """A queryset delete (the admin's bulk action) cleans up every image."""
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("one.png", "two.png"):
            make_author(photo=upload(name, image_bytes("PNG", size=(600, 300))))
    assert media_files(settings)

    with django_capture_on_commit_callbacks(execute=True):
        Author.objects.all().delete()

    assert media_files(settings) == []


@pytest.mark.django_db
def test_a_rolled_back_replacement_keeps_the_old_image(
    wired_photo, settings, django_capture_on_commit_callbacks
):
    """File deletion waits for the commit: a failed save deletes nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        author = make_author(photo=upload("kept.png", image_bytes("PNG")))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            author.photo = upload("lost.png", image_bytes("PNG"))
            author.save()
            raise RuntimeError("the save fails later in the transaction")

    assert callbacks == []
    assert "authors/kept.png" in media_files(settings)


@pytest.mark.django_db
def test_a_file_shared_by_two_rows_stays_until_the_last_goes(
    wired_photo, settings, django_capture_on_commit_callbacks
):
    """A copied row points at the same file; deleting one keeps it."""
    first = make_author(photo=upload("shared.png", image_bytes("PNG")))
    second = make_author()
    Author.objects.filter(pk=second.pk).update(photo=first.photo.name)

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()

    assert media_files(settings) == ["authors/shared.png"]


@pytest.mark.django_db
def test_a_registered_field_refuses_to_store_a_non_image(wired_photo):
    """Outside forms too, a non-image never reaches storage."""
    with pytest.raises(ValidationError):
        make_author(photo=upload("notes.jpg", b"plain text"))


@pytest.mark.django_db
def test_a_form_with_the_upload_field_stores_a_clean_photo_and_renditions(
    wired_photo, settings, django_capture_on_commit_callbacks
):
    """The admin's path: form field, model validation, save, commit."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    form_class = modelform_factory(
        Author, fields=["photo"], field_classes={"photo": images.ImageUploadField}
    )
    form = form_class(
        instance=make_author(),
        files={"photo": upload("face.jpg", jpeg_with_gps(size=(600, 300)))},
    )

    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        author = form.save()

    with default_storage.open(author.photo.name) as file:
        assert not Image.open(file).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert len(media_files(settings)) == 4


@pytest.mark.django_db
def test_a_form_with_the_upload_field_shows_the_bomb_message(settings):
    """The editor reads why the file was refused, next to the field."""
    settings.CMS_IMAGE_MAX_PIXELS = 10_000
    form_class = modelform_factory(
        Author, fields=["photo"], field_classes={"photo": images.ImageUploadField}
    )
    form = form_class(
        instance=make_author(),
        files={"photo": upload("wide.png", image_bytes("PNG", size=(200, 100)))},
    )

    assert not form.is_valid()
    assert "decompression bomb" in form.errors["photo"][0]


def test_a_large_upload_spooled_to_disk_is_checked_and_sanitized():
    """Uploads over 2.5 MB arrive as temporary files; they work the same."""
    data = jpeg_with_gps()
    file = TemporaryUploadedFile("scene.jpg", "image/jpeg", len(data), None)
    file.write(data)
    file.seek(0)

    images.validate_image_upload(file)
    clean = images.sanitize_upload(file)

    assert not reopen(clean).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    file.close()


def test_registering_a_field_twice_is_harmless(wired_photo):
    """Registration is idempotent (models.py and a test may both do it)."""
    assert images.register_image_field(Author, "photo") is False


# The {% responsive_image %} tag -----------------------------------------------


def render(source, **context):
    return Template("{% load image_tags %}" + source).render(Context(context))


def photo_file(name="authors/face.jpg", width=1000, height=500):
    author = Author(photo_width=width, photo_height=height)
    author.photo.name = name
    return author.photo


def test_the_tag_renders_a_picture_with_webp_source_and_full_img(settings):
    """srcset, sizes, width, height, alt, lazy loading, async decoding."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    html = render(
        '{% responsive_image photo alt="Volunteers planting trees" '
        'sizes="(max-width: 50rem) 100vw, 48rem" css_class="lead" %}',
        photo=photo_file(),
    )

    picture = parse(html).find(".//picture")
    source, img = list(picture)
    folder = images.rendition_dir("authors/face.jpg")
    assert source.tag == "source"
    assert source.get("type") == "image/webp"
    assert source.get("srcset").startswith(f"/media/{folder}/480.webp 480w, ")
    assert source.get("sizes") == "(max-width: 50rem) 100vw, 48rem"
    assert img.get("src") == f"/media/{folder}/800.jpg"
    assert img.get("srcset").endswith("/media/authors/face.jpg 1000w")
    assert img.get("sizes") == "(max-width: 50rem) 100vw, 48rem"
    assert (img.get("width"), img.get("height")) == ("800", "400")
    assert img.get("alt") == "Volunteers planting trees"
    assert img.get("class") == "lead"
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")


def test_the_tag_reads_the_size_from_the_model_not_the_file():
    """width/height come from photo_width/photo_height: no storage I/O."""
    with mock.patch.object(default_storage, "open", side_effect=AssertionError):
        html = render('{% responsive_image photo alt="" %}', photo=photo_file())

    assert 'srcset="' in html
    assert "1000w" in html


def test_the_tag_keeps_an_empty_alt_for_a_decorative_image():
    """alt="" is still written: screen readers then skip the image."""
    html = render('{% responsive_image photo alt="" %}', photo=photo_file())

    assert parse(html).find(".//img").get("alt") == ""
    assert ' alt=""' in html


def test_the_tag_requires_alt():
    """Forgetting alt is a template error, not an inaccessible image."""
    with pytest.raises(TemplateSyntaxError, match="alt"):
        render("{% responsive_image photo %}", photo=photo_file())


def test_the_tag_escapes_the_alt_text():
    """Alt text is data, never markup."""
    html = render("{% responsive_image photo alt=text %}", photo=photo_file(),
                  text='"><script>x</script>')  # fmt: skip

    assert "<script>" not in html
    assert parse(html).find(".//img").get("alt") == '"><script>x</script>'


def test_the_tag_renders_nothing_for_an_empty_image():
    """No image, no markup."""
    html = render('{% responsive_image photo alt="x" %}', photo=Author().photo)

    assert html.strip() == ""


def test_the_tag_sizes_a_fixed_width_image_with_display_width():
    """A 160px portrait says 160 × 80, keeping the proportions."""
    html = render(
        '{% responsive_image photo alt="x" sizes="160px" display_width=160 %}',
        photo=photo_file(),
    )

    img = parse(html).find(".//img")
    assert (img.get("width"), img.get("height")) == ("160", "80")
    assert img.get("sizes") == "160px"


def test_the_tag_for_a_webp_original_has_no_separate_source():
    """The <img> srcset is WebP already."""
    html = render(
        '{% responsive_image photo alt="x" %}', photo=photo_file("authors/b.webp")
    )

    picture = parse(html).find(".//picture")
    assert [child.tag for child in picture] == ["img"]
    assert ".webp 480w" in picture.find("img").get("srcset")


def test_the_tag_eager_loading_for_an_image_at_the_top():
    """loading can be set to eager for the page's main image."""
    html = render(
        '{% responsive_image photo alt="x" loading="eager" %}', photo=photo_file()
    )

    assert parse(html).find(".//img").get("loading") == "eager"
