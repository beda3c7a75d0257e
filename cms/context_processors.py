"""Site-wide template context: site name, opening line, the time now."""

from django.utils import timezone

from cms import conf
from cms.i18n import current_language


def site(request):
    language = current_language()
    return {
        "site_name": conf.per_language("CMS_SITE_NAME", language),
        "opening_line": conf.per_language("CMS_OPENING_LINE", language),
        "now": timezone.now(),
    }
