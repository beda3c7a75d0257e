"""Site-wide views."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cms import cache

DIGITS_COOKIE = "cms_digits"
DIGITS_CHOICES = {"arabic-indic", "western"}


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


def server_error(request):
    """The 500 page. It says the technical team was told only when it was:
    errors are mailed to ``ADMINS`` (``DJANGO_ADMINS``), if there are any.

    Rendered without the site's context: the database may be what failed.
    """
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"team_told": bool(settings.ADMINS)})
    )


@never_cache
@require_GET
def healthz(request):
    """For the load balancer: 200 when the database and the shared cache answer,
    503 (saying which does not) otherwise."""
    checks = {"database": _database_answers(), "cache": cache.ping()}
    return JsonResponse(
        {name: "ok" if healthy else "unavailable" for name, healthy in checks.items()},
        status=200 if all(checks.values()) else 503,
    )


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False
