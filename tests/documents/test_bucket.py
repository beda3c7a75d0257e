"""The PDFs with the media in an S3-compatible bucket (moto's, in memory):
stored there, the logo read from there, served from the CDN's address, and
removed from there."""

import pytest
from django.core.files.storage import default_storage

from articles import services
from articles.models import Article
from documents.models import ArticleDocument
from site_settings.models import SiteSettings
from tests.documents.tools import image_count, stored_pdf, text_of
from tests.factories import make_article, make_image
from tests.images.test_s3_storage import BUCKET, CDN, bucket  # noqa: F401
from tests.jobs.running import worked

pytestmark = pytest.mark.django_db


def keys(client):
    """Every key in the bucket, the PDFs' included."""
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return sorted(item["Key"] for item in listed)


def test_the_pdf_lives_in_the_bucket_and_leaves_with_the_statement(
    bucket,  # noqa: F811
    client,
    tmp_path,
):
    SiteSettings(logo=make_image("logo.png", size=(64, 64))).save()
    logo = f"media/{SiteSettings.objects.get().logo.name}"
    article = make_article(
        title="Stored in the bucket",
        body="<p>The statement's text.</p>",
        status=Article.Status.DRAFT,
    )
    with worked():
        services.article_publish(article=article)

    document = ArticleDocument.objects.get(article=article)
    key = f"media/{document.file.name}"
    assert key in keys(bucket)
    head = bucket.head_object(Bucket=BUCKET, Key=key)
    assert head["ContentType"] == "application/pdf"
    pdf = stored_pdf(article, tmp_path)
    assert "The statement's text." in text_of(pdf)
    assert image_count(pdf) == 1  # the logo, read from the bucket
    response = client.get(f"/en/article/{article.slug}/pdf/")
    assert response.status_code == 302
    assert response["Location"] == f"https://{CDN}/{key}"

    with worked():
        article.delete()

    assert keys(bucket) == [logo]
    assert not default_storage.exists(document.file.name)
