"""The desk's language follows the person working in it.

The admin's addresses carry no language (``/admin/``): Django's
``LocaleMiddleware`` speaks there the language of the ``LANGUAGE_COOKIE_NAME``
cookie, else the browser's. The desk's pages whose addresses do carry one
(the moderation queue, ``/ar/comments/moderation/``) are marked
``@remembers_language``: each answer keeps that language in the cookie, so
that a moderator working in the Arabic queue who follows a link into the
admin (or to its sign-in page) stays in Arabic, and the admin's links back,
made in its language, lead to the Arabic queue. Readers' pages (and an
article's preview, drawn in the article's language) do not change it.
"""

from functools import wraps

from django.conf import settings
from django.utils import translation


def remembers_language(view):
    """Mark ``view``, a desk page under a language prefix: the language of its
    address becomes the desk's (whatever it answers: a page, the redirect to
    sign in)."""

    @wraps(view)
    def remembering(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        language = translation.get_language()
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    return remembering
