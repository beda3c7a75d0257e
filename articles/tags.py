"""What a tag's name may be: the one rule, wherever a tag is made.

The article form, the tag admin (its form and its merge action) and the demo
seeding ask ``check_tag_name``. A name

- has a letter or digit: a name of symbols only (``?``, ``#``) has an empty
  address (slug), and a tag page without an address broke the article page;
- fits ``Tag.name`` (PostgreSQL refuses a longer one), and its address fits
  ``Tag.slug`` (a few characters spell out to many in an address).

A tag stored before the rule keeps its name: the forms check only names they
would create or give.

Typed in the article form, tags are separated by the comma of either
language (``read_tags``, ``write_tags``): the words of a tag stay together.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy
from taggit.models import Tag

from core.i18n import comma

#: What separates tags typed in the article form: the comma of either language.
TAG_SEPARATORS = ",،"
#: The quotes that hold a tag with a comma in it, and the one closing each.
TAG_QUOTES = {'"': '"', "«": "»", "“": "”"}


def read_tags(typed):
    """The tag names typed in the article form, sorted, each once.

    Tags are separated by commas (``,`` or ``،``) only: the words of a tag
    stay together. A tag in quotes may hold a comma. A quote left open is a
    ``ValidationError``.
    """
    names, current, closing = [], "", None
    for char in typed:
        if closing:
            if char == closing:
                closing = None
            else:
                current += char
        elif char in TAG_QUOTES and not current.strip():
            current, closing = "", TAG_QUOTES[char]
        elif char in TAG_SEPARATORS:
            names.append(current)
            current = ""
        else:
            current += char
    if closing:
        raise ValidationError(
            gettext_lazy(
                "A quotation mark before a tag is not closed: close it after "
                "the tag, or remove it."
            ),
            code="tag-quote-open",
        )
    names.append(current)
    unique = {}
    for name in (" ".join(name.split()) for name in names):
        if name:
            unique.setdefault(name.casefold(), name)  # tags ignore case
    return sorted(unique.values())


def write_tags(names, language):
    """``names`` as the article form shows them, in ``language``'s comma; in
    quotes only a tag ``read_tags`` would otherwise cut or strip."""

    def written(name):
        if not (set(name) & set(TAG_SEPARATORS) or name[:1] in TAG_QUOTES):
            return name
        opening = next((q for q, end in TAG_QUOTES.items() if end not in name), "")
        return f"{opening}{name}{TAG_QUOTES.get(opening, '')}"

    return f"{comma(language)} ".join(written(name) for name in sorted(names))


def name_max_length():
    """The most characters a tag's name may have (``Tag.name``'s max_length)."""
    return Tag._meta.get_field("name").max_length


def name_help():
    """What the forms say a tag may be."""
    return gettext(
        "Each tag has a letter or digit and at most %(limit)d characters."
    ) % {"limit": name_max_length()}


def check_tag_name(name):
    """Raise ``ValidationError`` saying why, unless ``name`` may be a tag's."""
    if not any(ch.isalnum() for ch in name):
        raise ValidationError(
            gettext_lazy(
                "The tag “%(tag)s” has no letter or digit; give every tag "
                "at least one word."
            ),
            params={"tag": name},
            code="tag-without-word",
        )
    limit = name_max_length()
    if len(name) > limit:
        raise ValidationError(
            gettext_lazy(
                "The tag “%(tag)s…” has %(length)d characters; a tag has at most "
                "%(limit)d."
            ),
            params={"tag": name[:30], "length": len(name), "limit": limit},
            code="tag-too-long",
        )
    if len(Tag().slugify(name)) > Tag._meta.get_field("slug").max_length:
        raise ValidationError(
            gettext_lazy("The tag “%(tag)s” is too long for an address; shorten it."),
            params={"tag": name},
            code="tag-address-too-long",
        )


def tag_article(article, *names):
    """Give ``article`` the tags ``names``, each checked by the rule."""
    for name in names:
        check_tag_name(name)
    article.tags.add(*names)
