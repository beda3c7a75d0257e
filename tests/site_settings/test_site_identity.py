"""The site's identity: logo, favicon, contact details in the footer."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from images.sanitize import sanitize_upload
from site_settings.models import SiteSettings, validate_logo
from tests.articles.desk import log_in, make_editor
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def upload(image_format, name, size=(120, 40)):
    buffer = io.BytesIO()
    Image.new("RGBA" if image_format != "JPEG" else "RGB", size, (10, 90, 73)).save(
        buffer, format=image_format
    )
    return SimpleUploadedFile(name, buffer.getvalue())


def brand(response):
    (element,) = find_by_class(parse(response), "p", "site-name")
    return element


@pytest.mark.parametrize(
    ("image_format", "name"), [("PNG", "l.png"), ("WEBP", "l.webp")]
)
def test_png_and_webp_logos_are_accepted(image_format, name):
    validate_logo(upload(image_format, name))


def test_a_jpeg_logo_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        validate_logo(upload("JPEG", "logo.jpg"))

    assert error.value.code == "logo_format"
    with translation.override("en"):
        assert error.value.messages == [
            "The logo must be a PNG or WebP image, not JPEG."
        ]


def test_a_logo_that_is_not_an_image_is_refused_by_the_image_validator():
    with pytest.raises(ValidationError) as error:
        validate_logo(SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>"))

    assert error.value.code in {"invalid_image", "image_format"}


def test_without_a_logo_the_header_shows_the_site_name(client):
    root = brand(client.get("/en/"))

    assert root.find(".//img") is None
    assert text(root) == "Media Office"


def test_the_uploaded_logo_replaces_the_mark_and_keeps_the_name(client):
    settings_row = SiteSettings(logo=sanitize_upload(upload("PNG", "logo.png")))
    settings_row.save()

    root = brand(client.get("/en/"))

    (img,) = root.iter("img")
    assert img.get("alt") == "Media Office"
    assert img.get("src").endswith(".png")
    assert (img.get("width"), img.get("height")) == ("120", "40")
    assert "Media Office" in text(root)


def test_a_logo_that_spells_the_name_stands_alone(client):
    SiteSettings(
        logo=sanitize_upload(upload("PNG", "logo.png")), logo_with_name=False
    ).save()

    root = brand(client.get("/en/"))

    assert text(root) == ""
    assert root.find(".//img").get("alt") == "Media Office"


def test_admin_refuses_a_jpeg_logo_on_the_settings_page(client):
    log_in(client, make_editor())
    data = {
        "site_name_en": "", "site_name_ar": "", "opening_line_en": "",
        "opening_line_ar": "", "clock_time_zone": "", "hijri_months_en": "",
        "hijri_months_ar": "", "contact_address_en": "", "contact_address_ar": "",
        "contact_email": "", "contact_phone": "", "logo_with_name": "on",
        "logo": upload("JPEG", "logo.jpg"),
    }  # fmt: skip

    response = client.post(reverse("admin:cms_sitesettings_add"), data)

    assert response.status_code == 200
    assert "PNG or WebP" in response.content.decode()
    assert not SiteSettings.objects.exists()


def test_footer_shows_the_contact_details_in_the_readers_language(client):
    SiteSettings(
        contact_address_en="1 Example Street\nExample City",
        contact_address_ar="١ شارع المثال\nمدينة المثال",
        contact_email="office@example.org",
        contact_phone="+000 555 0100",
    ).save()

    english = parse(client.get("/en/"))
    arabic = parse(client.get("/ar/"))

    (address,) = english.iter("address")
    assert "1 Example Street" in text(address)
    links = [a.get("href") for a in address.iter("a")]
    assert links == ["mailto:office@example.org", "tel:+0005550100"]
    assert "مدينة المثال" in text(next(arabic.iter("address")))


def test_every_page_links_a_favicon(client):
    root = parse(client.get("/en/"))

    icons = [
        link.get("href") for link in root.iter("link") if link.get("rel") == "icon"
    ]
    assert any(href.endswith("favicon.svg") for href in icons)
