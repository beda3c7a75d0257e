"""The site's own settings, with their defaults, read lazily.

Each value is looked up on ``django.conf.settings`` at the moment it is used,
so tests can override it with ``settings`` fixtures and nothing is frozen at
import time.
"""

from django.conf import settings

# English spellings are the reference site's, not the calendar library's.
HIJRI_MONTHS = {
    "en": [
        "Muharram",
        "Safar",
        "Rabi' al-awwal",
        "Rabi' al-thani",
        "Jumada al-awwal",
        "Jumada al-thani",
        "Rajab",
        "Sha'ban",
        "Ramadan",
        "Shawwal",
        "Dhu al-Qi'dah",
        "Dhu al-Hijjah",
    ],
    "ar": [
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ],
}

DEFAULTS = {
    "CMS_SITE_NAME": {"en": "Media Office", "ar": "المكتب الإعلامي"},
    # The site's public address, e.g. "https://media.example.org": links in
    # mails start with it (site_settings.site.absolute_url).
    "CMS_SITE_URL": "",
    # Set above every article title, right-to-left even in the English interface.
    "CMS_OPENING_LINE": "بسم الله الرحمن الرحيم",
    "CMS_HIJRI_MONTHS": HIJRI_MONTHS,
    # "arabic-indic" (default) or "western": the digits of Arabic dates.
    "CMS_ARABIC_DIGITS": "arabic-indic",
    "CMS_PAGINATE_BY": 10,
    # Anonymous readers' pages are kept whole this many seconds (0: never),
    # and made fresh at once when editors or moderators change the content.
    "CMS_PAGE_CACHE_SECONDS": 300,
    # What a CDN (or any shared cache) in front of the site is told about those
    # pages: it may serve one this many seconds without asking (readers may see
    # a change that much later), then while it asks again, or while the site
    # does not answer. Never past the next scheduled change nor midnight.
    # Browsers always ask again (with the ETag: a 304 costs nothing).
    "CMS_PAGE_SHARED_MAX_AGE": 60,
    "CMS_PAGE_STALE_WHILE_REVALIDATE": 30,
    "CMS_PAGE_STALE_IF_ERROR": 24 * 60 * 60,
    # With read replicas (DATABASE_REPLICA_URLS): for this many seconds after a
    # content change, readers' pages read the primary (a replica may not have
    # the change yet). Keep it above the replicas' worst replay lag.
    "CMS_REPLICA_LAG_SECONDS": 5,
    # The years a date typed by an editor may fall in (publication times,
    # Hijri days): anything else is a typing mistake, refused with a message.
    "CMS_DATE_MIN_YEAR": 1900,
    "CMS_DATE_MAX_YEAR": 2100,
    # The home page: featured stories on top (the first is the lead story),
    # then at most CMS_HOME_SECTIONS section blocks of CMS_HOME_SECTION_SIZE
    # articles each (the editors' choice, else the top-level categories).
    "CMS_HOME_FEATURED": 4,
    "CMS_HOME_SECTIONS": 6,
    "CMS_HOME_SECTION_SIZE": 4,
    # Search ranks at most this many matches, the newest: a common word stays
    # fast on a large archive (more words narrow the search).
    "CMS_SEARCH_MAX_RESULTS": 1000,
    # Two editions: /ar/ lists the Arabic articles and /en/ the English ones.
    # False: an office that publishes in one language shows every article in
    # both interfaces (each keeps its own language and direction).
    "CMS_SEPARATE_EDITIONS": True,
    # How long the month-adjustment table is kept in the cache (seconds).
    "CMS_HIJRI_CACHE_SECONDS": 60 * 60,
    # Image uploads (the images package): the largest file accepted, in bytes;
    "CMS_IMAGE_MAX_BYTES": 10 * 1024 * 1024,
    # the most pixels (width x height) decoded: more is refused as a possible
    # decompression bomb (a small file that expands to gigabytes in memory);
    "CMS_IMAGE_MAX_PIXELS": 40_000_000,
    # the longest side, in pixels;
    "CMS_IMAGE_MAX_DIMENSION": 12_000,
    # and the widths of the resized copies served with srcset (never upscaled).
    "CMS_IMAGE_RENDITION_WIDTHS": (480, 800, 1200),
    # The read-only JSON API (api/): the origins whose pages may read it from
    # a browser ("*": any; else e.g. ("https://partner.example",)), and how long
    # a response may be kept by browsers and shared caches (seconds).
    "CMS_API_CORS_ORIGINS": ("*",),
    "CMS_API_CACHE_SECONDS": 60,
    # The request.META key holding the client's address, for everything that
    # counts by address (core.client): "HTTP_X_REAL_IP" behind a proxy that sets it.
    "CMS_CLIENT_ADDRESS_HEADER": "REMOTE_ADDR",
    # Where an article page offers to send the article (articles.share_links),
    # in this order: any of "whatsapp", "telegram", "x", "facebook", "email";
    # () for none. Plain links: no network's script loads on the site.
    "CMS_SHARE_NETWORKS": ("whatsapp", "telegram", "x", "facebook", "email"),
    # The page size of each statement's PDF (documents/): "A4" or "Letter"
    # (any CSS @page size: "A5", "Legal", "210mm 297mm").
    "CMS_PDF_PAGE_SIZE": "A4",
    # Browser features no page of the site uses, turned off for every page and
    # anything it embeds (the Permissions-Policy header, core.middleware).
    "CMS_PERMISSIONS_POLICY_OFF": (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ),
    # Reader comments (comments/moderation.py is the policy that reads these).
    # Comments close this many days after publication (0 or None: never).
    "COMMENTS_CLOSE_AFTER_DAYS": 30,
    "COMMENTS_MAX_LENGTH": 3000,
    # A form sent back sooner than this (seconds) is a robot's; later than the
    # maximum age, a stale page.
    "COMMENTS_MIN_FILL_SECONDS": 3,
    "COMMENTS_FORM_MAX_AGE_SECONDS": 2 * 24 * 60 * 60,
    # At most this many comments per client address in this many seconds.
    "COMMENTS_RATE_LIMIT_POSTS": 5,
    "COMMENTS_RATE_LIMIT_SECONDS": 10 * 60,
    # Words or phrases (whole words, after Arabic normalisation) that make a
    # comment spam; so do more links than COMMENTS_MAX_LINKS.
    "COMMENTS_BLOCKLIST": (),
    "COMMENTS_MAX_LINKS": 2,
    # Addresses or networks ("203.0.113.0/24"), emails or domains ("@spam.test").
    "COMMENTS_BLOCKED_ADDRESSES": (),
    "COMMENTS_BLOCKED_EMAILS": (),
    # Approve at once a reader whose email already has an approved comment.
    "COMMENTS_AUTO_APPROVE_KNOWN_EMAILS": False,
    # An approved comment reported by this many readers returns to the queue.
    "COMMENTS_REPORTS_TO_REQUEUE": 3,
    # Moderators get at most one mail about new comments in this many minutes;
    # empty recipients (COMMENTS_MODERATOR_EMAILS): everyone who may moderate.
    "COMMENTS_NOTIFY_INTERVAL_MINUTES": 15,
    # Subscribing (mailing): requests from one client within the comments' rate
    # window, and seconds between two mails to one address asking again.
    "MAILING_ASKS_PER_CLIENT": 5,
    "MAILING_ASK_SECONDS": 10 * 60,
    # The address a mail client may write to instead of the one-click link
    # (List-Unsubscribe's mailto); empty: none. Whatever reads that mailbox
    # must end the subscription named in the subject.
    "MAILING_UNSUBSCRIBE_MAILTO": "",
    # Statements are mailed only when they become public within this many
    # hours (a statement published long ago and saved again is not).
    "MAILING_FRESH_HOURS": 24,
    # The hour of the daily digest, in the site's zone (CMS_TIME_ZONE).
    "CMS_DIGEST_HOUR": 18,
    # Posts a minute to one Telegram channel: Telegram's own limit is about
    # twenty; the delivery bench lifts it to measure the workers.
    "CMS_TELEGRAM_POSTS_PER_MINUTE": 20,
    # After the mail server failed, wait this long before trying again (any
    # mail: the moderators', the administrators').
    "COMMENTS_MAIL_BACKOFF_SECONDS": 5 * 60,
    # ADMINS are mailed about a kind of server error once in this many seconds.
    "CMS_ERROR_MAIL_SECONDS": 5 * 60,
    "COMMENTS_MODERATOR_EMAILS": (),
}


def get(name):
    """Return the site setting ``name``: the project's value or the default."""
    return getattr(settings, name, DEFAULTS[name])


def per_language(name, language):
    """A per-language setting's value for ``language`` (falling back to English)."""
    value = get(name)
    if isinstance(value, dict):
        return value.get(language) or value.get("en") or next(iter(value.values()))
    return value
