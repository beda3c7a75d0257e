"""A statement as a Telegram post: Telegram's HTML, within Telegram's limits.

``compose()`` turns a statement's title, date line, office and reference line,
excerpt and canonical link into the text a bot sends with ``parse_mode=HTML``.
Everything the caller gives is plain text: control characters and
bidirectional formatting characters are dropped, whitespace is collapsed and
``<``, ``>`` and ``&`` are escaped, so that a title full of markup or Markdown
posts exactly as written.

Telegram measures a post after parsing its entities (the text without its tags,
``&amp;`` read as ``&``), in UTF-16 code units: ``MESSAGE_LIMIT`` for a message,
``CAPTION_LIMIT`` for a photo caption. A post that would be longer loses the end
of its excerpt, then of its title, at a word and with "…"; the link is never
cut. The cutting happens on the plain text, before escaping, so it can never
split an entity or leave a tag open.

Arabic posts begin each line with a right-to-left mark: Telegram's apps take a
paragraph's direction from its first strong character, and a line that opens
with digits (the date) or a link would otherwise read left to right.
"""

import re
import unicodedata
from functools import partial

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024

RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar"})
RLM = "\u200f"
ELLIPSIS = "\u2026"
ZWJ = "\u200d"

# Bidirectional controls (marks, embeddings, overrides, isolates), the byte
# order mark and lone surrogates: nothing a reader should get from the caller.
INVISIBLE = re.compile(
    "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1
# What a shortened text should not end on before its "…".
TRAILING = " \n,;:\u060c\u061b-\u2013\u2014"
# Characters that belong to the one before them: a cut with no word boundary
# must not fall just before one (accents, emoji modifiers and sequences).
CLINGING_CATEGORIES = {"Mn", "Mc", "Me", "Sk"}


def utf16_length(text):
    """The length of ``text`` as Telegram counts it: in UTF-16 code units, so a
    character outside the Basic Multilingual Plane (most emoji) counts 2."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def compose(
    *, title, date_line, reference, excerpt, url, language, limit=MESSAGE_LIMIT
):
    """The post for a statement, as Telegram HTML of at most ``limit`` UTF-16
    units once parsed: the title in bold, the date line, the office and
    reference line, the excerpt, then the link. Empty parts are left out.

    Raises ``ValueError`` when even the link alone does not fit.
    """
    fields = {
        "title": _line(title),
        "date_line": _line(date_line),
        "reference": _line(reference),
        "excerpt": _block(excerpt),
    }
    url = "".join(_line(url).split())
    right_to_left = (language or "").split("-")[0].lower() in RIGHT_TO_LEFT_LANGUAGES
    mark = RLM if right_to_left else ""

    def fits(name=None, text=""):
        lines = _lines({**fields, name: text} if name else fields, url)
        return utf16_length(_render(lines, mark, markup=False)) <= limit

    # Shortened in this order, each only as far as needed.
    for name in ("excerpt", "title", "reference", "date_line"):
        if fits():
            break
        fields[name] = _fit(fields[name], limit, partial(fits, name))
    if not fits():
        raise ValueError(f"the link alone is longer than {limit} UTF-16 units")
    return _render(_lines(fields, url), mark, markup=True)


def _line(text):
    """``text`` on one line: no control or bidi formatting characters, runs of
    whitespace as one space."""
    text = INVISIBLE.sub("", text or "")
    text = CONTROL.sub(lambda m: " " if m.group().isspace() else "", text)
    return " ".join(text.split())


def _block(text):
    """``text`` as lines cleaned like ``_line``, without blank lines."""
    lines = (_line(line) for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def _lines(fields, url):
    """The post's lines as (kind, text): the heading, the excerpt and the
    link in three blocks with an empty line between them."""
    heading = [("title", fields["title"])] if fields["title"] else []
    heading += [("text", fields[name]) for name in ("date_line", "reference")]
    blocks = [
        [line for line in heading if line[1]],
        [("text", line) for line in fields["excerpt"].split("\n") if line],
        [("link", url)] if url else [],
    ]
    lines = []
    for block in filter(None, blocks):
        if lines:
            lines.append(("text", ""))
        lines.extend(block)
    return lines


def _render(lines, mark, *, markup):
    """The post as HTML, or (``markup=False``) as the text Telegram shows."""
    out = []
    for kind, text in lines:
        if not text:
            out.append("")
        elif not markup:
            out.append(mark + text)
        elif kind == "title":
            out.append(f"{mark}<b>{_escape(text)}</b>")
        elif kind == "link" and re.match(r"https?://", text, re.IGNORECASE):
            href = _escape(text, quote=True)
            out.append(f'{mark}<a href="{href}">{_escape(text)}</a>')
        else:
            out.append(mark + _escape(text))
    return "\n".join(out)


def _escape(text, *, quote=False):
    """``text`` with what Telegram's HTML parser reads as markup escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def _fit(text, limit, fits):
    """The longest shortening of ``text`` that ``fits``, "" if none does.

    The post's length grows with the number of characters kept, so a binary
    search finds it; no more than ``limit`` characters can ever fit.
    """
    if not text or not fits(""):
        return ""
    best = ""
    low, high = 1, min(len(text), limit)
    while low <= high:
        keep = (low + high) // 2
        candidate = _shorten(text, keep)
        if fits(candidate):
            best, low = candidate, keep + 1
        else:
            high = keep - 1
    return best


def _shorten(text, keep):
    """``text`` cut to at most ``keep`` characters and "…": at the last word
    boundary, or, in a single word longer than that, between characters."""
    if len(text) <= keep:
        return text
    head = text[:keep]
    if not text[keep].isspace():
        boundary = max(head.rfind(" "), head.rfind("\n"))
        if boundary > 0:
            head = head[:boundary]
        else:
            while head and _clings(text, len(head)):
                head = head[:-1]
    head = head.rstrip(TRAILING)
    return head + ELLIPSIS if head else ""


def _clings(text, index):
    """Whether cutting ``text`` before ``index`` would split a character from
    a mark or joiner that goes with it."""
    return (
        unicodedata.category(text[index]) in CLINGING_CATEGORIES
        or text[index] == ZWJ
        or text[index - 1] == ZWJ
    )
