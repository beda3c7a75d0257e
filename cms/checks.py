"""System checks for the site's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Warning, register

from cms import conf


@register("cms", deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """Production needs the site's address: links in mails are built from it."""
    url = conf.get("CMS_SITE_URL")
    if not url:
        if settings.DEBUG:
            return []
        return [
            Warning(
                "CMS_SITE_URL is not set: links in mails (the moderators' "
                "notices) are guessed from ALLOWED_HOSTS.",
                hint="Set CMS_SITE_URL to the site's public address, "
                "e.g. https://media.example.org.",
                id="cms.W001",
            )
        ]
    if not url.startswith(("https://", "http://")):
        return [
            Warning(
                f"CMS_SITE_URL ({url!r}) is not an absolute address.",
                hint="Write it with its scheme, e.g. https://media.example.org.",
                id="cms.W002",
            )
        ]
    return []
