"""The site's two languages: normalising codes, direction, punctuation, the
editions, the ``Language`` choices, and per-language model fields
(``name_en``/``name_ar`` read as ``name``)."""

from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import conf


def normalize(language):
    """``ar`` for any Arabic code (``ar``, ``ar-sa``…), ``en`` otherwise."""
    return "ar" if str(language or "").startswith("ar") else "en"


def current_language():
    return normalize(get_language())


def text_direction(language):
    """``rtl`` for Arabic, ``ltr`` otherwise."""
    return "rtl" if normalize(language) == "ar" else "ltr"


def separate_editions():
    """Whether each edition (``/ar/``, ``/en/``) lists only the articles of its
    language (``CMS_SEPARATE_EDITIONS``, the one reading of it); off, an office
    publishing in one language shows every article in both interfaces."""
    return conf.get("CMS_SEPARATE_EDITIONS")


def edition_of(language):
    """The edition ``language``'s interface shows: ``ar``, ``en``, or ``all``
    when the editions are not separate or ``language`` is ``None`` (a key for
    what is kept per edition)."""
    if language is None or not separate_editions():
        return "all"
    return normalize(language)


def editions_showing(language):
    """The editions an article in ``language`` is listed in."""
    if separate_editions():
        return [normalize(language)]
    return [code for code, _name in settings.LANGUAGES]


def comma(language):
    """The comma of ``language``: ``،`` in Arabic, ``,`` otherwise."""
    return "،" if normalize(language) == "ar" else ","


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


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


class SlugPaths:
    """The addresses of view ``url_name`` for many objects by their ``slug``,
    each in its own ``language``'s prefix (also where one edition shows
    every article, and both prefixes serve it).

    The same as ``reverse`` in that language, but ``reverse`` runs once per
    language, not once per object: on a sitemap page of thousands of
    articles it was most of the time. (The tests compare the two.)
    """

    PLACEHOLDER = "slug-placeholder"

    def __init__(self, url_name):
        self.url_name = url_name
        self.templates = {}

    def __call__(self, item):
        template = self.templates.get(item.language)
        if template is None:
            with translation.override(item.language):
                template = reverse(self.url_name, kwargs={"slug": self.PLACEHOLDER})
            self.templates[item.language] = template
        # Quoted as reverse() quotes an argument.
        slug = quote(item.slug, safe=RFC3986_SUBDELIMS + "/~:@")
        return template.replace(self.PLACEHOLDER, slug)
