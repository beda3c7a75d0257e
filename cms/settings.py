"""Settings for the media-office CMS.

Everything that differs between a laptop and production is read from the
environment here, and only here:

- ``DATABASE_URL``: unset means the embedded SQLite file ``var/db.sqlite3``;
  ``postgres://user@host:5432/name`` uses PostgreSQL through psycopg2.
- ``DJANGO_SECRET_KEY``: required (and must be a real key) when DEBUG is off.
- ``DJANGO_DEBUG``: ``1`` (default, for ``make run``) or ``0`` for production.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names.
- ``CMS_TIME_ZONE``: the site's reference time zone (default ``Asia/Riyadh``);
  the Hijri day and the clock follow it.
- ``DJANGO_SECURE_SSL_REDIRECT``: ``0`` to let a proxy handle HTTPS redirects.
- ``DJANGO_SECURE_COOKIES``: ``0`` sends the session and CSRF cookies over plain
  HTTP too, for ``make serve`` on this machine only (refused unless every
  allowed host is a local one).
- ``DJANGO_SERVE_MEDIA``: ``1`` has Django serve the uploads itself, for
  ``make serve`` on this machine only (refused unless every allowed host is a
  local one); in production the web server in front serves them.
- ``CMS_SITE_URL``: the site's public address (``https://media.example.org``),
  for links that leave the site, such as those in mails.
"""

import os
import secrets
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core import embeds

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DEBUG = env_bool("DJANGO_DEBUG", True)

_INSECURE_KEY = "django-insecure-development-key-only-for-make-run-never-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or _INSECURE_KEY
if not DEBUG and (
    SECRET_KEY == _INSECURE_KEY
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG=0 needs a real DJANGO_SECRET_KEY (50+ random characters), "
        'e.g. python -c "import secrets; print(secrets.token_urlsafe(64))".'
    )

# Every app server has the same key (signed cookies, password reset links).
# To change it without signing everyone out, give the old one here for a while.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", sorted(LOCAL_HOSTS) if DEBUG else [])


def for_this_machine_only(variable, what):
    """Refuse ``variable``, a shortcut for a server that only this machine
    reaches (``make serve``), when the site answers to any other host."""
    others = set(ALLOWED_HOSTS) - LOCAL_HOSTS
    if others:
        raise ImproperlyConfigured(
            f"{variable} {what}: it is for a server on this machine only "
            f"(DJANGO_ALLOWED_HOSTS of {', '.join(sorted(LOCAL_HOSTS))}), "
            f"not for {', '.join(ALLOWED_HOSTS)}."
        )


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "reversion",
    "taggit",
    "ninja",  # the API's documentation page and its static files
    "axes",  # failed admin logins, counted per address and per account
    "csp",  # the Content-Security-Policy header
    "site_settings",
    "desk",
    "images",
    "articles",
    "comments",
    "pages",
    "search",
    "api",
    "dashboard",
    "demo",
    "jobs",
    "delivery",
    "mailing",
    "press",
    "documents",
    "anymail",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost: what browsers may do with every answer, a page from the cache
    # and a refusal drawn by the layers below (an unknown host) included.
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Outside the page cache: the redirect to HTTPS, and the security headers
    # on cached pages too.
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for every page, cached or not.
    "core.middleware.ConditionalGetMiddleware",
    # As early as it can be: a page from the cache goes through nothing else.
    # It keeps a page with every header the layers below gave it.
    "core.page_cache.PageCacheMiddleware",
    # Which database a request reads from (a replica for readers' pages).
    "core.db_router.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LocaleMiddleware",
    "core.middleware.RefuseNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # Last: turns a locked-out login into the lockout page
    # (site_settings.views.login_locked_out).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "site_settings.context_processors.site",
            ],
        },
    },
]


def database(url):
    """A ``DATABASES`` entry for a database URL (the primary or a replica)."""
    config = dj_database_url.parse(
        url, conn_max_age=0 if DEBUG else 60, conn_health_checks=not DEBUG
    )
    if config["ENGINE"].endswith("postgresql"):
        # libpq gives up connecting after this many seconds.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    return config


# The primary, and the read replicas (``DATABASE_REPLICA_URLS``, comma-separated):
# core.db_router sends readers' pages to a replica, everything else to the primary.
# In tests a replica is a mirror of the primary (docs/deploy.md).
DATABASES = {
    "default": database(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    ),
    **{
        f"replica_{number}": {**database(url), "TEST": {"MIRROR": "default"}}
        for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1)
    },
}
DATABASE_ROUTERS = ["core.db_router.PrimaryReplicaRouter"]
# In the web processes (cms/wsgi.py), a database that does not answer within
# this many seconds gives readers the 503 page instead of a hung request.
CMS_DB_TIMEOUT_SECONDS = float(os.environ.get("CMS_DB_TIMEOUT_SECONDS", 5))

