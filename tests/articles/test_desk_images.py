"""Pictures through the desk: the forms store uploads sanitised, as readers get them."""

import pytest
from django.core.files.storage import default_storage
from django.forms import modelform_factory
from PIL import ExifTags, Image

from articles.forms import AuthorAdminForm
from articles.models import Article, Author
from images.validation import ImageUploadField
from tests.articles.desk import admin_url, article_form_data, log_in, make_editor
from tests.factories import make_author, make_category, make_office
from tests.images.helpers import jpeg_with_gps, media_files, upload
from tests.jobs.running import worked

pytestmark = pytest.mark.django_db


def gps_of(name):
    with default_storage.open(name) as file:
        return Image.open(file).getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_the_author_form_stores_a_clean_photo_and_its_renditions(settings):
    """The admin's path: form field, sanitising in the form, save, commit."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    form_class = modelform_factory(
        Author,
        form=AuthorAdminForm,
        fields=["photo"],
        field_classes={"photo": ImageUploadField},
    )
    form = form_class(
        instance=make_author(),
        files={"photo": upload("face.jpg", jpeg_with_gps(size=(600, 300)))},
    )

    assert form.is_valid(), form.errors
    with worked():
        author = form.save()

    assert not gps_of(author.photo.name)
    assert (author.photo_width, author.photo_height) == (600, 300)
    assert len(media_files(settings)) == 4


def test_a_lead_image_uploaded_in_the_admin_is_stored_without_its_gps_position(
    client, settings
):
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    office = make_office()
    data = article_form_data(
        title="Volunteers plant trees",
        category=make_category(),
        office=office,
        authors=[make_author(office=office)],
        lead_image=upload("planting.JPEG", jpeg_with_gps(size=(600, 300))),
        lead_image_alt="Volunteers planting trees in a park",
    )
    log_in(client, make_editor())

    with worked():
        response = client.post(admin_url("add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.lead_image.name.endswith("planting.jpg")
    assert not gps_of(article.lead_image.name)
    assert (article.lead_image_width, article.lead_image_height) == (600, 300)
