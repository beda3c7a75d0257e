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
- ``arabic_stems(word)`` is what an Arabic word may stand for once the
  prefixes and suffixes Arabic writes onto it are taken off: the article
  and what joins it (ال وال بال كال فال لل), a conjunction or preposition
  without it (و ف ب ل ك, when four letters remain), the plural and dual
  endings (ات، ون، ين، ان، تان، تين) and the possessives (ها، ه، هم، نا،
  كم، ي…), a feminine ending written ت before them read as ة. It is a
  light stemmer (after Larkey, Ballesteros and Connell's light10) that
  never cuts a word to fewer than two letters and keeps ة and ية, so that
  words of one root but other meanings (مكتب، مكتبة؛ بلد، بلدية) stay apart.
  It works on words folded with ``fold(text, stemming=True)``, which keeps
  ة and the hamza on ي and و (لقاء، لقائنا). «الأسرة», «أسرة», «لأسرة»,
  «أسرتها» and «أسرتان» all stand for «اسرة».
- ``strip_marks(text)`` only removes what a reader does not see as a letter
  (harakat, tatweel, invisible characters, letters that show nothing) and
  keeps the letters as written: slugs use it, so that an address stays
  readable.
"""

import re
import unicodedata

from django.utils.text import slugify

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


# What the stemmer must still tell apart (``fold(text, stemming=True)``): ة
# from ه (مكتبة, مكتبه), and ئ and ؤ, whose seat changes with an ending
# (لقاء, لقائنا, لقاؤها): kept apart from the decomposition that drops their
# hamza, then put back.
SEATED_HAMZA = {"\u0626": "\ue000", "\u0624": "\ue001"}
STEMMING_FORMS = str.maketrans(SEATED_HAMZA)
# A hamza written after alef maqsura is ئ (شاطىء, شاطئ).
MAQSURA_HAMZA = "\u0649\u0621"
SEATED_HAMZA_BACK = str.maketrans({v: k for k, v in SEATED_HAMZA.items()})
LETTER_FORMS_KEEPING_TA_MARBUTA = LETTER_FORMS.copy()
del LETTER_FORMS_KEEPING_TA_MARBUTA[0x0629]


def fold(text, *, stemming=False):
    """``text`` folded for matching (see the module's rules); ``stemming``:
    as ``arabic_stems`` needs it, ة and the hamza of ئ and ؤ kept."""
    text = str(text or "")
    letters = LETTER_FORMS
    if stemming:
        text = text.replace(MAQSURA_HAMZA, "\u0626").translate(STEMMING_FORMS)
        letters = LETTER_FORMS_KEEPING_TA_MARBUTA
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not _invisible(ch))
    folded = unicodedata.normalize("NFC", kept.translate(letters)).casefold()
    return folded.translate(SEATED_HAMZA_BACK) if stemming else folded


def words(text, *, stemming=False):
    """The folded words of ``text``, in order (``stemming``: see ``fold``)."""
    return WORD.findall(fold(text, stemming=stemming))


# Light stemming (``arabic_stems``), on words folded with ``stemming=True``.
# The article with what attaches to it, longest first; removed when two
# letters remain. After لل, the word may start with ل itself (للجنة).
ARABIC_ARTICLES = ("وال", "فال", "بال", "كال", "لل", "ال")
# A conjunction or preposition joined to a word without the article: the
# word may start with that letter too (وزارة، بلدية), so both are read, and
# only when four letters remain (لجنة and جنة, فكرة and كرة stay apart). A
# word is never read without a first ف (فعالية is not عالية).
ARABIC_PROCLITICS = "وبلك"
MIN_AFTER_PROCLITIC = 4
# Possessives, longest first; removed when three letters remain. Not ي
# ("my", rare in statements): a final ي is most often the word's own
# (رسمي, رئيسي, صحفي are not رسم, رئيس, صحف).
ARABIC_POSSESSIVES = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ه", "ك")
MIN_AFTER_POSSESSIVE = 3
# Plurals and duals: the feminine ones (ات: the word with or without ة; لغات
# is لغة, سبات is no plural of سب) when two letters remain; the others when
# four do (زيتون, تمرين, مهرجان: not endings).
FEMININE_NUMBER = ("تان", "تين")
OTHER_NUMBER = ("ون", "ين", "ان")
MIN_AFTER_NUMBER = 4
TA_MARBUTA, TA, HA, HAMZA = "\u0629", "\u062a", "\u0647", "\u0621"
# A hamza's seat changes with what follows (لقاء، لقائنا، لقاؤها) and readers
# often leave it out (مؤتمر، موتمر): a word with ئ or ؤ is read with its
# seat, without the hamza, and as ء.
HAMZA_SEATS = {"\u0626": "\u064a", "\u0624": "\u0648"}
MIN_STEM = 2


def is_arabic(word):
    """Whether a (folded) word is written in Arabic letters."""
    return bool(word) and all("\u0621" <= ch <= "\u064a" for ch in word)


def arabic_stems(word):
    """What an Arabic ``word``, folded with ``stemming=True``, may stand
    for (see the module): a set of stems, none shorter than two letters."""
    stems = set()
    for spelling in _hamza_spellings(word):
        for base in _without_prefix(spelling):
            stems |= _without_endings(base)
    return frozenset(stems)


def _hamza_spellings(word):
    spellings = {word}
    if any(seat in word for seat in HAMZA_SEATS):
        spellings.add(word.translate(str.maketrans(HAMZA_SEATS)))
        spellings.add(word.translate(str.maketrans(dict.fromkeys(HAMZA_SEATS, HAMZA))))
    return spellings


def _without_prefix(word):
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= MIN_STEM:
            rest = word[len(article) :]
            return {rest, "ل" + rest} if article == "لل" else {rest}
    if word.startswith("وو") and len(word) > 3:  # "and" before a و-word
        return {word[1:]}
    if word[:1] in ARABIC_PROCLITICS and len(word) > MIN_AFTER_PROCLITIC:
        return {word, word[1:]}
    return {word}


def _without_endings(word):
    """``word``, and ``word`` without a possessive, then a number ending."""
    found = {word}
    for possessive in ARABIC_POSSESSIVES:
        if word.endswith(possessive) and (
            len(word) - len(possessive) >= MIN_AFTER_POSSESSIVE
        ):
            inner = word[: -len(possessive)]
            found |= {inner, *_before_an_ending(inner)}
            break
    if word.endswith(HA) and len(word) > MIN_STEM:  # or ة written as ه
        found.add(word[:-1] + TA_MARBUTA)
    if word.endswith("\u0627") and len(word) > MIN_STEM:  # a final ء left out
        found.add(word + HAMZA)
    for form in list(found):
        found |= _without_number(form)
    return found


def _without_number(word):
    found = set()
    if word.endswith("ات") and len(word) - 2 >= MIN_STEM:
        found.add(word[:-2] + TA_MARBUTA)
        if len(word) - 2 > MIN_STEM:
            found.add(word[:-2])
    for ending in FEMININE_NUMBER:
        if word.endswith(ending) and len(word) - 3 >= MIN_STEM:
            found.add(word[:-3] + TA_MARBUTA)
    for ending in OTHER_NUMBER:
        if word.endswith(ending) and len(word) - 2 >= MIN_AFTER_NUMBER:
            found.add(word[:-2])
    return found


def _before_an_ending(inner):
    """What a word written before a possessive also stands for: its ت as ة
    (أسرتها, قناتها), its ا as ى (مبناها), and a plural without the ن it
    drops there (معلميها، متطوعونا)."""
    if inner.endswith(TA):
        yield inner[:-1] + TA_MARBUTA
    if inner.endswith("\u0627"):
        yield inner[:-1] + "\u064a"  # ى, folded
    if inner[-1:] in ("\u064a", "\u0648") and len(inner) - 1 >= MIN_AFTER_NUMBER:
        yield inner[:-1]


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


def unicode_slug(text, max_length=200):
    """A readable slug that keeps Arabic letters (diacritics and tatweel dropped)."""
    return slugify(strip_marks(text), allow_unicode=True)[:max_length].strip("-")


def normalize_email(email):
    """An email as it is kept and compared: lower-cased, without surrounding
    spaces (commenters and subscribers alike)."""
    return (email or "").strip().lower()
