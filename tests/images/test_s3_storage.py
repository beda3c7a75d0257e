"""Uploaded pictures in an S3-compatible bucket (``DJANGO_MEDIA_STORAGE=s3``).

The bucket is moto's, in memory: no network. The storage is configured by the
settings' own ``s3_media_storage``, as in production, and uploads go through
the desk's real path: sanitising, saving, renditions made on commit, old files
deleted on commit.
"""

import io
from datetime import timedelta
from unittest import mock

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from moto import mock_aws
from PIL import ExifTags, Image
from storages.backends.s3 import S3Storage

from articles.models import Article
from cms.settings import s3_media_storage
from tests.articles.desk import admin_url, article_form_data, log_in, make_editor
from tests.factories import make_author, make_category, make_office
from tests.images.helpers import image_bytes, jpeg_with_gps, upload
from tests.jobs.running import worked
from tests.processes import run_python

pytestmark = pytest.mark.django_db

BUCKET = "office-media"
CDN = "media.example.org"


@pytest.fixture
def bucket(settings, monkeypatch):
    """An empty bucket, and the site's media stored in it (through the CDN's
    domain, as ``AWS_S3_CUSTOM_DOMAIN`` says)."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_media_storage(
                {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_CUSTOM_DOMAIN": CDN}
            ),
        }
        yield client


def keys(client):
    """The pictures' keys in the bucket (not the statements' PDFs, which
    tests/documents check)."""
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return sorted(
        item["Key"] for item in listed if not item["Key"].startswith("media/documents/")
    )


def gps_in_bucket(client, key):
    data = client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)


def upload_lead_image(client, name, data, *, article=None):
    """The editor's path: the admin form, sanitising, save, commit."""
    office = make_office() if article is None else article.office
    fields = article_form_data(
        title="Volunteers plant trees",
        category=make_category() if article is None else article.category,
        office=office,
        authors=[make_author(office=office)],
        lead_image=upload(name, data),
        lead_image_alt="Volunteers planting trees in a park",
        status="published",
        published_at=timezone.now() - timedelta(minutes=1),
    )
    url = admin_url("add") if article is None else admin_url("change", article.pk)
    return client.post(url, fields)


def rendition_keys(article):
    from images.renditions import rendition_dir

    folder = f"media/{rendition_dir(article.lead_image.name)}"
    return [f"{folder}/480.jpg", f"{folder}/480.webp", f"{folder}/600.webp"]


@pytest.fixture
def editor(client):
    return log_in(client, make_editor())


@pytest.fixture
def published(bucket, editor):
    """An article the editor published with a 600 × 300 JPEG lead image; the
    client is then a reader's again."""
    with worked():
        upload_lead_image(editor, "planting.jpg", image_bytes("JPEG", (600, 300)))
    editor.logout()
    return Article.objects.get()


def test_an_upload_and_its_renditions_land_in_the_bucket(bucket, editor):
    with worked():
        response = upload_lead_image(editor, "planting.JPEG", jpeg_with_gps((600, 300)))

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    original = f"media/{article.lead_image.name}"
    assert keys(bucket) == sorted([original, *rendition_keys(article)])
    assert not gps_in_bucket(bucket, original)
    assert (article.lead_image_width, article.lead_image_height) == (600, 300)


def test_media_in_the_bucket_say_how_long_they_may_be_kept(bucket, published):
    for key in keys(bucket):
        head = bucket.head_object(Bucket=BUCKET, Key=key)
        assert head["CacheControl"] == "public, max-age=86400"
        assert head["ContentType"] in {"image/jpeg", "image/webp"}


def test_the_article_page_names_the_renditions_on_the_cdn(client, published):
    article = published
    page = client.get(article.get_absolute_url()).content.decode()

    webp, jpeg = rendition_keys(article)[1], rendition_keys(article)[0]
    assert f"https://{CDN}/{webp} 480w" in page
    assert f"https://{CDN}/{jpeg} 480w" in page
    assert f"https://{CDN}/media/{article.lead_image.name} 600w" in page
    assert "X-Amz-Signature" not in page


