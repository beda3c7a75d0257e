"""Site-wide template context: site name, opening line, settings, the time now."""

from django.utils import timezone

from cms import site as site_texts
from cms.i18n import current_language


def site(request):
    language = current_language()
    return {
        "site_name": site_texts.text("site_name", language),
        "opening_line": site_texts.text("opening_line", language),
        # Logo and contact details (cached with the other site settings).
        "site_settings": site_texts.site_settings(),
        "now": timezone.now(),
    }
