"""What a statement's PDF shows, read with the tools its readers' programs
use: the text as Poppler extracts it, the QR code as zbar decodes it, the
file as qpdf checks it and the fonts as pdffonts lists them."""

import re

import pytest
from django.core.files.storage import default_storage

from articles import services
from articles.models import Article
from core import hijri
from documents import rendering
from documents import services as documents
from documents.models import ArticleDocument
from site_settings.models import SiteSettings
from tests.documents.tools import (
    family_of,
    fonts_of,
    image_count,
    qpdf_check,
    qr_code_of,
    run,
    stored_pdf,
    text_of,
)
from tests.factories import make_article, make_author, make_image, make_office
from tests.jobs.running import worked

pytestmark = pytest.mark.django_db

ENGLISH_FIRST = (
    "The Central Media Office announced today that the regional water "
    "programme starts in twelve towns on Monday."
)
ENGLISH_BODY = (
    f"<p>{ENGLISH_FIRST}</p>"
    "<h2>What changes</h2>"
    "<ul><li>Wells reopen in every town.</li><li>Tankers run twice a day.</li></ul>"
    "<blockquote><p>Water is everyone's right.</p></blockquote>"
)
ARABIC_TITLE = "بيان صحفي بشأن برنامج البيانات المفتوحة"
# Arabic with English and digits inside, as statements are written.
ARABIC_FIRST = (
    "أعلن المكتب يوم 3 December 2023 عن برنامج Open Data بمشاركة 250 متطوعا "
    "من 12 مدينة."
)
ARABIC_BODY = f"<p>{ARABIC_FIRST}</p><h2>أهداف البرنامج</h2><p>نشر البيانات كلها.</p>"


def published(**fields):
    office = make_office(name_en="Central Media Office", name_ar="المكتب المركزي")
    article = make_article(
        status=Article.Status.DRAFT,
        office=office,
        authors=[make_author(office=office)],
        **fields,
    )
    with worked():
        services.article_publish(article=article)
    article.refresh_from_db()
    return article


def test_an_english_statement_reads_in_order_with_its_reference_dates_and_address(
    tmp_path,
):
    article = published(
        title="Statement on the regional water programme", body=ENGLISH_BODY
    )
    pdf = stored_pdf(article, tmp_path)

    text = text_of(pdf)
    title = text.index("Statement on the regional water programme")
    assert text.index(ENGLISH_FIRST) > title
    assert f"Reference: {article.reference}" in text
    # Both calendars, as the site writes them: "Tuesday, 28 Jumada al-thani
    # 1448 | 2026/12/08".
    assert hijri.format_dual(article.published_at, "en") in text
    assert "Central Media Office" in text
    assert "Wells reopen in every town." in text
    address = rendering.address_of(article)
    assert address == f"https://127.0.0.1/en/article/{article.slug}/"
    assert address in text
    assert qr_code_of(pdf, tmp_path) == address


def test_the_file_is_sound_and_every_font_is_the_embedded_plex(tmp_path):
    article = published(title="A sound file", body=ENGLISH_BODY)
    pdf = stored_pdf(article, tmp_path)

    check = qpdf_check(pdf)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout
    fonts = fonts_of(pdf)
    assert fonts, "no font at all"
    for name, embedded in fonts:
        assert embedded == "yes", name
        assert family_of(name).startswith("IBM-Plex-Sans-Arabic"), name


def test_an_arabic_statement_keeps_its_title_digits_and_arabic_address(tmp_path):
    article = published(title=ARABIC_TITLE, body=ARABIC_BODY, language="ar")
    pdf = stored_pdf(article, tmp_path)

    text = text_of(pdf)
    assert ARABIC_TITLE in text
    # The site's digits for Arabic: Arabic-Indic, the reference and the dates.
    reference = hijri.localize_digits(article.reference, "ar")
    assert re.fullmatch(r"[٠-٩]+/[٠-٩]+", reference)
    assert reference in text
    dates = hijri.format_dual(article.published_at, "ar")
    numbers = re.findall(r"[٠-٩/]+", dates)
    assert len(numbers) == 3  # the Hijri day and year, the Gregorian date
    for number in numbers:
        assert number in text
    # Poppler 22.12 cannot give a paragraph that mixes Arabic and English back
    # in order (/tmp/pdfspike/REPORT.md, "Mixed Arabic paragraph"): it merges
    # the English runs, loses the spaces where the direction changes and
    # reverses the letters inside ligature glyphs (lam-alef, fa-ya), although
    # the PDF draws it right and maps its glyphs in logical order. So only its
    # Arabic words are looked for, one by one (and the paragraph has no such
    # ligature); its order is not checked.
    for word in ARABIC_FIRST.split():
        if re.fullmatch(r"[\u0600-\u06ff.]+", word):
            assert word.rstrip(".") in text, word
    address = rendering.address_of(article)
    assert address.startswith("https://127.0.0.1/ar/article/")
    assert article.slug in address  # its letters, not percent-escapes
    assert qr_code_of(pdf, tmp_path) == address


def test_the_logo_and_stored_pictures_are_drawn_and_nothing_is_fetched_from_elsewhere(
    tmp_path,
):
    SiteSettings(logo=make_image("logo.png", size=(64, 64))).save()
    picture = default_storage.save("articles/2026/12/well.png", make_image())
    article = published(
        title="With pictures",
        body=(
            f'<p><img src="/media/{picture}" alt="A well" width="120"></p>'
            '<p><img src="https://images.example.net/tracker.png" alt=""></p>'
            f"<p>{ENGLISH_FIRST}</p>"
        ),
    )
    pdf = stored_pdf(article, tmp_path)

    assert image_count(pdf) == 2  # the logo and the stored picture
    assert ENGLISH_FIRST in text_of(pdf)


def test_the_page_size_is_a_setting(settings, tmp_path):
    settings.CMS_PDF_PAGE_SIZE = "Letter"
    article = published(title="On letter paper", body=ENGLISH_BODY)
    pdf = stored_pdf(article, tmp_path)

    assert "612 x 792 pts (letter)" in run("pdfinfo", str(pdf)).stdout


def test_without_its_font_no_pdf_is_made_in_another(monkeypatch):
    """WeasyPrint would quietly draw the text in a system font instead."""
    monkeypatch.setitem(rendering.FONTS, "700", "fonts/pdf/no-such-font.woff2")
    article = make_article(title="A statement", body=ENGLISH_BODY)

    with pytest.raises(rendering.MissingFont, match="no-such-font"):
        documents.make_document(article.pk)
    assert not ArticleDocument.objects.exists()
