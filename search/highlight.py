"""Marking the words a reader searched for, in the few rows of a results page.

A word of the text is marked, as it is written there, when the query looks
for it (``search.terms.Query.marks``: its stem is one of the query's, or it
is a word of a phrase): "Statements" and "statement", «والأسرة» and «أسرة»
are marked alike. Everything else is escaped; the result is safe HTML.
"""

import unicodedata
from itertools import groupby

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from core.sanitize import plain_text
from search.terms import folded_words

# Letters, digits and what belongs inside a written word (harakat, tatweel,
# joiners): a word of the text as a reader sees it.
WORD_CATEGORIES = {"Mn", "Mc", "Me", "Cf", "Lm", "Pc"}
ELLIPSIS = "…"


def _is_word_character(ch):
    return ch.isalnum() or unicodedata.category(ch) in WORD_CATEGORIES


def tokens(text):
    """``[(piece, is_word), …]``: ``text`` cut into words and what lies between."""
    return [
        ("".join(group), is_word)
        for is_word, group in groupby(str(text or ""), key=_is_word_character)
    ]


def _matches(piece, query):
    return any(query.marks(*pair) for pair in folded_words(piece))


def _render(pieces, query):
    marked = {}  # a word repeats: fold it once
    html, plain = [], []  # what lies between marks is escaped in one piece
    for piece, is_word in pieces:
        if is_word and piece not in marked:
            marked[piece] = _matches(piece, query)
        if is_word and marked[piece]:
            html.append(escape("".join(plain)))
            html.append(format_html("<mark>{}</mark>", piece))
            plain = []
        else:
            plain.append(piece)
    html.append(escape("".join(plain)))
    return mark_safe("".join(html))


def highlight(text, query):
    """``text``, escaped, with the words ``query`` looks for in ``<mark>``."""
    return _render(tokens(text), query)


def snippet(texts, query, *, before=10, length=32):
    """A passage of the first of ``texts`` with a match, highlighted.

    About ``length`` words starting ``before`` words ahead of the first
    match, with an ellipsis where the text is cut. Without a match anywhere
    (the title matched), the start of the first text that has words.
    ``texts`` may be a generator: a text after the first match is not made.
    """
    read = []
    for text in texts:
        if not text:
            continue
        pieces = tokens(text)
        positions = [i for i, (piece, is_word) in enumerate(pieces) if is_word]
        hit = next(
            (n for n, i in enumerate(positions) if _matches(pieces[i][0], query)),
            None,
        )
        if hit is not None:
            return _window(pieces, positions, max(0, hit - before), length, query)
        read.append((pieces, positions))
    for pieces, positions in read:
        if positions:
            return _window(pieces, positions, 0, length, query)
    return ""


def _window(pieces, positions, first, length, query):
    last = min(len(positions), first + length) - 1
    cut_before, cut_after = first > 0, last < len(positions) - 1
    # Whole text at an end that is not cut: its punctuation is kept.
    start = positions[first] if cut_before else 0
    end = positions[last] + 1 if cut_after else len(pieces)
    return format_html(
        "{}{}{}",
        f"{ELLIPSIS} " if cut_before else "",
        _render(pieces[start:end], query),
        f" {ELLIPSIS}" if cut_after else "",
    )


def article_snippet(article, query):
    """The passage of ``article``'s excerpt or body shown in its result (the
    body is read only when the excerpt has no match)."""
    return snippet(_passages(article), query)


def _passages(article):
    yield article.excerpt
    yield plain_text(article.body)
