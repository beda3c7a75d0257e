"""A statement as a PDF: its page (``templates/documents/article.html``, in
the article's language) made into a PDF by WeasyPrint.

WeasyPrint reads only the site's own files (``own_files``): the fonts from the
static files, the logo and the body's pictures from the media storage;
nothing from the network, nor from the disk by a ``file:`` address. The fonts
are one IBM Plex Sans Arabic file per weight (``static/fonts/pdf/``, made by
``scripts/build_fonts.py``), embedded: WeasyPrint draws wrong glyphs from the
site's ``unicode-range`` subsets of one family and weight.
"""

import functools
import hashlib
import io
import mimetypes
import posixpath
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import uri_to_iri
from django.utils.safestring import mark_safe
from fontTools.ttLib import TTFont

from core import conf, hijri
from images.renditions import shared_image
from site_settings import site

TEMPLATE = "documents/article.html"
STYLESHEET = Path(__file__).resolve().parent / "statement.css"
FAMILY = "IBM Plex Sans Arabic"
# The static files of the two weights the page uses.
FONTS = {
    "400": "fonts/pdf/ibm-plex-sans-arabic-400.woff2",
    "700": "fonts/pdf/ibm-plex-sans-arabic-700.woff2",
}


def address_of(article):
    """The article's canonical address, as readers type and read it: Arabic
    letters as letters (``uri_to_iri``), not percent-escapes."""
    with translation.override(article.language):
        return uri_to_iri(site.absolute_url(article.get_absolute_url()))


def qr_code(address):
    """The QR code of ``address``, as inline SVG sized by the stylesheet. An
    address with Arabic letters is UTF-8, said so (ECI), as the standard asks."""
    code = segno.make(address, error="m", encoding="utf-8", eci=not address.isascii())
    return mark_safe(code.svg_inline(border=4, omitsize=True, svgclass="qr"))


class Source(NamedTuple):
    """What a PDF is made from: its page and its stylesheet."""

    html: str
    css: str


def source_of(article):
    """The page and stylesheet of ``article``'s PDF: the same for the same
    statement (its ``version`` is a hash of them). ``article``: fetched with
    its byline (``for_listing``)."""
    language = article.language
    with translation.override(language):
        settings_row = site.site_settings()
        site_name = site.text("site_name", language)
        address = address_of(article)
        context = {
            "article": article,
            "withdrawn": article.status == article.Status.WITHDRAWN,
            "site_name": site_name,
            "logo_url": settings_row.logo.url if settings_row.logo else "",
            "show_site_name": not settings_row.logo or settings_row.logo_with_name,
            "office_name": article.office.name,
            # The office has no contact details of its own: the site's.
            "contact": {
                "address": settings_row.contact_address,
                "email": settings_row.contact_email,
                "phone": settings_row.contact_phone,
            },
            "opening_line": site.text("opening_line", language),
            "lead_image": shared_image(
                article.lead_image, article.lead_image_width, article.lead_image_height
            ),
            # The signature's photos, in byline order: their largest copies.
            "portraits": [
                image.url
                for author in article.byline_authors
                if (
                    image := shared_image(
                        author.photo, author.photo_width, author.photo_height
                    )
                )
            ],
            "address": address,
            "qr_code": qr_code(address),
        }
        html = render_to_string(TEMPLATE, context)
    return Source(html, stylesheet(language))


def stylesheet(language):
    """``statement.css``, after the fonts, the page size
    (``CMS_PDF_PAGE_SIZE``) and the page numbers in the site's digits."""
    digits = "arabic-indic" if hijri.use_arabic_digits(language) else "decimal"
    faces = "".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
        f'src: url("{static_url(path)}"); }}\n'
        for weight, path in FONTS.items()
    )
    page = (
        f"@page {{ size: {conf.get('CMS_PDF_PAGE_SIZE')}; @bottom-center {{ "
        f'content: counter(page, {digits}) " / " counter(pages, {digits}); }} }}\n'
    )
    return faces + page + STYLESHEET.read_text()


