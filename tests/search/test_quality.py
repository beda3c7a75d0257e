"""The yardstick of Arabic search (``search.quality``): the forms readers type
are found, different words are kept apart, through the search itself too."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search import quality


@pytest.mark.parametrize("path", quality.SETS, ids=lambda path: path.stem)
def test_the_forms_readers_type_are_found_and_different_words_kept_apart(path):
    figures = quality.measure(quality.load(path))

    assert sum(figures.tried.values()) >= 300
    assert figures.pairs >= 25
    assert figures.recall >= 95, list(figures.lines())
    assert figures.false_share <= 5, list(figures.lines())


@pytest.mark.parametrize("path", quality.SETS, ids=lambda path: path.stem)
def test_each_test_set_is_what_the_issue_asks_for(path):
    """At least 60 words, each in five kinds of forms, and 30 pairs."""
    test_set = quality.load(path)
    words = test_set["words"]

    assert len(words) >= 60 and len(test_set["distinct"]) >= 30
    assert len({entry["word"] for entry in words}) == len(words)
    for entry in words:
        assert entry["word"] in entry["sentence"]
        assert {"article", "wa", "bi-li", "number", "possessive"} <= set(
            entry["kinds"]
        ), entry["word"]


@pytest.mark.django_db
def test_the_command_measures_through_the_search_itself(tmp_path):
    """The real search, on this database, finds what the word-level
    measure says, and the articles it wrote for it are gone after."""
    from articles.models import Article

    written = tmp_path / "figures.md"
    out = StringIO()

    call_command(
        "search_quality",
        "--set",
        quality.TEST_SET,
        "--through-search",
        "--write",
        written,
        stdout=out,
    )

    report = out.getvalue()
    compared, searched = report.split("### Through the search itself")
    assert "### What search compares" in compared
    figure = quality.measure(quality.load()).recall
    assert f"**{figure:.1f} %**" in compared
    assert f"**{figure:.1f} %**" in searched
    kept = written.read_text(encoding="utf-8")
    assert kept.startswith("# Arabic search quality")
    assert report.strip() in kept
    assert not Article.objects.exists()


def test_the_sets_share_no_word():
    """Each was written to be measured on words the ones before did not hold."""
    seen = set()
    for path in quality.SETS:
        test_set = quality.load(path)
        words = {e["word"] for e in test_set["words"]}
        assert not words & seen, path.name
        seen |= words


def test_the_command_says_when_it_cannot_read_the_set(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the test set"):
        call_command("search_quality", "--set", tmp_path / "missing.json")
