"""Rebuild the self-hosted web fonts in ``static/fonts/``.

    .venv/bin/python scripts/build_fonts.py

Takes IBM Plex Sans Arabic (SIL Open Font Licence 1.1; its Latin is IBM Plex
Sans) from the ``@fontsource/ibm-plex-sans-arabic`` npm package, fetched with
``npm pack`` into a temporary folder (no node_modules, no package.json), and
cuts each weight into small WOFF2 subsets without hinting:

- ``arabic``: the Arabic letters, marks, digits and punctuation Arabic text
  uses (U+0600–0671), the joiners and direction marks, the ornate parentheses;
- ``arabic-ext``: letters of other languages written in Arabic script and the
  presentation forms of old or pasted text;
- ``latin``: ASCII and the punctuation of English text;
- ``latin-1`` and ``latin-ext``: accented letters (transliterations).

A page downloads only the subsets its text uses (``unicode-range``), so a first
view stays light. The ``@font-face`` rules are written into
``static/css/site.css`` between its font markers, with the package's licence
and a README beside the files. Needs ``npm`` and fontTools with brotli
(requirements.txt).

The PDFs of statements (``documents/``) need one file per weight instead:
WeasyPrint draws wrong glyphs from several ``unicode-range`` files of one
family and weight. ``merge_for_pdf`` merges the subsets just written into
``static/fonts/pdf/ibm-plex-sans-arabic-<weight>.woff2`` (``--pdf`` does only
that, from the subsets in the tree, without npm).

The rules say ``font-display: optional``: a face that arrives after the first
paint is not swapped in on that page (it is cached for the next one), so text
never moves under the reader; ``templates/includes/font_preloads.html`` fetches
a page's usual faces with the page, so that they come in time.
"""

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger, Options
from fontTools.ttLib import TTFont

PACKAGE = "@fontsource/ibm-plex-sans-arabic"
VERSION = "5.3.0"
FAMILY = "IBM Plex Sans Arabic"
FOLDER = "ibm-plex-sans-arabic"
WEIGHTS = (400, 700)
ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "static" / "fonts" / FOLDER
STYLESHEET = ROOT / "static" / "css" / "site.css"
# The stylesheets that carry the ``@font-face`` rules: the site's, and the
# article form's (the desk writes in the site's typeface).
STYLESHEETS = (STYLESHEET, ROOT / "static" / "css" / "desk_article.css")
# One merged file per weight for the PDFs (``merge_for_pdf``).
PDF_FONTS = ROOT / "static" / "fonts" / "pdf"
BEGIN = "/* Fonts (written by scripts/build_fonts.py): begin */"
END = "/* Fonts: end */"


def span(first, last=None):
    return set(range(first, (last or first) + 1))


LATIN = (
    span(0x20, 0x7E)
    | {0xA0, 0xA9, 0xAB, 0xAD, 0xB7, 0xBB, 0xD7, 0x2022, 0x2026, 0x20AC, 0x2122}
    | span(0x2010, 0x2015)
    | span(0x2018, 0x201E)
    | {0x2039, 0x203A, 0x2212}
)
ARABIC = span(0x0600, 0x0671) | span(0x200C, 0x200F) | {0xFD3E, 0xFD3F}
# (name, fontsource subset file, wanted code points)
SUBSETS = [
    ("latin", "latin", LATIN),
    ("latin-1", "latin", (span(0xA0, 0xFF) | span(0x2000, 0x206F)) - LATIN - ARABIC),
    ("latin-ext", "latin-ext", span(0x0100, 0x024F) | span(0x1E00, 0x1EFF)),
    ("arabic", "arabic", ARABIC),
    (
        "arabic-ext",
        "arabic",
        span(0x0672, 0x06FF)
        | span(0x0750, 0x077F)
        | span(0x08A0, 0x08FF)
        | (span(0xFB50, 0xFDFF) - {0xFD3E, 0xFD3F})
        | span(0xFE70, 0xFEFC),
    ),
]
# Every file keeps the spaces (for its own layout), but only the Latin subset,
# which every page loads anyway, claims them in its unicode-range.
SPACES = {0x20, 0xA0}


def css_ranges(codepoints):
    """``U+0600-0671,U+200C-200F`` for a set of code points."""
    ranges, points = [], sorted(codepoints)
    start = previous = points[0]
    for point in points[1:] + [None]:
        if point is not None and point == previous + 1:
            previous = point
            continue
        ranges.append(
            f"U+{start:04X}" if start == previous else f"U+{start:04X}-{previous:04X}"
        )
        if point is not None:
            start = previous = point
    return ",".join(ranges)


def fetch_package(folder):
    """The npm package's files, unpacked in ``folder``."""
    output = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--json", "--silent"],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    archive = folder / json.loads(output)[0]["filename"]
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder / "package"


