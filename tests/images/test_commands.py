"""``manage.py make_renditions``: every registered field, a fixed number of queries."""

import pytest
from django.core.management import call_command

from images.renditions import rendition_dir
from images.sanitize import sanitize_upload
from tests.factories import make_author
from tests.images.helpers import image_bytes, media_files, upload

pytestmark = pytest.mark.django_db


def photographed_authors(count):
    return [
        make_author(
            photo=sanitize_upload(
                upload(f"face-{i}.png", image_bytes("PNG", size=(600, 300)))
            )
        )
        for i in range(count)
    ]


def test_the_command_makes_the_missing_renditions(settings, capsys):
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    (author,) = photographed_authors(1)  # not committed: no renditions yet

    call_command("make_renditions")

    folder = rendition_dir(author.photo.name)
    assert f"{folder}/480.png" in media_files(settings)
    assert "Checked the renditions of 1 images." in capsys.readouterr().out


@pytest.mark.parametrize("count", [1, 5])
def test_the_command_reads_each_models_rows_in_one_query(
    count, django_assert_num_queries
):
    """One query for the lead images, one for the photos and one for the site's
    logo, whatever their number: the width and height come with the rows; and
    one per model marks them rendered."""
    authors = photographed_authors(count)

    with django_assert_num_queries(6):
        call_command("make_renditions", stdout=None)
    for author in authors:
        author.refresh_from_db()
        assert author.photo_rendered
