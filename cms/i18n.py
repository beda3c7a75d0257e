"""Per-language model fields: ``name_en``/``name_ar`` read as ``name``."""

from django.utils.translation import get_language


def current_language():
    return "ar" if (get_language() or "").startswith("ar") else "en"


class Translated:
    """A read-only attribute giving the field in the active language.

    ``name = Translated("name")`` reads ``name_ar`` in Arabic, ``name_en`` in
    English, and falls back to the other language when one is empty.
    """

    def __init__(self, base):
        self.base = base

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return self.in_language(instance, current_language())

    def in_language(self, instance, language):
        other = "en" if language == "ar" else "ar"
        return getattr(instance, f"{self.base}_{language}") or getattr(
            instance, f"{self.base}_{other}"
        )

    def language_of(self, instance):
        """The language the displayed text is really in (after fallback)."""
        language = current_language()
        if getattr(instance, f"{self.base}_{language}"):
            return language
        return "en" if language == "ar" else "ar"
