"""Site-wide template context: site name, opening line, the time now."""

from django.utils import timezone

from cms import site as site_texts
from cms.i18n import current_language


def site(request):
    language = current_language()
    return {
        "site_name": site_texts.text("site_name", language),
        "opening_line": site_texts.text("opening_line", language),
        "now": timezone.now(),
    }