def cut(source, codepoints, target):
    """Write the ``codepoints`` of ``source`` to ``target``; return those found."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["FFTM"]
    font = subset.load_font(str(source), options)
    font.recalcTimestamp = False
    present = codepoints & set(font.getBestCmap())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    return present


def font_faces(package):
    """Cut every subset of every weight; return the ``@font-face`` rules."""
    rules = []
    for weight in WEIGHTS:
        for name, source_subset, wanted in SUBSETS:
            source_name = f"{FOLDER}-{source_subset}-{weight}-normal.woff2"
            source = package / "files" / source_name
            file_name = f"{FOLDER}-{name}-{weight}.woff2"
            present = cut(source, wanted | SPACES, FONTS / file_name)
            claimed = present if name == "latin" else present - SPACES
            rules.append(
                "@font-face {\n"
                f'  font-family: "{FAMILY}";\n'
                "  font-style: normal;\n"
                f"  font-weight: {weight};\n"
                "  font-display: optional;\n"
                f'  src: url("../fonts/{FOLDER}/{file_name}") format("woff2");\n'
                f"  unicode-range: {css_ranges(claimed)};\n"
                "}"
            )
    return "\n".join(rules)


def merge_for_pdf():
    """Merge each weight's subsets (in ``FONTS``) into one WOFF2 file in
    ``PDF_FONTS``: the same glyphs, layout features and names, as one font.
    Return the files written."""
    PDF_FONTS.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as temporary:
        for weight in WEIGHTS:
            # The merger reads plain TrueType files: each subset decompressed.
            parts, created, modified = [], 0, 0
            for name, _source, _wanted in SUBSETS:
                font = TTFont(FONTS / f"{FOLDER}-{name}-{weight}.woff2")
                created = max(created, font["head"].created)
                modified = max(modified, font["head"].modified)
                font.flavor = None
                part = Path(temporary) / f"{name}-{weight}.ttf"
                font.save(part)
                parts.append(str(part))
            merged = Merger(options=Options(drop_tables=["vmtx", "vhea"])).merge(parts)
            merged.recalcTimestamp = False
            # The subsets' dates, not today's: the same bytes at each build.
            merged["head"].created = created
            merged["head"].modified = modified
            merged.flavor = "woff2"
            target = PDF_FONTS / f"{FOLDER}-{weight}.woff2"
            merged.save(target)
            covered = set().union(*(TTFont(part).getBestCmap() for part in parts))
            missing = covered - set(TTFont(target).getBestCmap())
            if missing:
                sys.exit(f"{target}: {len(missing)} characters lost in the merge.")
            written.append(target)
    shutil.copy(FONTS / "LICENSE", PDF_FONTS / "LICENSE")
    (PDF_FONTS / "README.md").write_text(
        f"# {FAMILY}, one file per weight, for the PDFs\n\n"
        f"The subsets of `../{FOLDER}/` (SIL Open Font Licence 1.1, `LICENSE`) "
        "merged into one font per weight by `scripts/build_fonts.py`: the PDFs "
        "of statements (`documents/`) embed them. WeasyPrint draws wrong glyphs "
        "from several `unicode-range` files of one family and weight.\n"
    )
    return written


def write_stylesheet(rules):
    for stylesheet in STYLESHEETS:
        css = stylesheet.read_text()
        if BEGIN not in css or END not in css:
            sys.exit(f"{stylesheet} has no font markers ({BEGIN} … {END}).")
        head, rest = css.split(BEGIN, 1)
        _old, tail = rest.split(END, 1)
        stylesheet.write_text(f"{head}{BEGIN}\n{rules}\n{END}{tail}")


def main():
    if sys.argv[1:] == ["--pdf"]:
        for path in merge_for_pdf():
            print(f"{path.stat().st_size:>7} {path.relative_to(ROOT)}")
        return
    if FONTS.exists():
        shutil.rmtree(FONTS)
    FONTS.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as temporary:
        package = fetch_package(Path(temporary))
        rules = font_faces(package)
        shutil.copy(package / "LICENSE", FONTS / "LICENSE")
    (FONTS / "README.md").write_text(
        f"# {FAMILY}\n\n"
        f"From the npm package `{PACKAGE}` version {VERSION} (Fontsource), "
        "under the SIL Open Font Licence 1.1 (`LICENSE`).\n"
        "Cut into WOFF2 subsets without hinting by `scripts/build_fonts.py`, "
        "which also writes the `@font-face` rules in `static/css/site.css` "
        "and `static/css/desk_article.css`.\n"
    )
    write_stylesheet(rules)
    merged = merge_for_pdf()
    for path in [*sorted(FONTS.glob("*.woff2")), *merged]:
        print(f"{path.stat().st_size:>7} {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
