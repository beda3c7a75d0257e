"""A model's image field wired to storage: sanitised uploads only, renditions on
commit, no orphaned files."""

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import TestCase
from PIL import Image

from articles.models import Author
from images.renditions import make_renditions, rendition_dir
from images.sanitize import sanitize_upload
from images.storage import UnsanitizedUpload, delete_image, register_image_field
from tests.factories import make_author
from tests.images.helpers import (
    exif_with_gps,
    half_red_half_blue,
    image_bytes,
    jpeg_with_gps,
    media_files,
    stored,
    upload,
)
from tests.jobs.running import run_jobs, worked


def clean(name, data):
    """An upload as the desk's forms store it: through ``sanitize_upload``."""
    return sanitize_upload(upload(name, data))


@pytest.mark.django_db
def test_a_registered_field_stores_the_sanitized_upload():
    """The stored file has no GPS, is turned upright, and the size fields agree."""
    buffer = io.BytesIO()
    half_red_half_blue((40, 20)).save(buffer, "JPEG", exif=exif_with_gps(orientation=6))

    author = make_author(photo=clean("portrait.JPEG", buffer.getvalue()))

    assert author.photo.name == "authors/portrait.jpg"
    with default_storage.open(author.photo.name) as file:
        image = Image.open(file)
        assert image.size == (20, 40)
        assert dict(image.getexif()) == {}
    author.refresh_from_db()
    assert (author.photo_width, author.photo_height) == (20, 40)


@pytest.mark.django_db
def test_a_registered_field_makes_renditions_on_commit(settings):
    """Saving a new image creates its renditions once the transaction commits."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    with worked():
        author = make_author(
            photo=clean("portrait.png", image_bytes("PNG", size=(600, 300)))
        )

    folder = rendition_dir(author.photo.name)
    assert media_files(settings) == [
        author.photo.name,
        f"{folder}/480.png",
        f"{folder}/480.webp",
        f"{folder}/600.webp",
    ]


@pytest.mark.django_db
def test_pages_point_at_the_copies_only_once_the_job_made_them(settings, client):
    """Before the worker's turn an author's page shows the original alone,
    never a copy not made yet; after it, the copies, at once."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    with TestCase.captureOnCommitCallbacks(execute=True):
        author = make_author(
            photo=clean("portrait.png", image_bytes("PNG", size=(600, 300)))
        )
    folder = rendition_dir(author.photo.name)
    page = client.get(author.get_absolute_url()).content.decode()
    assert f"/media/{author.photo.name}" in page
    assert folder not in page
    stale = Author.objects.get(pk=author.pk)  # read before the job ends

    run_jobs()

    assert Author.objects.get(pk=author.pk).photo_rendered
    page = client.get(author.get_absolute_url()).content.decode()
    assert f"/media/{folder}/480.png 480w" in page
    stale.save()  # a copy read before the job keeps what the job stored
    assert Author.objects.get(pk=author.pk).photo_rendered
    with TestCase.captureOnCommitCallbacks(execute=True):
        stale.photo = clean("another.png", image_bytes("PNG", size=(600, 300)))
        stale.save()
    assert not Author.objects.get(pk=author.pk).photo_rendered  # a new upload


@pytest.mark.django_db
def test_replacing_an_image_leaves_no_orphaned_files(settings):
    """The old original and its renditions go; only the new image's files stay."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    with worked():
        author = make_author(
            photo=clean("before.jpg", image_bytes("JPEG", size=(600, 300)))
        )
    with worked():
        author.photo = clean("after.jpg", image_bytes("JPEG", size=(500, 250)))
        author.save()

    folder = rendition_dir(author.photo.name)
    assert media_files(settings) == [
        "authors/after.jpg",
        f"{folder}/480.jpg",
        f"{folder}/480.webp",
        f"{folder}/500.webp",
    ]


@pytest.mark.django_db
def test_clearing_an_image_deletes_its_files(settings):
    """An emptied field leaves nothing behind."""
    with worked():
        author = make_author(
            photo=clean("face.jpg", image_bytes("JPEG", size=(600, 300)))
        )
    with worked():
        author.photo = None
        author.save()

    assert media_files(settings) == []


@pytest.mark.django_db
def test_deleting_rows_in_bulk_deletes_their_files(settings):
    """A queryset delete (the admin's bulk action) cleans up every image."""
    with worked():
        for name in ("one.png", "two.png"):
            make_author(photo=clean(name, image_bytes("PNG", size=(600, 300))))
    assert media_files(settings)

    with worked():
        Author.objects.all().delete()

    assert media_files(settings) == []


@pytest.mark.django_db
def test_a_rolled_back_replacement_keeps_the_old_image(settings):
    """File deletion waits for the commit: a failed save deletes nothing."""
    with worked():
        author = make_author(photo=clean("kept.png", image_bytes("PNG")))
    with worked() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            author.photo = clean("lost.png", image_bytes("PNG"))
            author.save()
            raise RuntimeError("the save fails later in the transaction")

    assert callbacks == []
    assert "authors/kept.png" in media_files(settings)


@pytest.mark.django_db
def test_a_file_shared_by_two_rows_stays_until_the_last_goes(settings):
    """A copied row points at the same file; deleting one keeps it."""
    first = make_author(photo=clean("shared.png", image_bytes("PNG")))
    second = make_author()
    Author.objects.filter(pk=second.pk).update(photo=first.photo.name)

    with worked():
        first.delete()

    assert media_files(settings) == ["authors/shared.png"]


@pytest.mark.django_db
def test_an_upload_that_skipped_sanitising_never_reaches_storage(settings):
    """Saving a raw upload is refused: its GPS position would be published."""
    with pytest.raises(UnsanitizedUpload, match="sanitize_upload"):
        make_author(photo=upload("scene.jpg", jpeg_with_gps()))

    assert media_files(settings) == []


def test_registering_a_field_twice_is_harmless():
    """Registration is idempotent: nothing is wired twice."""
    assert register_image_field(Author, "photo") is False


def test_delete_image_removes_the_original_and_every_rendition(settings):
    """Nothing of the image is left in MEDIA_ROOT, not even its folder."""
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))
    make_renditions(original)
    assert len(media_files(settings)) == 6

    delete_image(original.name, original.storage)

    assert media_files(settings) == []
    assert not Path(settings.MEDIA_ROOT, rendition_dir(original.name)).exists()
