"""What changed between two revisions of an article, as readers and editors see it.

The article's own wording (title, excerpt, body, image texts) is compared word
by word as a reader reads it: the body's HTML becomes its text first, and the
result is shown in the article's language and direction. Settings (state,
category, dates…) are compared as editors read them: names, labels and dual
dates in the interface language.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext

from articles.models import Article
from cms import hijri, i18n
from cms.diff import value_change, word_diff
from cms.sanitize import html_to_text

# In the order of the editors' form; what changes at every save (created,
# updated) or follows the image (its width and height) is left out.
COMPARED = (
    "title", "slug", "language", "category", "office", "status", "published_at",
    "unpublish_at", "is_featured", "comments_enabled", "lead_image",
    "lead_image_alt", "lead_image_caption", "excerpt", "body", "reference_year",
    "reference_number",
)  # fmt: skip
# The article's own wording, in its language.
WORDING = {"title", "excerpt", "body", "lead_image_alt", "lead_image_caption"}
RICH_TEXT = {"body"}


@dataclass(frozen=True)
class Change:
    """One field's change: its label, and the change as safe HTML.

    ``language`` is the article's for its wording (the text then runs in that
    direction), ``None`` for settings shown in the interface language.
    """

    label: str
    html: str
    language: str | None = None

    @property
    def direction(self):
        return i18n.text_direction(self.language) if self.language else None


def _shown(field, value, language, digits):
    """A setting's value as an editor reads it (never an id or a code)."""
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(field, models.DateTimeField):
        return hijri.format_dual(value, language, digits, time=True)
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else gettext("(deleted)")
    if isinstance(field, models.FileField):
        return str(getattr(value, "name", value))
    return hijri.localize_digits(value, language, digits)


def compare(older, newer, *, language, digits=None):
    """The ``Change``s from the ``older`` version to the ``newer`` one.

    ``language`` is the interface's (labels and settings), ``digits`` the
    reader's preference for Arabic numbers.
    """
    before_fields, after_fields = older.field_dict, newer.field_dict
    wording_language = after_fields.get("language") or before_fields.get("language")
    changes = []
    for name in COMPARED:
        field = Article._meta.get_field(name)
        before = before_fields.get(field.attname)
        after = after_fields.get(field.attname)
        if before == after:
            continue
        label = capfirst(field.verbose_name)
        if name not in WORDING:
            shown = (
                _shown(field, value, language, digits) for value in (before, after)
            )
            changes.append(Change(label, value_change(*shown)))
            continue
        if name in RICH_TEXT:
            before, after = html_to_text(before), html_to_text(after)
            if before == after:
                note = gettext("Only the formatting changed; the text reads the same.")
                changes.append(Change(label, note))
                continue
        changes.append(Change(label, word_diff(before, after), wording_language))
    return changes
