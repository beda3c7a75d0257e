"""The reader variant: what a kept piece of a page varies by from one reader to
another, the language and the choice of digits for Arabic (a cookie)."""

from core.i18n import current_language

DIGITS_COOKIE = "cms_digits"
DIGITS_CHOICES = {"arabic-indic", "western"}


def digits_preference(request):
    """The reader's choice of digits for Arabic (a cookie), or ``None``: the
    one reading of the cookie. A value that is not a choice is no choice (the
    site's ``CMS_ARABIC_DIGITS``), so that its page is the one kept for all."""
    digits = request.COOKIES.get(DIGITS_COOKIE) if request is not None else None
    return digits if digits in DIGITS_CHOICES else None


def digits_variant(request):
    """The reader's digits preference as a part of a key in the shared cache."""
    return digits_preference(request) or ""


def reader_variant(request):
    """``(language, digits)``: what a piece of a page varies by from one reader
    to another, as parts of its key in the shared cache."""
    return current_language(), digits_variant(request)
