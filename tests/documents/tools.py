"""Reading a PDF as its readers' tools do: Poppler (``pdftotext``,
``pdftoppm``, ``pdffonts``, ``pdfimages``, ``pdfinfo``), ``zbarimg`` for the
QR code and ``qpdf --check``. ``make pdftools`` installs them from Debian."""

import re
import shutil
import subprocess
import unicodedata

TOOLS = (
    "pdftotext", "pdftoppm", "pdffonts", "pdfimages", "pdfinfo", "qpdf", "zbarimg",
)  # fmt: skip
# The direction marks and embeddings pdftotext puts around runs of text.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
)


def missing_tools():
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def run(*command):
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def text_of(path):
    """The text ``pdftotext`` reads, NFKC, without its direction marks, on
    one line."""
    extracted = run("pdftotext", "-enc", "UTF-8", str(path), "-").stdout
    folded = unicodedata.normalize("NFKC", extracted).translate(BIDI_CONTROLS)
    return " ".join(folded.split())


def qr_code_of(path, folder):
    """What the QR code on the first page says, as a phone reads it (the page
    drawn at 150 dpi, read by zbar)."""
    page = folder / "page"
    run("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(page))
    (picture,) = folder.glob("page*.png")
    return run("zbarimg", "-q", "--raw", str(picture)).stdout.rstrip("\n")


def qpdf_check(path):
    return run("qpdf", "--check", str(path))


def fonts_of(path):
    """``[(name, embedded)]`` from ``pdffonts``."""
    lines = run("pdffonts", str(path)).stdout.splitlines()[2:]
    # name type… encoding emb sub uni object generation: emb is 5th from the end.
    return [(line.split()[0], line.split()[-5]) for line in lines]


def image_count(path):
    """How many pictures the PDF draws (``pdfimages -list``)."""
    lines = run("pdfimages", "-list", str(path)).stdout.splitlines()[2:]
    return len([line for line in lines if line.strip()])


def family_of(font_name):
    """``IBM-Plex-Sans-Arabic-Bold`` of ``ABCDEF+IBM-Plex-Sans-Arabic-Bold``."""
    return re.sub(r"^[A-Z]{6}\+", "", font_name)


def stored_pdf(article, folder, name="statement.pdf"):
    """The article's PDF as stored (``documents``), copied to ``folder``."""
    from documents.models import ArticleDocument

    document = ArticleDocument.objects.get(article=article)
    path = folder / name
    with document.file.open("rb") as file:
        path.write_bytes(file.read())
    return path
