"""Text folding (core.text): the rules the blocklist, slugs and search share."""

import pytest

from comments import moderation
from core import text
from core.text import unicode_slug


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("كَلِمَة", "كلمه"),  # diacritics dropped, ta marbuta folded
        ("كـــلمة", "كلمه"),  # tatweel dropped
        ("أحمد", "احمد"),  # alef with hamza above
        ("إسلام", "اسلام"),  # alef with hamza below
        ("آمال", "امال"),  # alef with madda
        ("ٱلعلم", "العلم"),  # alef wasla
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("ی", "ي"),  # Farsi ya
        ("مسؤول", "مسوول"),  # waw with hamza
        ("قائد", "قايد"),  # ya with hamza
        ("ک", "ك"),  # keheh
        ("ك\u200cلمة", "كلمه"),  # zero-width non-joiner
        ("١٤٤٥", "1445"),  # Arabic-Indic digits
        ("۱۴۴۵", "1445"),  # Persian digits
        ("CaSiNo", "casino"),
        ("cásino", "casino"),
        ("Café", "cafe"),
        ("ｃａｓｉｎｏ", "casino"),  # full-width letters
    ],
)
def test_fold_makes_spelling_variants_equal(written, folded):
    assert text.fold(written) == folded


@pytest.mark.parametrize(
    ("variant", "plain"),
    [("أحمد", "احمد"), ("مدرسة", "مدرسه"), ("المُسْتَشْفَى", "المستشفي")],
)
def test_fold_is_the_same_in_both_directions(variant, plain):
    """A folded form folds to itself, so either spelling finds the other."""
    assert text.fold(variant) == text.fold(plain) == text.fold(text.fold(plain))


def test_words_are_folded_and_split():
    assert text.words("Statement: أَحمد، ومدرسة 12") == [
        "statement",
        "احمد",
        "ومدرسه",
        "12",
    ]


def test_strip_marks_keeps_letters_as_written():
    assert text.strip_marks("أَحْمَـــد") == "أحمد"
    assert text.strip_marks("a\u200bb") == "ab"


def test_letters_that_show_nothing_are_dropped_like_invisible_marks():
    """A Hangul filler is a letter by its category but shows nothing: a name
    of it looked blank, and inside a blocked word it hid the word."""
    assert text.strip_marks("\u3164\uffa0\u2800") == ""
    assert text.fold("sp\u3164am") == "spam"
    assert moderation.blocked_term("buy sp\u3164am now", ["spam"]) == "spam"


def test_slug_drops_diacritics_and_tatweel_but_keeps_hamza():
    assert unicode_slug("بيانُ المكتـــب الأول") == "بيان-المكتب-الأول"


def test_blocklist_catches_what_search_folding_equates():
    """The blocklist matches through the same folding as search."""
    assert moderation.blocked_term("زيارة أحمد", ["احمد"]) == "احمد"
    assert moderation.blocked_term("زيارة احمد", ["أحمد"]) == "أحمد"


# The Arabic light stemmer: each rule, with the forms it joins and the words
# it keeps apart. Words are given as written; a form "finds" a word when they
# stand for a stem in common.


def arabic_stems(word):
    return text.arabic_stems(text.fold(word, stemming=True))


def finds(typed, written):
    return bool(arabic_stems(typed) & arabic_stems(written))


@pytest.mark.parametrize(
    ("typed", "written", "rule"),
    [
        ("أسرة", "الأسرة", "the article"),
        ("والأسرة", "الأسرة", "the article after و"),
        ("بالمبادرة", "المبادرة", "the article after ب"),
        ("فالمبادرة", "المبادرة", "the article after ف"),
        ("كالمبادرة", "المبادرة", "the article after ك"),
        ("للأطفال", "الأطفال", "ل and the article"),
        ("للجنة", "اللجنة", "ل and the article before ل"),
        ("لأسرة", "الأسرة", "ل without the article"),
        ("بمبادرة", "المبادرة", "ب without the article"),
        ("ووزارة", "الوزارة", "و before a word that starts with و"),
        ("مبادرات", "المبادرة", "a feminine plural"),
        ("البيانات", "بيان", "a plural in ات of a masculine word"),
        ("المعلمون", "المعلم", "a masculine plural"),
        ("المواطنين", "المواطن", "a masculine plural, oblique"),
        ("مكتبان", "المكتب", "a dual"),
        ("أسرتان", "الأسرة", "a feminine dual"),
        ("أسرتها", "الأسرة", "a possessive: ة written ت before it"),
        ("أطفالنا", "الأطفال", "a possessive light10 leaves out"),
        ("مبادراتهم", "المبادرة", "a plural and a possessive"),
        ("معلميها", "المعلمين", "a plural without its ن before a possessive"),
        ("مبناها", "المبنى", "ى written ا before a possessive"),
        ("مدرسه", "مدرسة", "ة typed as ه"),
        ("لقائنا", "اللقاء", "a hamza whose seat changes"),
        ("مسئول", "المسؤول", "a hamza on another seat"),
        ("موتمر", "المؤتمر", "a hamza left out"),
    ],
)
def test_the_light_stemmer_joins_the_forms_of_a_word(typed, written, rule):
    assert finds(typed, written), rule
    assert finds(written, typed), rule


@pytest.mark.parametrize(
    ("one", "other", "why"),
    [
        ("مكتب", "مكتبة", "office, library: ة belongs to the word"),
        ("جامع", "جامعة", "mosque, university"),
        ("بلد", "بلدية", "country, municipality: ية belongs to the word"),
        ("كل", "كلية", "all, college"),
        ("لجنة", "جنة", "committee, garden: too short for ل to be a preposition"),
        ("فكرة", "كرة", "idea, ball"),
        ("وطن", "طن", "homeland, ton"),
        ("فعالية", "عالية", "event, high: ف is never read off"),
        ("زيتون", "زيت", "olives, oil: ون belongs to the word"),
        ("تأمين", "تام", "insurance, complete"),
        ("بيان", "بي", "statement: ان belongs to the word"),
        ("زيارة", "وزارة", "visit, ministry"),
    ],
)
def test_the_light_stemmer_keeps_different_words_apart(one, other, why):
    assert not finds(one, other), why
    assert not finds(other, one), why


def test_a_word_of_two_letters_is_never_cut_shorter():
    assert arabic_stems("حي") == {"حي"}
    assert arabic_stems("الحي") == {"حي"}
    assert arabic_stems("وو") == {"وو"}  # not و before و
    assert all(len(stem) >= 2 for stem in arabic_stems("لها"))
