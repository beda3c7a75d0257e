"""How well search finds Arabic words in the forms readers type: the yardstick.

The test sets (``bench/arabic_search_*.json``) hold words common in
statements, each with a sentence it is written in and the forms a reader
types for it (with the article, a conjunction, a preposition, a plural or
dual, a possessive), and pairs of different words that must not find each
other. ``measure`` scores what search compares (``search.terms``); with
``through_search`` it also writes the sentences as articles and asks the
real search (``search.query``), on whichever database the site runs.

``manage.py search_quality`` prints the figures of each set; they are kept
in ``bench/search_quality.md`` beside the speed figures.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from search.terms import folded_words, stems

TEST_SET = Path(settings.BASE_DIR) / "bench" / "arabic_search_set.json"
# Each written by someone who had not seen the stemmer's rules, after it was
# tuned on the sets before it: the held-out set was then tuned on too, the
# final one never.
HOLDOUT_SET = Path(settings.BASE_DIR) / "bench" / "arabic_search_holdout.json"
FINAL_SET = Path(settings.BASE_DIR) / "bench" / "arabic_search_final.json"
SETS = (TEST_SET, HOLDOUT_SET, FINAL_SET)
# What a form adds to the word or takes from it (the set's ``kinds``).
KINDS = ("article", "wa", "bi-li", "number", "possessive", "other")


def load(path=TEST_SET):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def finds(typed, written):
    """Whether a reader typing the word ``typed`` finds a text with the word
    ``written``: they stand for a stem in common (``search.terms``)."""
    [(_typed, for_stemming)] = folded_words(typed)
    [(_written, written_for_stemming)] = folded_words(written)
    return bool(stems(for_stemming) & stems(written_for_stemming))


@dataclass
class Figures:
    """What a measure found: hits and tries by kind of form, misses named."""

    found: Counter = field(default_factory=Counter)
    tried: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    beyond_found: int = 0
    beyond_tried: int = 0
    false: list = field(default_factory=list)
    pairs: int = 0

    @property
    def recall(self):
        return _share(sum(self.found.values()), sum(self.tried.values()))

    @property
    def false_share(self):
        return _share(len(self.false), self.pairs)

    def lines(self):
        """The figures as Markdown lines."""
        found, tried = sum(self.found.values()), sum(self.tried.values())
        yield f"- forms found: **{self.recall:.1f} %** ({found} of {tried})"
        for kind in KINDS:
            if self.tried[kind]:
                yield (
                    f"  - {kind}: {_share(self.found[kind], self.tried[kind]):.1f} %"
                    f" ({self.found[kind]} of {self.tried[kind]})"
                )
        yield (
            f"- beyond light stemming (broken plurals), found anyway: "
            f"{self.beyond_found} of {self.beyond_tried}"
        )
        yield (
            f"- different words that found each other: **{self.false_share:.1f} %**"
            f" ({len(self.false)} of {self.pairs} pairs)"
        )
        if self.misses:
            yield "- missed: " + ", ".join(f"{t} → {w}" for t, w in self.misses)
        if self.false:
            yield "- found each other: " + ", ".join(
                f"{a} ~ {b}" for a, b in self.false
            )


def _share(part, whole):
    return 100 * part / whole if whole else 0.0


def measure(test_set, found=None):
    """The ``Figures`` of ``test_set``; ``found(typed, word)`` says whether a
    search for ``typed`` finds the text of ``word`` (default ``finds``,
    what search compares, without a database)."""
    found = found or (lambda typed, entry: finds(typed, entry["word"]))
    figures = Figures()
    for entry in test_set["words"]:
        for typed, kind in zip(entry["forms"], entry["kinds"], strict=True):
            figures.tried[kind] += 1
            if found(typed, entry):
                figures.found[kind] += 1
            else:
                figures.misses.append((typed, entry["word"]))
        for typed in entry.get("beyond", ()):
            figures.beyond_tried += 1
            figures.beyond_found += bool(found(typed, entry))
    for pair in test_set["distinct"]:
        figures.pairs += 1
        a, b = {"word": pair["a"]}, {"word": pair["b"]}
        if found(pair["a"], b) or found(pair["b"], a):
            figures.false.append((pair["a"], pair["b"]))
    return figures
