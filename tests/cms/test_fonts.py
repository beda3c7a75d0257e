"""The self-hosted web fonts: licensed, small, and covering what they claim."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from tests.factories import make_article

STATIC = Path(settings.BASE_DIR) / "static"
STYLESHEET = STATIC / "css" / "site.css"
FONTS = STATIC / "fonts" / "ibm-plex-sans-arabic"
FACE = re.compile(r"@font-face\s*{(.*?)}", re.S)


def faces():
    found = []
    for body in FACE.findall(STYLESHEET.read_text()):
        rules = dict(
            (name.strip(), value.strip())
            for name, value in (
                line.split(":", 1) for line in body.split(";") if ":" in line
            )
        )
        found.append(rules)
    return found


def code_points(unicode_range):
    points = set()
    for part in unicode_range.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def file_of(face):
    (url,) = re.findall(r'url\("\.\./fonts/([^"]+)"\)', face["src"])
    return STATIC / "fonts" / url


def test_the_stylesheet_declares_arabic_and_latin_faces_in_two_weights():
    declared = {(f["font-weight"], file_of(f).name.split("-")[-2]) for f in faces()}

    for weight in ("400", "700"):
        assert (weight, "arabic") in declared
        assert (weight, "latin") in declared


@pytest.mark.parametrize("face", faces(), ids=lambda f: file_of(f).name)
def test_every_face_is_a_shipped_woff2_never_swapped_in_late(face):
    """``optional``: a face that comes after the first paint would move the
    text under the reader (layout shift); that page keeps the fallback."""
    path = file_of(face)

    assert path.exists(), path
    assert path.read_bytes()[:4] == b"wOF2"
    assert face["font-display"] == "optional"
    assert 'format("woff2")' in face["src"]


@pytest.mark.parametrize("face", faces(), ids=lambda f: file_of(f).name)
def test_every_face_has_a_glyph_for_each_character_of_its_unicode_range(face):
    cmap = set(TTFont(file_of(face)).getBestCmap())

    missing = code_points(face["unicode-range"]) - cmap
    assert not missing, [hex(point) for point in sorted(missing)][:10]


def test_faces_of_one_weight_do_not_claim_the_same_characters():
    """Otherwise a page would download two files for one character."""
    by_weight = {}
    for face in faces():
        claimed = by_weight.setdefault(face["font-weight"], set())
        points = code_points(face["unicode-range"])
        assert not claimed & points, file_of(face).name
        claimed |= points


def test_the_main_subsets_are_small():
    for weight in ("400", "700"):
        for subset in ("arabic", "latin"):
            path = FONTS / f"ibm-plex-sans-arabic-{subset}-{weight}.woff2"
            assert path.stat().st_size < 16_000, path.name


def test_the_licence_and_origin_are_shipped_beside_the_fonts():
    assert "SIL Open Font License" in (FONTS / "LICENSE").read_text()
    readme = (FONTS / "README.md").read_text()
    assert "@fontsource/ibm-plex-sans-arabic" in readme
    assert re.search(r"version \d+\.\d+\.\d+", readme)


def preloaded_faces(html):
    """``{"latin-400", …}``: the font faces a page preloads."""
    links = re.findall(r'<link rel="preload" href="([^"]+)"([^>]*)>', html)
    for _href, attributes in links:
        assert 'as="font" type="font/woff2" crossorigin' in attributes
    return {
        re.search(r"ibm-plex-sans-arabic-(.+)\.woff2$", href)[1] for href, _ in links
    }


def test_pages_preload_the_faces_of_their_text_and_headings(client, db):
    """Late faces are not used (``optional``): those of the first screen come
    with the page. Arabic text takes its spaces and Western digits from the
    Latin faces."""
    make_article(slug="road", language="en")

    english = preloaded_faces(client.get("/en/").content.decode())
    arabic = preloaded_faces(client.get("/ar/").content.decode())
    article = preloaded_faces(client.get("/en/article/road/").content.decode())

    assert english == {"latin-400", "latin-700"}
    assert arabic == {"arabic-400", "arabic-700", "latin-400", "latin-700"}
    # The Arabic opening line above the title.
    assert article == {"latin-400", "latin-700", "arabic-400"}
    for face in english | arabic | article:
        assert (FONTS / f"ibm-plex-sans-arabic-{face}.woff2").exists(), face


def test_the_desk_writes_in_the_same_faces_as_the_site():
    """``scripts/build_fonts.py`` writes one block of rules into both
    stylesheets: the article form's may never drift from the site's."""

    def block(path):
        css = path.read_text()
        begin = css.index("/* Fonts (written by scripts/build_fonts.py): begin */")
        return css[begin : css.index("/* Fonts: end */")]

    assert block(STATIC / "css" / "desk_article.css") == block(STYLESHEET)