def test_replacing_the_image_removes_the_old_files_from_the_bucket(bucket, editor):
    with worked():
        upload_lead_image(editor, "before.jpg", image_bytes("JPEG", (600, 300)))
    article = Article.objects.get()
    old = [f"media/{article.lead_image.name}", *rendition_keys(article)]

    with worked():
        response = upload_lead_image(
            editor, "after.png", image_bytes("PNG", (600, 300)), article=article
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.lead_image.name.endswith("after.png")
    assert not set(old) & set(keys(bucket))
    assert f"media/{article.lead_image.name}" in keys(bucket)
    assert len(keys(bucket)) == 4  # after.png, 480.png, 480.webp, 600.webp


def test_deleting_the_article_removes_its_files_from_the_bucket(bucket, published):
    assert len(keys(bucket)) == 4

    with worked():
        published.delete()

    assert keys(bucket) == []


def test_two_uploads_of_the_same_name_keep_both_pictures(bucket, editor):
    """Nothing in the bucket is overwritten by a namesake."""
    with worked():
        upload_lead_image(editor, "photo.jpg", image_bytes("JPEG", (600, 300)))
        upload_lead_image(editor, "photo.jpg", image_bytes("JPEG", (500, 300)))

    first, second = Article.objects.order_by("pk")
    assert first.lead_image.name != second.lead_image.name
    assert len(keys(bucket)) == 8
    for article in (first, second):
        with default_storage.open(article.lead_image.name) as stored:
            assert Image.open(stored).size == (
                article.lead_image_width,
                article.lead_image_height,
            )


def test_make_renditions_fills_in_what_the_bucket_lost(bucket, published):
    """After restoring media from a backup without its renditions."""
    article = published
    for key in rendition_keys(article):
        bucket.delete_object(Bucket=BUCKET, Key=key)

    call_command("make_renditions", stdout=io.StringIO())

    assert set(rendition_keys(article)) <= set(keys(bucket))


def test_the_feed_gives_the_size_of_the_picture_in_the_bucket(
    bucket, client, published
):
    enclosure = rendition_keys(published)[0]
    size = bucket.head_object(Bucket=BUCKET, Key=enclosure)["ContentLength"]

    feed = client.get("/en/feed/").content.decode()

    assert (
        f'<enclosure length="{size}" type="image/jpeg" url="https://{CDN}/{enclosure}"/>'
    ) in feed


def test_the_feeds_ask_the_bucket_for_a_pictures_size_once(client, settings, published):
    """Each size is a request to the store: the shared cache keeps it."""
    settings.CMS_PAGE_CACHE_SECONDS = 0

    with mock.patch.object(
        S3Storage, "size", autospec=True, side_effect=S3Storage.size
    ) as size:
        for address in ("/en/feed/", "/en/feed/atom/", "/en/feed/"):
            assert client.get(address).status_code == 200

    assert size.call_count == 1


def test_without_a_custom_domain_addresses_are_the_buckets_and_unsigned(bucket):
    storage_settings = s3_media_storage({"AWS_STORAGE_BUCKET_NAME": BUCKET})
    storage = S3Storage(**storage_settings["OPTIONS"])

    url = storage.url("articles/2024/03/photo.jpg")

    assert url.startswith("https://")
    assert BUCKET in url and url.endswith("/media/articles/2024/03/photo.jpg")
    assert "?" not in url


def test_s3_media_need_a_bucket():
    result = run_python(
        ["-c", "import cms.settings"],
        DJANGO_MEDIA_STORAGE="s3",
    )

    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_an_unknown_media_storage_is_refused():
    result = run_python(["-c", "import cms.settings"], DJANGO_MEDIA_STORAGE="ftp")

    assert result.returncode != 0
    assert "DJANGO_MEDIA_STORAGE" in result.stderr


def test_the_settings_choose_the_bucket_from_the_environment():
    result = run_python(
        [
            "-c",
            "import cms.settings as s; o = s.STORAGES['default']['OPTIONS'];"
            "print(s.STORAGES['default']['BACKEND'], o['bucket_name'], "
            "o['endpoint_url'], o['custom_domain'], o['querystring_auth'])",
        ],
        DJANGO_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="office-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_CUSTOM_DOMAIN=CDN,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "office-media",
        "https://objects.example.net",
        CDN,
        "False",
    ]
