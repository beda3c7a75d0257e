"""System checks for the site's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Warning, register

from core import conf


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


# Cache backends that keep their entries in one process (or on one machine).
LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@register("cms", deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """Production needs one cache shared by every worker: Redis (``REDIS_URL``)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in LOCAL_CACHES:
        return []
    return [
        Warning(
            "REDIS_URL is not set: each worker process keeps its own cache. "
            "Several workers (or servers) would then disagree: a page made fresh "
            "by an editor's change in one worker stays stale in the others, each "
            "worker counts its own comment rate limits (a reader gets a limit per "
            "worker), and two workers can both mail the moderators.",
            hint="Set REDIS_URL to the Redis server every app server shares, "
            "e.g. redis://10.0.0.5:6379/0.",
            id="cms.W003",
        )
    ]
