"""The moderation policy: the one module that decides about comments.

- May a comment be posted at all? Comments open on the article (per article,
  and for a number of days after publication), the client within the rate
  limit, no HTML, a form neither filled impossibly fast nor too old, and a
  name that reads as it was typed (``name_problem``).
- Is a new comment spam, approved at once, or held for a moderator?
  A blocked client address, a blocked email, a word of the blocklist or more
  than the allowed number of links make it spam. When enabled, a reader whose
  email already has an approved comment is approved. Everything else is held.
- Does a reported comment go back to the queue?

Blocklist words are matched as whole words (``press`` does not match inside
``express``) after folding both sides with ``core.text`` (the rules search uses
too), so that spelling tricks do not pass.

Settings (defaults in ``core.conf``), read each time they are used:
``COMMENTS_BLOCKLIST``, ``COMMENTS_MAX_LINKS``, ``COMMENTS_BLOCKED_ADDRESSES``,
``COMMENTS_BLOCKED_EMAILS``, ``COMMENTS_AUTO_APPROVE_KNOWN_EMAILS``,
``COMMENTS_CLOSE_AFTER_DAYS``, ``COMMENTS_RATE_LIMIT_POSTS``,
``COMMENTS_RATE_LIMIT_SECONDS``, ``COMMENTS_MIN_FILL_SECONDS``,
``COMMENTS_FORM_MAX_AGE_SECONDS``, ``COMMENTS_REPORTS_TO_REQUEUE``. The
client's address is ``core.client``'s, the rule the admin login throttle uses.
"""

import ipaddress
import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from html.entities import html5 as html5_entities

from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from comments.models import Comment, Reason, Status
from core import cache, conf
from core import text as text_rules
from core.text import normalize_email

logger = logging.getLogger(__name__)

LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+", re.IGNORECASE)
# Named character references a browser reads without their ";" (&lt &amp
# &copy…): HTML's legacy ones, in their own letter case.
LEGACY_REFERENCES = sorted(
    (name for name in html5_entities if not name.endswith(";")), key=len, reverse=True
)
# HTML code, found as a browser's tokenizer finds it: "<" or "</" then an
# ASCII letter starts a tag whose name runs to whitespace, "/", ">" or the end
# of the text (<svg/onload=…>, an unclosed <img src=x onerror=…); a comment,
# CDATA, doctype or processing instruction; a character reference (&amp;
# &#60; &#x3c;, and without the ";": &#60 &#x3c &lt). A tag name follows "<"
# at once, so "x < y" and "I <3" are text.
HTML = re.compile(
    r"</?[a-z][^\t\n\f\r />]*(?:[\t\n\f\r />]|$)"
    r"|<!--|<!\[cdata\[|<!doctype|<\?"
    r"|&(?:[a-z][a-z0-9]{1,31};|#\d|#x[0-9a-f]"
    rf"|(?-i:{'|'.join(LEGACY_REFERENCES)}))",
    re.IGNORECASE,
)
# Bidirectional controls: embeddings and overrides (LRE RLE LRO RLO) close
# with PDF, isolates (LRI RLI FSI) with PDI. One left open reverses whatever
# is shown after the name (the moderators' queue, a reply's heading); an
# override, even closed, shows the name's own letters in another order
# ("\u202eevil\u202c" reads "live").
BIDI_CLOSER = {
    **dict.fromkeys("\u202a\u202b\u202d\u202e", "\u202c"),
    **dict.fromkeys("\u2066\u2067\u2068", "\u2069"),
}
BIDI_OVERRIDES = "\u202d\u202e"


