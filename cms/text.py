"""Folding Arabic and English text: the one home of the rules for matching text.

The comment blocklist, Unicode slugs and search all use this module, so that
a word the blocklist catches is the same word search finds:

- ``fold(text)`` makes spelling variants compare equal. It drops diacritics
  (Arabic harakat, the hamza of أ إ آ ؤ ئ, Latin accents), tatweel,
  invisible format characters and letters that show nothing; folds the alef
  forms ٱ ٲ ٳ to ا, ى and ی to ي, ة to ه and ک to ك; turns Arabic-Indic and
  Persian digits into 0-9; and folds case. "أحمد" and "احمد", "مدرسة" and
  "مدرسه", "Café" and "cafe" fold alike.
- ``words(text)`` is the folded words of a text, in order.
- ``strip_marks(text)`` only removes what a reader does not see as a letter
  (harakat, tatweel, invisible characters, letters that show nothing) and
  keeps the letters as written: slugs use it, so that an address stays
  readable.
"""

import re
import unicodedata

# Applied after decomposition (NFKD), which has already turned the hamza forms
# into their carrier letter plus a combining mark, then dropped.
LETTER_FORMS = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alef wasla → ا
        "\u0672": "\u0627",  # ٲ
        "\u0673": "\u0627",  # ٳ
        "\u0649": "\u064a",  # ى alef maqsura → ي
        "\u06cc": "\u064a",  # ی Farsi ya → ي
        "\u0629": "\u0647",  # ة ta marbuta → ه
        "\u06a9": "\u0643",  # ک keheh → ك
        "\u0640": None,  # tatweel
        **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian digits
    }
)
TATWEEL = "\u0640"
# Marks a reader does not see as letters: combining marks (Mn) and invisible
# format characters (Cf: zero-width joiners, bidirectional controls…).
INVISIBLE_CATEGORIES = {"Mn", "Cf"}
# Letters by their category that show nothing: the Hangul fillers (U+3164 and
# its halfwidth form decompose to U+1160) and the blank Braille pattern.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

WORD = re.compile(r"\w+")


def _invisible(ch):
    return unicodedata.category(ch) in INVISIBLE_CATEGORIES or ch in BLANK_LETTERS


def fold(text):
    """``text`` folded for matching (see the module's rules)."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    kept = "".join(ch for ch in decomposed if not _invisible(ch))
    return unicodedata.normalize("NFC", kept.translate(LETTER_FORMS)).casefold()


def words(text):
    """The folded words of ``text``, in order."""
    return WORD.findall(fold(text))


def strip_marks(text):
    """``text`` without harakat, tatweel and invisible characters, letters kept."""
    composed = unicodedata.normalize("NFC", str(text or ""))
    return "".join(ch for ch in composed if ch != TATWEEL and not _invisible(ch))


# C0 control characters other than tab, line feed and carriage return.
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text):
    """``text`` without the control characters XML 1.0 cannot carry: an editor
    may paste one into a title, and a feed or sitemap must still be written."""
    return XML_FORBIDDEN.sub("", str(text))
