"""The PDF travels with its statement: enclosed in the Atom feeds, named in the
sitemap as the article's alternate, drawn with its pictures; and made again
when what it shows beside the article changes (the site's settings, an
office, an author, a Hijri month's adjustment), the newest first and the rest
behind new statements' PDFs."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import feedparser
import pytest
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from articles import services
from articles.models import Article
from articles.sitemaps import ArticleSitemap
from core import hijri
from documents import services as documents
from documents.models import ArticleDocument
from site_settings.models import HijriMonthAdjustment, SiteSettings
from tests.documents.tools import image_count, stored_pdf, text_of
from tests.factories import make_article, make_author, make_image, make_office
from tests.jobs.running import run_jobs, worked

pytestmark = pytest.mark.django_db

MAKE = documents.make_document_job.module_path
XHTML = "{http://www.w3.org/1999/xhtml}link"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def morning():
    """A fixed day far from the site's midnight (kept pages carry the date)."""
    with freeze_time("2026-03-10 06:00:00", tick=True):
        yield


def publish(article):
    with worked():
        services.article_publish(article=article)
    article.refresh_from_db()
    return article


def draft(**fields):
    fields.setdefault("office", make_office(name_en="Water office"))
    return make_article(status=Article.Status.DRAFT, **fields)


def pdf_links(client, article):
    """The sitemap's alternates of type PDF for ``article``'s entry."""
    # Pages go by ranges of ids, and PostgreSQL's ids go on from test to test.
    page = article.pk // ArticleSitemap.limit + 1
    root = ET.fromstring(client.get(f"/sitemap-articles.xml?p={page}").content)
    for url in root.iter(f"{SITEMAP}url"):
        if unquote(url.find(f"{SITEMAP}loc").text).endswith(f"/{article.slug}/"):
            return [
                link.attrib
                for link in url.iter(XHTML)
                if link.get("type") == "application/pdf"
            ]
    raise AssertionError(f"{article.slug} is not in the sitemap")


# The feeds and the sitemap ------------------------------------------------------


def test_the_atom_feed_encloses_the_pdf_and_rss_keeps_its_one_enclosure(client):
    article = publish(draft(title="Water supply statement", slug="water-supply"))
    document = ArticleDocument.objects.get(article=article)

    (entry,) = feedparser.parse(client.get("/en/feed/atom/").content).entries
    (enclosure,) = entry.enclosures
    assert enclosure.href == "http://testserver/en/article/water-supply/pdf/"
    assert enclosure.type == "application/pdf"
    assert int(enclosure.length) == document.size == document.file.size > 1000

    (item,) = feedparser.parse(client.get("/en/feed/").content).entries
    assert item.enclosures == []  # RSS: one enclosure an item, its picture


