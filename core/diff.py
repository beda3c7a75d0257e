"""What changed between two texts, word by word, as HTML a reader can follow.

``word_diff("Old wording", "New wording")`` is
``<del>Old</del><ins>New</ins> wording``: the words removed inside ``<del>``,
those added inside ``<ins>``, everything escaped. Words are what lies between
spaces (punctuation stays with its word, as a reader reads it); line and
paragraph breaks are kept as they are, so the result reads in a
``white-space: pre-line`` box.
"""

import difflib
import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

_TOKENS = re.compile(r"\s+|\S+")


def word_diff(before, after):
    """``after`` with the words ``before`` had and it lacks (``<del>``) and the
    words it adds (``<ins>``); safe HTML."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    parts = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(old[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(new[j1:j2])))
    return mark_safe("".join(parts))


def value_change(before, after):
    """A whole value replaced: ``<del>before</del> → <ins>after</ins>``."""
    return format_html("<del>{}</del> → <ins>{}</ins>", before or "—", after or "—")
