"""What search compares: the words of a text, folded, and their stems.

Documents and queries go through the same steps, so that a form typed by a
reader finds the article as written, and the reverse:

1. ``folded_words`` folds the text (``core.text.fold``: Arabic letter forms,
   diacritics, tatweel, digits, case, accents) and splits it into words,
   each also folded as the stemmer needs it (ة and the hamza's seat kept).
2. Each word stands for its stems (``stems``): an Arabic word for what it
   may be without its prefixes and suffixes (``core.text.arabic_stems``:
   «والأسرة», «أسرة» and «أسرتها» all stand for «اسرة»), an English word
   for its Snowball stem ("statements", "statement"). A word of the query
   finds a word of a document when they stand for a stem in common. English
   stop words (PostgreSQL's own list) are no terms.
3. A query is its words, each needed (``Query.terms``), and its phrases in
   quotes ("…", «…», “…”), whose words must stand together as typed
   (``Query.phrases``, folded but not stemmed).

The index keeps, for each word of a document, its stems and the word itself
as written (``document_lexemes``), so that a phrase matches the words as
written.
"""

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import snowballstemmer

from core.text import arabic_stems, is_arabic, words

# A longer "word" is not a word a reader types (PostgreSQL ignores tokens of
# more than 2 047 bytes anyway); dropping it keeps the index small.
MAX_WORD_LENGTH = 60

# PostgreSQL's tsearch_data/english.stop: no search term, in either database.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he
    him his himself she her hers herself it its itself they them their theirs
    themselves what which who whom this that these those am is are was were be
    been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under
    again further then once here there when where why how all any both each few
    more most other some such no nor not only own same so than too very s t can
    will just don should now
    """.split()
)
# A word as written is kept in the index beside its stem, marked so that it
# never equals a stem.
AS_WRITTEN = "="
QUOTES = re.compile(r"[\"“”„«»]")

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stems(word):
    """The stems a word stands for, given folded for stemming."""
    if is_arabic(word):
        return arabic_stems(word)
    return frozenset((_stemmer.stemWord(word),))


def as_written(word):
    """The lexeme of a word as written, marked so that it never equals a
    stem: "state" as written is not the stem of "States"."""
    return AS_WRITTEN + word


def folded_words(text):
    """``[(word, for_stemming), …]``: the words of ``text`` folded, and folded
    as the stemmer needs them (``core.text.fold``), in order; a word longer
    than ``MAX_WORD_LENGTH`` is left out."""
    plain, for_stemming = words(text), words(text, stemming=True)
    if len(plain) != len(for_stemming):  # never seen: each fold keeps \w
        plain = for_stemming
    return [
        pair
        for pair in zip(plain, for_stemming, strict=True)
        if len(pair[0]) <= MAX_WORD_LENGTH
    ]


def document_lexemes(pairs):
    """``[(position, lexemes), …]`` of a text's ``folded_words``: each word's
    stems and the word as written, from position 1; stop words keep their
    place, no lexeme."""
    found = []
    for position, (word, for_stemming) in enumerate(pairs, start=1):
        if word in STOP_WORDS:
            continue
        found.append((position, (*sorted(stems(for_stemming)), as_written(word))))
    return found


@dataclass(frozen=True)
class Query:
    """What a reader's text searches for.

    ``terms``: for each word outside quotes, the stems it stands for (one of
    them must be found); ``phrases``: each phrase in quotes, as its
    ``folded_words``, found together and as typed (a stop word inside stands
    for any word at its place).
    """

    terms: tuple = ()
    phrases: tuple = ()

    def __bool__(self):
        return bool(self.terms or self.phrases)

    def __len__(self):
        return len(self.terms) + len(self.phrases)

    @property
    def key(self):
        """What tells two searches apart (for the cache)."""
        return (self.terms, self.phrases)

    @cached_property
    def stems(self):
        return {term for options in self.terms for term in options}

    @cached_property
    def phrase_words(self):
        return {word for phrase in self.phrases for word, _stemmed in phrase}

    def marks(self, word, for_stemming):
        """Whether a word of a text (one of its ``folded_words``) is one the
        reader looked for."""
        if word in STOP_WORDS:
            return False
        return bool(stems(for_stemming) & self.stems) or word in self.phrase_words


def parse_query(text):
    """The ``Query`` of a reader's ``text``."""
    terms, phrases = [], []
    # Even pieces lie outside quotes, odd ones inside (an open quote runs to
    # the end of the text).
    for index, piece in enumerate(QUOTES.split(str(text or ""))):
        found = folded_words(piece)
        if index % 2 and found:
            if any(word not in STOP_WORDS for word, _stemmed in found):
                phrases.append(tuple(found))
            continue
        terms.extend(
            tuple(sorted(stems(for_stemming)))
            for word, for_stemming in found
            if word not in STOP_WORDS
        )
    return Query(tuple(dict.fromkeys(terms)), tuple(dict.fromkeys(phrases)))


def query_words(text):
    """The folded words of a query that are searched for (no stop words)."""
    return list(
        dict.fromkeys(
            word for word, _stemmed in folded_words(text) if word not in STOP_WORDS
        )
    )


def document_words(text):
    """The folded words of ``text`` that are indexed, in order."""
    return [word for word, _stemmed in folded_words(text)]