class PostingRefused(Exception):
    """A comment that may not be posted at all (``code`` says why)."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Verdict:
    """What happens to a new comment: its status, and why when not held."""

    status: str
    reason: str = ""
    detail: str = ""


# Matching (text folding is core.text's) ------------------------------------


def blocked_term(text, blocklist=None):
    """The first blocklist entry found in ``text`` as whole word(s), or ``""``.

    An entry may be several words; they must then appear one after the other.
    """
    blocklist = conf.get("COMMENTS_BLOCKLIST") if blocklist is None else blocklist
    haystack = f" {' '.join(text_rules.words(text))} "
    for entry in blocklist:
        needle = " ".join(text_rules.words(entry))
        if needle and f" {needle} " in haystack:
            return entry
    return ""


def count_links(text):
    """How many web links (``scheme://…`` or ``www.…``) ``text`` contains."""
    return len(LINK.findall(text_rules.fold(text)))


def contains_html(text):
    """Whether ``text`` contains HTML code (tags, comments, character references)."""
    return bool(HTML.search(str(text or "")))


def has_visible_text(text):
    """Whether ``text`` has something a reader sees: not only spaces, marks and
    invisible characters (zero-width spaces, direction marks, tatweel)."""
    return bool(text_rules.strip_marks(text).strip())


def has_misleading_bidi(text):
    """Whether ``text``'s bidirectional controls change how it reads: an
    override (closed or not), or an embedding or isolate it does not close (or
    a closing one it did not open)."""
    open_ = []
    for ch in str(text or ""):
        if ch in BIDI_OVERRIDES:
            return True
        if ch in BIDI_CLOSER:
            open_.append(BIDI_CLOSER[ch])
        elif ch in ("\u202c", "\u2069"):
            if not open_ or open_.pop() != ch:
                return True
    return bool(open_)


def is_one_line(text):
    """Whether ``text`` has no line or paragraph break (CR, LF, U+2028…)."""
    return len(str(text or "").splitlines()) <= 1


def name_problem(name):
    """Why ``name`` may not sign a comment, or ``""``: it must show something,
    hold no HTML, and read as it was typed, on one line."""
    if not has_visible_text(name):
        return "invisible"
    if contains_html(name):
        return "html"
    if has_misleading_bidi(name):
        return "bidi"
    if not is_one_line(name):
        return "line-break"
    return ""


def is_blocked_address(address, blocked=None):
    """Whether the client ``address`` is listed (single addresses or networks)."""
    if not address:
        return False
    blocked = conf.get("COMMENTS_BLOCKED_ADDRESSES") if blocked is None else blocked
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in blocked:
        try:
            network = ipaddress.ip_network(str(entry).strip(), strict=False)
        except ValueError:
            logger.warning("Ignoring COMMENTS_BLOCKED_ADDRESSES entry %r", entry)
            continue
        if ip.version == network.version and ip in network:
            return True
    return False


def is_blocked_email(email, blocked=None):
    """Whether ``email`` is listed, as itself or by its domain (``@example.org``).

    A domain entry also blocks its sub-domains.
    """
    email = normalize_email(email)
    if not email:
        return False
    blocked = conf.get("COMMENTS_BLOCKED_EMAILS") if blocked is None else blocked
    domain = email.rpartition("@")[2]
    for entry in blocked:
        entry = normalize_email(entry)
        if entry.startswith("@"):
            listed = entry[1:]
            if domain == listed or domain.endswith(f".{listed}"):
                return True
        elif entry and entry == email:
            return True
    return False


# May it be posted? ----------------------------------------------------------


def closes_at(article):
    """When comments on ``article`` close by age, or ``None`` if they never do."""
    days = conf.get("COMMENTS_CLOSE_AFTER_DAYS")
    if not days:
        return None
    return article.published_at + timedelta(days=days)


def comments_open(article, *, now=None):
    """Whether readers may comment on ``article`` now."""
    if not article.comments_enabled:
        return False
    deadline = closes_at(article)
    return deadline is None or (now or timezone.now()) < deadline


def _rate_key(address):
    """The counter's name for an address (the address itself is not stored)."""
    return salted_hmac("comments.rate", address).hexdigest()


def take_posting_slot(address):
    """Count a comment sent from ``address``; ``False`` when it is one too many.

    Counting and checking are one atomic step in the shared cache, so that
    several workers, or many posts at the same moment, cannot each let a few
    more through. A refused post counts too: a flood stays refused.
    """
    limit = conf.get("COMMENTS_RATE_LIMIT_POSTS")
    if not address or not limit:
        return True
    return cache.count(cache.COMMENT_RATE, _rate_key(address)) <= limit


def check_can_post(*, article, ip_address=None):
    """Raise ``PostingRefused`` unless a comment may be posted on ``article`` now."""
    if not comments_open(article):
        raise PostingRefused(_("Comments are closed for this article."), "closed")
    if not take_posting_slot(ip_address):
        raise PostingRefused(
            _(
                "You have sent several comments in a short time. Please wait a few "
                "minutes, then send your comment again."
            ),
            "rate-limited",
        )


def form_timing_problem(elapsed_seconds):
    """``"too-fast"``, ``"expired"`` or ``None`` for a form filled in this time."""
    if elapsed_seconds < conf.get("COMMENTS_MIN_FILL_SECONDS"):
        return "too-fast"
    if elapsed_seconds > conf.get("COMMENTS_FORM_MAX_AGE_SECONDS"):
        return "expired"
    return None


# Spam, held or approved? -------------------------------------------------------


def assess(*, name, email, body, website="", ip_address=None):
    """The verdict on a new comment: spam, approved at once, or held."""
    if is_blocked_address(ip_address):
        return Verdict(Status.SPAM, Reason.BLOCKED_ADDRESS, ip_address)
    if is_blocked_email(email):
        return Verdict(Status.SPAM, Reason.BLOCKED_EMAIL)
    term = blocked_term(f"{name}\n{body}\n{website}")
    if term:
        return Verdict(Status.SPAM, Reason.BLOCKED_WORD, term)
    links = count_links(body)
    if links > conf.get("COMMENTS_MAX_LINKS"):
        return Verdict(Status.SPAM, Reason.TOO_MANY_LINKS, str(links))
    if conf.get("COMMENTS_AUTO_APPROVE_KNOWN_EMAILS") and is_known_reader(email):
        return Verdict(Status.APPROVED, Reason.KNOWN_READER)
    return Verdict(Status.PENDING)


def is_known_reader(email):
    """Whether ``email`` already has an approved comment."""
    return Comment.objects.public().of_email(email).exists()


def should_requeue(open_reports):
    """Whether a comment with this many open reports goes back to the queue."""
    threshold = conf.get("COMMENTS_REPORTS_TO_REQUEUE")
    return bool(threshold) and open_reports >= threshold


def reporter_key(address):
    """A stable, keyed hash telling readers apart without keeping their address."""
    return salted_hmac("comments.report", address or "unknown").hexdigest()
