"""Site-wide middleware."""

from functools import wraps

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.middleware import http, locale
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from core import conf, i18n

NUL = "\x00"


def validates_own_query(view):
    """Mark ``view`` as checking every query parameter it reads, NUL included.

    ``RefuseNullCharactersMiddleware`` then lets its requests through, so that
    the view can say which parameter is wrong in its own way (the search form
    beside its field, the JSON API in a 422 naming it).
    """
    view.validates_own_query = True
    return view


def language_neutral(view):
    """``view``, whose answers are the same in every language (the API, the
    sitemaps, robots.txt): ``LocaleMiddleware`` then does not mark them
    ``Vary: Accept-Language``."""

    @wraps(view)
    def neutral(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    neutral.language_neutral = True
    return neutral


def answers_problems(view, problem):
    """Mark ``view`` as answering its errors in its own format (the JSON API).

    ``problem(request, status, kind, message)`` then makes the answer when
    the database is away (``DatabaseUnavailableMiddleware``) or the view
    fails (``site_settings.views.server_error``), instead of the site's HTML pages.
    """
    view.problem = problem
    return view


def own_problem(request):
    """The ``problem`` of the view ``request`` went to (``answers_problems``),
    or ``None`` where the site's HTML pages answer."""
    match = getattr(request, "resolver_match", None)
    return getattr(match.func, "problem", None) if match is not None else None


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """ETag and 304 for every answer, cached or drawn: the one place that
    answers "not modified" (a feed only checks its own cheap validators
    first, ``articles.feeds``).

    Django's 304 keeps the validators and caching headers of the answer it
    replaces; it keeps the ``Access-Control-*`` headers too here, since a
    browser reuses its copy of another origin's answer (the API's) only when
    the 304 still says that origin may read it.
    """

    def process_response(self, request, response):
        answer = super().process_response(request, response)
        if answer is not response and answer.status_code == 304:
            for header, value in response.items():
                if header.lower().startswith("access-control-"):
                    answer[header] = value
        return answer


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except for the answers of a ``language_neutral`` view.

    Django marks every answer at an address without a language prefix
    ``Vary: Accept-Language``. The API, the sitemaps and robots.txt are the
    same whatever languages a browser prefers, and the page cache keeps them
    once; a CDN that honours ``Vary`` kept a copy per browser language list.
    Their error pages (a 404 in the reader's language) still say it.
    """

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if (
            response.status_code < 400
            and match is not None
            and getattr(match.func, "language_neutral", False)
        ):
            return response
        return super().process_response(request, response)


class RefuseNullCharactersMiddleware:
    """No address carries a NUL character: 404 in the path, 400 in the query.

    No page, article or form value can contain one, and PostgreSQL refuses it
    in any text ("A string literal cannot contain NUL"), which turned a
    hand-made address into a server error. Form fields sent by POST are
    checked by the forms themselves (Django refuses NUL in text fields with
    a message beside the field). A view marked ``validates_own_query``
    checks its parameters itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            raise Http404
        if any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ) and not self.view_validates_query(request):
            return render(
                request,
                "400.html",
                {
                    "problem": _(
                        "This address contains a character that cannot be used "
                        "(a null character). Remove it from the address and try "
                        "again."
                    )
                },
                status=400,
            )
        return self.get_response(request)

    @staticmethod
    def view_validates_query(request):
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
        return getattr(match.func, "validates_own_query", False)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy``: no page may use the camera, the microphone, the
    reader's location or the other powerful features of
    ``CMS_PERMISSIONS_POLICY_OFF``, nor let anything it embeds use them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        features = conf.get("CMS_PERMISSIONS_POLICY_OFF")
        if features:
            response.headers.setdefault(
                "Permissions-Policy", ", ".join(f"{name}=()" for name in features)
            )
        return response


class PrivatePagesMiddleware:
    """Nothing shown to a signed-in user is kept by a shared cache or a browser.

    Staff pages show readers' emails and addresses (the moderation queue), and
    a signed-in editor's page is theirs alone: every response to a signed-in
    user says ``Cache-Control: private, no-store``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Without a session cookie nobody is signed in; asking would open the
        # session and mark every reader's page ``Vary: Cookie``.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True, no_store=True)
        return response


RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """The database unreachable: a clean "temporarily unavailable" page.

    Readers get a 503 with ``Retry-After`` in their language, never a
    traceback; a comment sent meanwhile comes back in a form with its text
    kept. The page is drawn without the database (no menu, no categories).
    A view that ``answers_problems`` (the API) gets its own format instead.
    Django drops the broken connection at the end of the request, so the site
    recovers by itself when the database returns.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_unavailable(exception):
            return None
        problem = own_problem(request)
        if problem is not None:
            response = problem(request, 503, "unavailable", UNAVAILABLE)
        else:
            response = self.unavailable_page(request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response

    @staticmethod
    def unavailable_page(request):
        posted = request.POST if request.method == "POST" else {}
        # No request context: its processors would ask the database again.
        template = loader.get_template("503.html")
        return HttpResponse(
            template.render(
                {
                    "LANGUAGE_CODE": i18n.current_language(),
                    "posted": {name: posted.get(name, "") for name in KEPT_FIELDS},
                    "form_action": request.get_full_path(),
                    "resend": bool(posted.get("body")),
                    "csrf_token": get_token(request),
                }
            ),
            status=503,
        )


# What a view that answers problems itself says (in English, as the API does).
UNAVAILABLE = (
    "The database is not answering for now: "
    f"try again in {RETRY_AFTER_SECONDS} seconds."
)
# What a reader typed into a form (the comment form) is handed back.
KEPT_FIELDS = ("name", "email", "website", "body", "parent", "issued")


def is_unavailable(exception):
    """Whether ``exception`` means the database cannot be reached now."""
    return isinstance(exception, OperationalError | InterfaceError)
