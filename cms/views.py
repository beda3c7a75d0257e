"""Site-wide views."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

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


#: Pages for editors and moderators, by URL name (with arguments standing for
#: any value): crawlers are asked to keep out of them, in every language.
PRIVATE_PAGES = [("articles:preview", {"pk": 0}), ("comments:moderation", {})]


def _address_prefix(name, kwargs):
    """The address of ``name`` up to its first argument: ``/en/preview/``."""
    path = reverse(name, kwargs=kwargs)
    if kwargs:
        first = str(next(iter(kwargs.values())))
        path = path[: path.index(f"/{first}/") + 1]
    return path


@require_GET
def robots_txt(request):
    """Rules for crawlers: the admin, previews and the moderation queue are
    out; the sitemaps are named with their absolute addresses."""
    disallow = [reverse("admin:index")]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            disallow += [
                _address_prefix(name, kwargs) for name, kwargs in PRIVATE_PAGES
            ]
    sitemaps = [
        request.build_absolute_uri(reverse(name))
        for name in ("sitemaps:index", "sitemaps:news")
    ]
    text = loader.render_to_string(
        "robots.txt", {"disallow": disallow, "sitemaps": sitemaps}
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
