"""Site-wide middleware."""

from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

NUL = "\x00"


def validates_own_query(view):
    """Mark ``view`` as checking every query parameter it reads, NUL included.

    ``RefuseNullCharactersMiddleware`` then lets its requests through, so that
    the view can say which parameter is wrong in its own format (the JSON
    API answers a 422 naming it).
    """
    view.validates_own_query = True
    return view


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
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
