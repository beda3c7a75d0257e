"""The PDFs' fonts (``static/fonts/pdf/``): one file per weight, merged from
the site's web subsets by ``scripts/build_fonts.py``, and up to date with
them."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
SCRIPT = Path(settings.BASE_DIR) / "scripts" / "build_fonts.py"


def build_fonts():
    spec = importlib.util.spec_from_file_location("build_fonts", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("weight", ["400", "700"])
def test_each_weight_is_one_font_with_every_character_of_its_subsets(weight):
    merged = TTFont(FONTS / "pdf" / f"ibm-plex-sans-arabic-{weight}.woff2")
    subsets = sorted((FONTS / "ibm-plex-sans-arabic").glob(f"*-{weight}.woff2"))

    assert len(subsets) == 5
    covered = set().union(*(TTFont(path).getBestCmap() for path in subsets))
    assert covered <= set(merged.getBestCmap())
    assert merged["name"].getDebugName(1) == "IBM Plex Sans Arabic"
    assert {"GSUB", "GPOS"} <= set(merged.keys())  # Arabic joining and marks


def test_the_committed_fonts_are_what_the_script_makes_of_the_subsets(
    tmp_path, monkeypatch
):
    script = build_fonts()
    monkeypatch.setattr(script, "PDF_FONTS", tmp_path)

    written = script.merge_for_pdf()

    assert [path.name for path in written] == [
        "ibm-plex-sans-arabic-400.woff2",
        "ibm-plex-sans-arabic-700.woff2",
    ]
    for path in written:
        assert path.read_bytes() == (FONTS / "pdf" / path.name).read_bytes()
    assert "SIL Open Font License" in (FONTS / "pdf" / "LICENSE").read_text()
