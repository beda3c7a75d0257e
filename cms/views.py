"""Site-wide views."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

DIGITS_COOKIE = "cms_digits"
DIGITS_CHOICES = {"arabic-indic", "western"}


def digits_preference(request):
    """The reader's choice of digits for Arabic (a cookie), or ``None``."""
    return request.COOKIES.get(DIGITS_COOKIE) if request is not None else None


@require_POST
def set_digits(request):
    """Remember a reader's choice of digits for Arabic dates, then go back.

    An unsafe or missing ``next`` goes to the home page instead.
    """
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    choice = request.POST.get("digits")
    if choice in DIGITS_CHOICES:
        response.set_cookie(
            DIGITS_COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax",
            secure=request.is_secure(),
        )  # fmt: skip
    return response