def version_of(source):
    """A short hash of what the PDF shows."""
    return hashlib.sha256(f"{source.html}\n{source.css}".encode()).hexdigest()[:16]


class MissingFont(RuntimeError):
    """A font of the PDF is not among the static files: no PDF is made (the
    job fails, and is tried again), rather than one in another font."""


def pdf_of(source):
    """The PDF of ``source`` (``source_of``), as bytes."""
    # Pango is loaded only where a PDF is made.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    base_url, fetcher, fonts = f"{site.site_url()}/", own_files(), FontConfiguration()
    try:
        css = CSS(
            string=source.css,
            base_url=base_url,
            url_fetcher=fetcher,
            font_config=fonts,
        )
        return HTML(
            string=source.html, base_url=base_url, url_fetcher=fetcher
        ).write_pdf(
            stylesheets=[css],
            font_config=fonts,
            presentational_hints=True,  # <img width height>
        )
    except FatalURLFetchingError as error:
        # Not an Exception (a BaseException): the jobs' retries would miss it.
        raise MissingFont(str(error)) from None


def static_url(path):
    """The address of static file ``path`` (unhashed: ``own_files`` finds it)."""
    return urljoin(f"{site.site_url()}/", f"{settings.STATIC_URL}{path}")


def media_prefix():
    """How the addresses of the media storage's files begin, absolute (the
    site's ``/media/``, or a bucket's host)."""
    probe = "cms-documents-probe"
    url = urljoin(f"{site.site_url()}/", default_storage.url(probe))
    return url[: url.rindex(probe)]


def stored_name(url, prefix):
    """The file name ``url`` (under ``prefix``) gives, or ``None`` for one
    that would leave the folder."""
    name = posixpath.normpath(unquote(urlsplit(url[len(prefix) :]).path))
    if name.startswith(("/", "..")) or name in (".", "") or "\x00" in name:
        return None
    return name


def own_files():
    """WeasyPrint's fetcher: the site's own files only."""
    from weasyprint.urls import (
        FatalURLFetchingError,
        URLFetcher,
        URLFetcherResponse,
        URLFetchingError,
    )

    class OwnFiles(URLFetcher):
        """Static files (from the finders, or as collected) and media (from
        the default storage), read as bytes; any other address is refused
        and WeasyPrint leaves that picture out. A missing font stops the
        PDF: WeasyPrint would fall back on a font of the system's."""

        def __init__(self):
            super().__init__(allowed_protocols=(), fail_on_errors=False)
            self.static = static_url("")
            self.media = media_prefix()

        def fetch(self, url, headers=None):
            if url.startswith(self.static):
                name = stored_name(url, self.static)
                body = read_static(name) if name else None
                if body is None and name in FONTS.values():
                    raise FatalURLFetchingError(f"No font at {url}")
                if body is None:
                    raise URLFetchingError(f"No static file at {url}")
            elif url.startswith(self.media):
                name = stored_name(url, self.media)
                if not name or not default_storage.exists(name):
                    raise URLFetchingError(f"No stored file at {url}")
                with default_storage.open(name) as file:
                    body = file.read()
            else:
                raise URLFetchingError(f"Not one of the site's files: {url}")
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    return OwnFiles()


@functools.lru_cache(maxsize=16)
def read_static(name):
    """The bytes of static file ``name``, or ``None``; a WOFF2 font as plain
    TrueType. Kept for the process: WeasyPrint would decompress the fonts at
    each PDF (three quarters of its time)."""
    path = finders.find(name)
    if path:
        with open(path, "rb") as file:
            body = file.read()
    elif staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            body = file.read()
    else:
        return None
    if body[:4] == b"wOF2":
        font = TTFont(io.BytesIO(body))
        font.flavor = None
        output = io.BytesIO()
        font.save(output)
        body = output.getvalue()
    return body
