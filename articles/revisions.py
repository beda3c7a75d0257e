"""What changed between two revisions of an article, as readers and editors see it.

The article's own wording (title, excerpt, body, image texts) is compared word
by word as a reader reads it: the body's HTML becomes its text first, and the
result is shown in the article's language and direction. Settings (state,
category, dates…) are compared as editors read them: names, labels and dual
dates in the interface language.
"""

from articles.models import Article
from desk.edits import field_change

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


def compare(older, newer, *, language, digits=None):
    """The ``Change``s (``desk.edits``) from the ``older`` version to the
    ``newer`` one.

    ``language`` is the interface's (labels and settings), ``digits`` the
    reader's preference for Arabic numbers.
    """
    before_fields, after_fields = older.field_dict, newer.field_dict
    wording_language = after_fields.get("language") or before_fields.get("language")
    changes = []
    for name in COMPARED:
        field = Article._meta.get_field(name)
        change = field_change(
            field,
            before_fields.get(field.attname),
            after_fields.get(field.attname),
            language=language,
            digits=digits,
            words=name in WORDING,
            text_language=wording_language,
            rich=name in RICH_TEXT,
        )
        if change is not None:
            changes.append(change)
    return changes
