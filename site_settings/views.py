"""Site-wide views."""

import errno

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.urls import resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.csrf import csrf_failure as default_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.defaults import bad_request as default_bad_request
from django.views.static import serve

from core import audience, cache, outbox
from core.middleware import language_neutral, own_problem
from core.reader import DIGITS_CHOICES, DIGITS_COOKIE


# A display preference for the reader's own browser, set from every page: no
# CSRF token (which would make every page someone's own, uncacheable). The
# worst a forged request can do is change how dates show digits.
@csrf_exempt
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


def bad_request(request, exception):
    """The 400 page. A ``Host`` header not in ``ALLOWED_HOSTS`` gets a page
    drawn without the site's context: the site's pages build their links from
    the host, and asking it again turned the refusal into a server error."""
    if isinstance(exception, DisallowedHost):
        template = loader.get_template("400_host.html")
        return HttpResponseBadRequest(template.render())
    return default_bad_request(request, exception)


def server_error(request):
    """The 500 page. It says the technical team was told only when it was:
    errors are mailed to ``ADMINS`` (``DJANGO_ADMINS``), if there are any,
    unless mail is backed off after a failure (``core.outbox``).

    Rendered without the site's context: the database may be what failed.
    A view that answers problems itself (the API) gets its own format.
    """
    team_told = bool(settings.ADMINS) and not outbox.backed_off()
    problem = own_problem(request)
    if problem is not None:
        return problem(request, 500, "server_error", SERVER_ERROR[team_told])
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"team_told": team_told}))


# The 500 for a view that answers problems itself, in English as the API.
SERVER_ERROR = {
    True: "Something went wrong on the server; the technical team has been told.",
    False: "Something went wrong on the server; please try again shortly.",
}


def login_locked_out(request, original_response=None, credentials=None):
    """The admin login refused after too many wrong passwords (django-axes).

    A 429 page in the reader's language saying how long signing in is paused
    and who can unlock it, instead of the login form (``AXES_LOCKOUT_CALLABLE``).
    """
    from django.contrib import admin

    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    response = render(
        request,
        "admin/login_locked_out.html",
        {**admin.site.each_context(request), "minutes": minutes},
        status=429,
    )
    add_never_cache_headers(response)
    return response


@language_neutral
@require_safe
def media(request, path):
    """An upload from ``MEDIA_ROOT``, where no web server stands in front to
    serve it (``make run``, ``make serve``: ``settings.SERVE_MEDIA``).

    A name too long for the file system to look up names no upload: not found.
    """
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        raise Http404 from None


@language_neutral
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


@language_neutral
@never_cache
@require_GET
def form_token(request):
    """A CSRF token for a form on a cached page (``static/js/forms.js`` asks for
    it when the reader starts filling the form); sets the CSRF cookie too."""
    return JsonResponse({"token": get_token(request)})


# Public forms whose sending a reader may confirm when the CSRF check failed
# (their page came from the cache and JavaScript did not fetch a token).
CONFIRMABLE = {"comments:post", "comments:report", "mailing:subscribe"}


def csrf_failure(request, reason=""):
    """A public form sent without a valid token: ask the reader to confirm.

    The page shows what is about to be sent, with everything typed carried in
    the form and a fresh token; pressing the button sends it again. Any other
    form (the admin's) gets Django's plain refusal.
    """
    try:
        view_name = resolve(request.path_info).view_name
    except Http404:
        view_name = ""
    if view_name not in CONFIRMABLE or request.method != "POST":
        return default_csrf_failure(request, reason)
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    return render(
        request,
        "confirm_post.html",
        {
            "fields": fields,
            "action": request.get_full_path(),
            "body": request.POST.get("body", ""),
        },
        status=403,
    )


@language_neutral
@require_GET
def robots_txt(request):
    """Rules for crawlers: the admin, previews and the moderation queue are
    out; the sitemaps are named with their absolute addresses."""
    disallow = list(audience.private_prefixes())
    sitemaps = [
        request.build_absolute_uri(reverse(name))
        for name in ("sitemaps:index", "sitemaps:news")
    ]
    text = loader.render_to_string(
        "robots.txt", {"disallow": disallow, "sitemaps": sitemaps}
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
