"""The public page of a static page."""

from django.views.generic import DetailView

from core.i18n import current_language
from pages.models import Page


class PageDetailView(DetailView):
    """A published page in the interface's language (404 otherwise)."""

    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published().in_language(current_language())
