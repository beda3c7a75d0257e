"""A statement's PDF, as stored (``services``): never made in a request."""

from django.http import Http404, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core import i18n
from documents.models import ArticleDocument
from documents.services import shown

# Seconds a browser or a CDN may keep the redirect: a new version of the PDF
# gets a new name, and the previous file is deleted.
REDIRECT_MAX_AGE = 60


@require_safe
def article_pdf(request, slug):
    """Send the reader to the stored PDF of the statement at ``slug`` (public
    or withdrawn, in this edition); 404 when there is none (yet: the job makes
    it moments after a publication)."""
    document = (
        ArticleDocument.objects.filter(article__in=shown().filter(slug=slug))
        .select_related("article")
        .first()
    )
    if document is None or i18n.edition_of(
        document.article.language
    ) != i18n.edition_of(i18n.current_language()):
        raise Http404
    response = HttpResponseRedirect(document.file.url)
    patch_cache_control(response, public=True, max_age=REDIRECT_MAX_AGE)
    return response