# Anonymous readers' pages are served whole from the shared cache for this many
# seconds (0 turns the page cache off, e.g. to measure cold pages).
if os.environ.get("CMS_PAGE_CACHE_SECONDS"):
    CMS_PAGE_CACHE_SECONDS = int(os.environ["CMS_PAGE_CACHE_SECONDS"])

# The shared cache: Redis when REDIS_URL is set (production, several workers),
# else this process's memory (``make run``).
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url):
    """The Redis cache at ``url`` (django-redis): one client per connection
    pool, and no memcached key checks (Redis takes any key, and ours are made
    in one place, core.cache.key). A Redis that does not answer within 2 s is
    an error, not a hung request."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": os.environ.get("CMS_CACHE_PREFIX", "cms"),
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
    }


# Connections stay open from one request to the next (django-redis' default),
# said here since the library looks the setting up at the end of each request.
DJANGO_REDIS_CLOSE_CONNECTION = False
CACHES = {
    "default": redis_cache(REDIS_URL)
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cms",
    }
}
# What is kept from the content (whole pages, fragments, totals) in a Redis of
# its own, with its own memory limit: evicting pages there never evicts a rate
# limit or a lock from the one above (core/cache.py, docs/deploy.md).
PAGE_CACHE_REDIS_URL = os.environ.get("PAGE_CACHE_REDIS_URL", "")
if PAGE_CACHE_REDIS_URL:
    CACHES["content"] = redis_cache(PAGE_CACHE_REDIS_URL)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Delivery (delivery/): the site's Telegram bot, never kept in the database;
# where its Bot API is (tests and staging point elsewhere); webhooks to
# private addresses (tests, partners on our own network), refused by default.
TELEGRAM_BOT_TOKEN = os.environ.get("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_API_URL = os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org")
CMS_WEBHOOKS_ALLOW_PRIVATE = env_bool("CMS_WEBHOOKS_ALLOW_PRIVATE", False)
if os.environ.get("CMS_TELEGRAM_POSTS_PER_MINUTE"):
    CMS_TELEGRAM_POSTS_PER_MINUTE = int(os.environ["CMS_TELEGRAM_POSTS_PER_MINUTE"])

# A mail provider (django-anymail), when DJANGO_EMAIL_BACKEND names one: its
# settings come from the environment's ANYMAIL_* variables (the API key, and
# ANYMAIL_WEBHOOK_SECRET, "user:password", for its bounce and complaint
# webhooks at /anymail/<provider>/tracking/). Without that secret the webhooks
# refuse every call: the secret below is this process's own, known to nobody.
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}
ANYMAIL.setdefault("WEBHOOK_SECRET", f"unset:{secrets.token_urlsafe(32)}")

# Background jobs (jobs/): kept in the database by default, which `make run`
# needs nothing more for; TASKS_BACKEND=rq keeps them in Redis (TASKS_REDIS_URL,
# else REDIS_URL) for workers on several machines (docs/deploy.md).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    RQ_QUEUES = {
        "default": {"URL": os.environ.get("TASKS_REDIS_URL") or REDIS_URL},
    }
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND is {TASKS_BACKEND!r}: it may be 'database' or 'rq'."
    )


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Logins: django-axes first (it refuses a locked-out address or account before
# any password is checked), then Django's own users and permissions.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords lock the address (whatever the account) and the account
# (from any address) for fifteen minutes; a right password before that starts the
# count again. Failures are kept in the database (every app server sees them).
# Unlock: manage.py axes_reset_username NAME / axes_reset_ip ADDRESS / axes_reset.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The client's address by the site's one rule (CMS_CLIENT_ADDRESS_HEADER).
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"
AXES_LOCKOUT_CALLABLE = "site_settings.views.login_locked_out"

# Internationalisation: Arabic (right-to-left) and English, URLs per language.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("CMS_TIME_ZONE", "Asia/Riyadh")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploads served by Django itself (cms/urls.py): with `make run`, and with
# `make serve`, where no web server stands in front to serve MEDIA_ROOT.
SERVE_MEDIA = DEBUG or env_bool("DJANGO_SERVE_MEDIA", False)
if SERVE_MEDIA and not DEBUG:
    for_this_machine_only("DJANGO_SERVE_MEDIA=1", "has Django serve the uploads")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded media: this machine's disk (MEDIA_ROOT), or, for several app servers,
# an S3-compatible bucket through django-storages (DJANGO_MEDIA_STORAGE=s3).
MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "") or "filesystem"


def s3_media_storage(environ):
    """The ``STORAGES["default"]`` entry for media in a bucket, from ``environ``.

    The credentials are read by boto3 itself from ``AWS_ACCESS_KEY_ID`` and
    ``AWS_SECRET_ACCESS_KEY`` (or the machine's role), never written here.
    """
    from botocore.config import Config

    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured(
            "DJANGO_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (and "
            "AWS_S3_ENDPOINT_URL for a store other than Amazon S3)."
        )
    max_age = int(environ.get("DJANGO_MEDIA_MAX_AGE") or 24 * 60 * 60)
    querystring_auth = environ.get("AWS_QUERYSTRING_AUTH", "").strip().lower()
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            # The CDN's (or the bucket's public) host name: media addresses are
            # then written without asking S3 anything.
            "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": environ.get("AWS_LOCATION", "media"),
            # Public media: plain addresses, no signature that expires.
            "querystring_auth": querystring_auth in {"1", "true", "yes", "on"},
            # Two uploads called photo.jpg get two names, as on a disk.
            "file_overwrite": False,
            "default_acl": None,  # the bucket's policy says who may read
            "object_parameters": {"CacheControl": f"public, max-age={max_age}"},
            # A store that does not answer fails the upload within seconds.
            # "path" addressing (the bucket in the path) suits MinIO and the like.
            "client_config": Config(
                s3={"addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE")},
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


if MEDIA_STORAGE == "s3":
    STORAGES["default"] = s3_media_storage(os.environ)
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(
        f"DJANGO_MEDIA_STORAGE is {MEDIA_STORAGE!r}: use 'filesystem' or 's3'."
    )


def media_origins(environ):
    """Where uploaded pictures are served from besides the site itself: the
    CDN's or bucket's custom domain, else the S3-compatible store's address."""
    if environ.get("AWS_S3_CUSTOM_DOMAIN"):
        return [f"https://{environ['AWS_S3_CUSTOM_DOMAIN']}"]
    if environ.get("DJANGO_MEDIA_STORAGE") != "s3":
        return []
    if environ.get("AWS_S3_ENDPOINT_URL"):
        endpoint = environ["AWS_S3_ENDPOINT_URL"].rstrip("/")
        scheme, _, host = endpoint.partition("://")
        # The bucket in the path, or as a sub-domain of the store's host.
        return [endpoint, f"{scheme}://*.{host}"]
    return ["https://*.amazonaws.com"]


# Content-Security-Policy (django-csp): scripts, styles, fonts and requests from
# the site itself only, never inline (no 'unsafe-inline'; no nonces either, as
# readers' pages are cached whole); pictures also as data: addresses and from
# the media store. Nothing may frame the site, post forms elsewhere or change
# the base address. The API's Swagger UI page runs under the same policy.
# Frames only from the players of the click-to-load embeds (core.embeds), and
# only once the reader asks for one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *media_origins(os.environ)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": list(embeds.FRAME_ORIGINS),
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Production hardening: what `manage.py check --deploy` asks for.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Whether the request came over HTTPS, as the proxy in front says. Only a
    # proxy that sets the header itself (and drops the client's) may be
    # trusted: with nothing in front (``make serve``), any client could claim
    # https, and the addresses in pages kept for everyone would say so.
    if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Cookies only over HTTPS, except for a server on this machine alone
    # (``make serve`` answers plain HTTP on 127.0.0.1).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    if not SESSION_COOKIE_SECURE:
        for_this_machine_only(
            "DJANGO_SECURE_COOKIES=0", "sends sign-in cookies over plain HTTP"
        )
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Public forms on cached pages may come without a token: confirm, don't refuse.
CSRF_FAILURE_VIEW = "site_settings.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Mail (moderators are told about new comments). In DEBUG mails are printed
# on the console unless DJANGO_EMAIL_BACKEND says otherwise; in production SMTP
# through DJANGO_EMAIL_HOST (and _PORT, _HOST_USER, _HOST_PASSWORD, _USE_TLS).
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is told about new comments (comma-separated; empty: everyone who may
# moderate, articles.permissions.moderators).
COMMENTS_MODERATOR_EMAILS = env_list("CMS_COMMENTS_MODERATOR_EMAILS", [])
# Behind a load balancer (and a CDN) every request comes from the proxy: the
# reader's address is in a header the nearest trusted proxy sets, named as
# request.META knows it (e.g. HTTP_X_REAL_IP). core.client reads it, for the
# comment rate limits and the admin login throttle alike.
if os.environ.get("CMS_CLIENT_ADDRESS_HEADER"):
    CMS_CLIENT_ADDRESS_HEADER = os.environ["CMS_CLIENT_ADDRESS_HEADER"]
# The site's public address: links in mails are made absolute with it
# (site_settings.site.absolute_url); `check --deploy` warns when it is missing.
CMS_SITE_URL = os.environ.get("CMS_SITE_URL", "")

# Who is mailed the details of a server error: "Name <email>" or plain
# addresses, comma-separated. Empty: nobody (the error page says so).
ADMINS = [
    (name.strip() or email, email)
    for name, email in (parseaddr(item) for item in env_list("DJANGO_ADMINS", []))
    if email
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            # After the response, once per kind of error (core/outbox.py).
            "class": "core.outbox.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        }
    },
}

TAGGIT_CASE_INSENSITIVE = True

# The site's own settings (read lazily through ``core.conf``; defaults there).
# CMS_SITE_NAME, CMS_OPENING_LINE, CMS_HIJRI_MONTHS, CMS_ARABIC_DIGITS,
# CMS_PAGINATE_BY may be set here to override the defaults.
