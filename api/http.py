"""HTTP around the API: methods, CORS, caching, errors and JSON encoding.

Every API address (the endpoints, ``openapi.json`` and the docs page) is
served through ``public_read_only``:

- ``GET`` and ``HEAD`` are answered, ``OPTIONS`` (CORS preflight or not) gets
  an empty 204 with the allowed methods; anything else is a 405 in JSON.
- CORS: any origin may read by default (``Access-Control-Allow-Origin: *``);
  ``CMS_API_CORS_ORIGINS`` restricts it to a list. Credentials are never
  allowed: the API shows only what every reader sees.
- A successful answer says ``Cache-Control: public, max-age=…``
  (``CMS_API_CACHE_SECONDS``) and carries an ``ETag``; a request whose
  ``If-None-Match`` names it gets a 304 without a body, which keeps the CORS
  headers (``core.middleware.ConditionalGetMiddleware``).
- The API speaks English (error messages), whatever the reader's
  ``Accept-Language``.

Problems have one shape, whatever their status: ``{"detail": [{"type",
"loc", "msg"}]}``, ``loc`` naming the parameter (``["query", "page"]``), as
django-ninja reports a parameter that does not validate (422). A problem
with the whole request has an empty ``loc``: ``unavailable`` (503, the
database is away) and ``server_error`` (500).
"""

from functools import wraps

from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from core import conf
from core.middleware import answers_problems, language_neutral, validates_own_query
from core.sanitize import safe_json

SAFE_METHODS = ("GET", "HEAD")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# What a browser may send cross-origin besides the CORS-safelisted headers.
ALLOWED_HEADERS = "Accept, Accept-Language, Cache-Control, If-None-Match"
PREFLIGHT_SECONDS = 24 * 60 * 60


class ApiError(Exception):
    """A problem with one parameter, answered as ``{"detail": [...]}``."""

    def __init__(self, status, parameter, message, *, kind, source="query"):
        super().__init__(message)
        self.status = status
        self.problem = {"type": kind, "loc": [source, parameter], "msg": message}


class BadParameter(ApiError):
    """400: parameters that are each valid but do not go together."""

    def __init__(self, parameter, message):
        super().__init__(400, parameter, message, kind="value_error")


class NotFound(ApiError):
    """404: a parameter names something readers cannot see (or a page past
    the end of a list)."""

    def __init__(self, parameter, message, *, source="query"):
        super().__init__(404, parameter, message, kind="not_found", source=source)


def problems(*items):
    return {"detail": list(items)}


class SafeJSONRenderer(JSONRenderer):
    """UTF-8 JSON (Arabic stays readable) that stays inert even if a browser
    or a careless client reads the response as HTML or script
    (``core.sanitize.safe_json``)."""

    def render(self, request, data, *, response_status):
        return safe_json(data, encoder=NinjaJSONEncoder)


def json_response(data, status):
    renderer = SafeJSONRenderer()
    return HttpResponse(
        renderer.render(None, data, response_status=status),
        status=status,
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )


def whole_request_problem(request, status, kind, message):
    """A problem with the request as a whole (the database away, a server
    error), answered in the API's format: what the site's error handlers
    give an API address (``core.middleware.answers_problems``)."""
    response = json_response(
        problems({"type": kind, "loc": [], "msg": message}), status
    )
    response["Content-Language"] = "en"
    return add_cors_headers(request, response)


def method_not_allowed(request):
    response = json_response(
        problems(
            {
                "type": "method_not_allowed",
                "loc": ["method"],
                "msg": f"{request.method} is not allowed: the API is read-only "
                f"({ALLOWED_METHODS}).",
            }
        ),
        405,
    )
    response["Allow"] = ALLOWED_METHODS
    return response


def add_cors_headers(request, response):
    """Let pages of the allowed origins read the response (no credentials)."""
    origins = conf.get("CMS_API_CORS_ORIGINS") or ()
    if "*" in origins:
        response["Access-Control-Allow-Origin"] = "*"
    else:
        # The answer depends on who asks: shared caches must keep them apart.
        patch_vary_headers(response, ("Origin",))
        origin = request.headers.get("Origin")
        if origin and origin in origins:
            response["Access-Control-Allow-Origin"] = origin
        else:
            return response
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def preflight(request):
    """The answer to ``OPTIONS``: what may be asked, and for how long."""
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED_METHODS
    if "Access-Control-Request-Method" in request.headers:
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
    return response


def make_cacheable(response):
    """``Cache-Control`` on a successful answer (its ``ETag``, and the 304
    when the client's copy is still good, come from
    ``core.middleware.ConditionalGetMiddleware``, as for every page)."""
    if response.status_code != 200 or response.streaming:
        return response
    patch_cache_control(
        response, public=True, max_age=conf.get("CMS_API_CACHE_SECONDS")
    )
    return response


def public_read_only(view):
    """Serve ``view`` (a django-ninja address) as the module says."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return add_cors_headers(request, preflight(request))
        if request.method not in SAFE_METHODS:
            return add_cors_headers(request, method_not_allowed(request))
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # django-ninja routes GET only
        try:
            with translation.override("en"):
                response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        # Keys and messages are English; names come in both languages.
        response["Content-Language"] = "en"
        # A HEAD gets the GET's answer whole: the server leaves the body out
        # (gunicorn and runserver do), and a cache keeps what a GET is given.
        return add_cors_headers(request, make_cacheable(response))

    # The API refuses unsafe methods itself (405), and checks each parameter
    # it reads, NUL characters included (422 naming the parameter). Its
    # other errors are JSON too.
    wrapped.csrf_exempt = True
    return answers_problems(
        validates_own_query(language_neutral(wrapped)), whole_request_problem
    )
