"""What search compares: the words of a text, folded, and their English stems.

Documents and queries go through the same steps, so that a spelling variant
typed by a reader finds the article as written, and the reverse:

1. ``cms.text.words`` folds the text (Arabic letter forms, diacritics,
   tatweel, digits, case, accents) and splits it into words. Indexed text is
   stored as these words joined by spaces, so PostgreSQL's parser and ours
   see the same words.
2. English stemming: the Snowball English stemmer, the algorithm PostgreSQL's
   ``english`` configuration runs. PostgreSQL stems the documents itself; the
   same stems are computed here for the SQLite fallback and for highlighting.
   Arabic words pass through unchanged, as they do in PostgreSQL.
3. English stop words (PostgreSQL's own list) are not search terms.
"""

from functools import lru_cache

import snowballstemmer

from cms.text import words

# A longer "word" is not a word a reader types (PostgreSQL ignores tokens of
# more than 2 047 bytes anyway); dropping it keeps the index small.
MAX_WORD_LENGTH = 60

# PostgreSQL's tsearch_data/english.stop, which its ``english`` configuration
# drops: the same words are dropped here, so both databases agree.
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

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word):
    """The English stem of a folded word (Arabic and digits unchanged)."""
    return _stemmer.stemWord(word)


def document_words(text):
    """The folded words of ``text`` that are indexed, in order."""
    return [word for word in words(text) if len(word) <= MAX_WORD_LENGTH]


def query_words(text):
    """The folded words of a query that are searched for (no stop words)."""
    return list(
        dict.fromkeys(word for word in document_words(text) if word not in STOP_WORDS)
    )


def query_terms(text):
    """The stems a query looks for, in the order typed, each once."""
    return list(dict.fromkeys(stem(word) for word in query_words(text)))


def is_term(word, terms):
    """Whether a folded ``word`` of a document matches one of ``terms``."""
    return word not in STOP_WORDS and stem(word) in terms
