"""Words of either language inside the desk's, each in its own direction.

An Arabic title in the English desk (or an English name in the Arabic one)
drawn as it comes takes the desk's direction: its punctuation jumps to the
wrong end and the text beside it is reordered. The lists draw such words
through these two, isolated from what surrounds them.
"""

from django.utils.html import format_html

from core.i18n import text_direction


def in_language(text, language):
    """``text``, known to be ``language``'s (an article's title): marked so,
    in that language's direction."""
    return format_html(
        '<span lang="{}" dir="{}">{}</span>', language, text_direction(language), text
    )


def isolated(text):
    """``text`` of either language (a name that may only exist in the other,
    a reader's words): its direction found from its own letters."""
    return format_html("<bdi>{}</bdi>", text)
