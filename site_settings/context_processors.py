"""Site-wide template context: site name, opening line, settings, the time now,
and the page's canonical address."""

from django.utils import timezone

from core.i18n import current_language
from site_settings import site as site_texts


def site(request):
    language = current_language()
    return {
        "site_name": site_texts.text("site_name", language),
        "opening_line": site_texts.text("opening_line", language),
        # Logo and contact details (cached with the other site settings).
        "site_settings": site_texts.site_settings(),
        "now": timezone.now(),
        "canonical_url": canonical_url(request),
    }


def canonical_url(request):
    """The page's own absolute address: the path, and the page number after
    the first; other parameters (filters, reply links) never make a new page.
    A view with a better answer (an article) puts its own in its context."""
    page = request.GET.get("page", "").lstrip("0")
    suffix = f"?page={page}" if page.isdigit() and page != "1" else ""
    return request.build_absolute_uri(f"{request.path}{suffix}")