def test_a_feed_kept_before_the_pdf_was_made_encloses_it_once_it_is(client, settings):
    settings.CMS_PAGE_CACHE_SECONDS = 300
    article = draft(title="Water supply statement")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.article_publish(article=article)  # its PDF's job not run yet
    before = client.get("/en/feed/atom/")
    (entry,) = feedparser.parse(before.content).entries
    assert entry.enclosures == []

    run_jobs(only=documents.make_document_job)

    after = client.get("/en/feed/atom/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200  # not "not modified": a new ETag
    (entry,) = feedparser.parse(after.content).entries
    assert [enclosure.type for enclosure in entry.enclosures] == ["application/pdf"]


def test_the_sitemap_names_the_pdf_as_the_articles_alternate(client):
    english = publish(draft(slug="water-supply"))
    arabic = publish(draft(slug="بيان-المياه", language="ar", title="بيان المياه"))

    assert pdf_links(client, english) == [
        {
            "rel": "alternate",
            "type": "application/pdf",
            "hreflang": "en",
            "href": "http://testserver/en/article/water-supply/pdf/",
        }
    ]
    (link,) = pdf_links(client, arabic)
    assert link["hreflang"] == "ar"
    assert link["href"] == (
        "http://testserver/ar/article/%D8%A8%D9%8A%D8%A7%D9%86-"
        "%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D9%87/pdf/"
    )
    assert client.get(link["href"].removeprefix("http://testserver")).status_code == 302


def test_the_sitemap_names_no_pdf_before_it_is_made(client):
    article = draft()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.article_publish(article=article)

    assert pdf_links(client, article) == []


# Its pictures --------------------------------------------------------------------


def test_the_lead_picture_and_the_authors_photos_are_drawn(tmp_path):
    office = make_office(name_en="Water office")
    with worked():  # the pictures' copies
        author = make_author(office=office, photo=make_image("face.png", (300, 300)))
        article = draft(
            office=office,
            authors=[author],
            lead_image=make_image("lead.png", size=(1600, 900)),
            lead_image_alt="Workers at a reopened well",
            lead_image_caption="The northern well, reopened.",
        )
    publish(article)
    pdf = stored_pdf(article, tmp_path)

    assert image_count(pdf) == 2  # the lead picture and the author's photo
    assert "The northern well, reopened." in text_of(pdf)


# Made again when what it shows beside the article changes -------------------------


def test_new_contact_details_remake_every_pdf_newest_first_behind_new_ones(
    tmp_path,
):
    older = publish(
        draft(title="Older", published_at=timezone.now() - datetime.timedelta(days=3))
    )
    newest = publish(draft(title="Newest"))
    made = dict(ArticleDocument.objects.values_list("article_id", "version"))

    with TestCase.captureOnCommitCallbacks(execute=True):
        SiteSettings.objects.update_or_create(
            pk=1, defaults={"contact_phone": "+000 111 2222"}
        )
    run_jobs(only=documents.remake_job)

    # The newest at once; the older queued, behind what a change asks for now.
    assert ArticleDocument.objects.get(article=newest).version != made[newest.pk]
    assert ArticleDocument.objects.get(article=older).version == made[older.pk]
    (queued,) = DBTaskResult.objects.ready().filter(task_path=MAKE)
    assert queued.args_kwargs["args"] == [older.pk]
    assert queued.priority < 0
    fresh = draft(title="Fresh")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.article_publish(article=fresh)
    assert DBTaskResult.objects.ready().first().args_kwargs["args"] == [fresh.pk]

    run_jobs()
    assert "+000 111 2222" in text_of(stored_pdf(older, tmp_path))


def test_a_setting_the_pdfs_do_not_show_remakes_nothing():
    publish(draft(published_at=timezone.now() - datetime.timedelta(days=3)))
    publish(draft())
    made = dict(ArticleDocument.objects.values_list("article_id", "version"))

    with TestCase.captureOnCommitCallbacks(execute=True):
        # Without a logo the name is shown either way.
        SiteSettings.objects.update_or_create(pk=1, defaults={"logo_with_name": False})
    run_jobs(only=documents.remake_job)

    assert dict(ArticleDocument.objects.values_list("article_id", "version")) == made
    assert not DBTaskResult.objects.ready().filter(task_path=MAKE).exists()


def test_an_office_renamed_remakes_its_statements_and_no_other(tmp_path):
    water, roads = make_office(name_en="Water office"), make_office(name_en="Roads")
    ours = [
        publish(draft(office=water, published_at=timezone.now() - delta))
        for delta in (datetime.timedelta(days=2), datetime.timedelta(hours=1))
    ]
    theirs = publish(draft(office=roads))
    made = dict(ArticleDocument.objects.values_list("article_id", "version"))

    with worked():
        water.name_en = "Water and wells office"
        water.save()

    for article in ours:
        assert "Water and wells office" in text_of(stored_pdf(article, tmp_path))
    assert ArticleDocument.objects.get(article=theirs).version == made[theirs.pk]


def test_an_authors_new_photo_is_drawn_in_the_signature(tmp_path):
    author = make_author()
    article = publish(draft(authors=[author]))
    assert image_count(stored_pdf(article, tmp_path)) == 0

    with worked():  # the save, then the photo's copies (a save again)
        author.photo = make_image("face.png", size=(300, 300))
        author.save()

    assert image_count(stored_pdf(article, tmp_path, "again.pdf")) == 1


def test_a_months_adjustment_remakes_the_statements_of_its_days(tmp_path):
    day = timezone.now() - datetime.timedelta(days=5)
    inside = publish(draft(published_at=day))
    outside = publish(draft(published_at=day - datetime.timedelta(days=90)))
    made = dict(ArticleDocument.objects.values_list("article_id", "version"))
    month = hijri.to_hijri(day)

    with worked():
        HijriMonthAdjustment.objects.create(
            hijri_year=month.year, hijri_month=month.month, days=-2
        )

    assert ArticleDocument.objects.get(article=inside).version != made[inside.pk]
    assert ArticleDocument.objects.get(article=outside).version == made[outside.pk]
    assert hijri.format_dual(day, "en").split(" | ")[0].split(" ", 1)[1] in text_of(
        stored_pdf(inside, tmp_path)
    )
