"""The shared cache: every key the site keeps, and its lifetime, in one place.

Several processes serve the site; with ``REDIS_URL`` set they share Redis, so
whatever one worker caches or counts, every worker sees. Nothing here keeps
state in a process's own memory.

Two kinds of entries:

- **Content entries** (site settings and menu, the moon-sighting table,
  the category tree, list totals, archive months…) hold what is computed from
  the content. Their keys (or, for a *stamped* entry, their values) carry the
  *content generation*, one counter bumped whenever an editor or a moderator
  changes what readers see (``bump_on_change`` connects a model's saves and
  deletions to it): every content entry is fresh at once, in every process.
  Each value also carries the moment the schedule next changes by itself
  what it depends on (a scheduled publication, ``Schedule``): it is not read
  past it, and no read writes anything to make it so.
- **Counters and locks** (comment rate limits, the moderators' mail batch)
  live for their own time, whatever the content does.

Some changes are narrower than "the content": a moderator's decision changes
one article's comments, a publication one article and the lists it enters.
What shows such a thing says so: a *dependency* (``article_comments(pk)``,
``article(pk)``, ``category_articles(pk)``, ``tag_articles(pk)``, one list
of an edition, ``listed(edition, kind, key)``, and ``LISTS`` for the lists
that say no narrower one), a counter of its own that the change moves
(``touch``) instead of the generation. A content entry keeps, beside its
value, the dependencies' counters as they were when it was made (``LISTS``,
unless its ``depends`` says otherwise), and is stale once one of them has
moved; a whole page (``PAGES``) depends on what the request drew
(``depends_on``), and on ``LISTS`` unless its view says it shows only what
it drew (``shows_only_what_it_drew``: an article page, a list page that
names its list). A kept page leaves the sidebar's counted tree as a hole
(``HOLE``), filled at each serving, so that a publication leaves the other
articles' pages and the other lists' pages kept.
What each change touches is said in one function per kind of change
(``comments.services.shown_comments_changed``,
``articles.services.article_shown_changed``; any other change bumps the
generation), and a truth table in the tests holds it.

Content entries (and the generation) can always be made again, so Redis may
evict them; counters and locks must not be. With ``PAGE_CACHE_REDIS_URL``
set, content entries live in a Redis of their own (the ``content`` cache,
with its own memory limit), and a flood of pages can never push out a rate
limit or a lock (docs/deploy.md); without it, both kinds share one.

A new cached thing gets an ``Entry`` here, never a key of its own elsewhere.

Within one request the generation, and the content entries already read, are
remembered (``request_memo``): a page that formats 300 dates asks Redis for
the moon-sighting table once, not 300 times. The memo starts empty with each
request and is dropped when it ends: nothing is kept from one request to the
next, so every worker still follows the shared generation.
"""

import datetime
import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, transaction
from django.utils import timezone

from core import conf, i18n

GENERATION_KEY = "cms:generation"
DEPENDENCIES = "dependencies"  # the request memo's set of what it drew
ONLY_WHAT_IT_DREW = "only-what-it-drew"  # the page shows no list (its view says)
SHOWS = "shows"  # (SHOWS, key) in the memo: what a value read ahead depends on
_MISSING = object()  # not in the cache
_UNREAD = object()  # not asked yet in this request
# ``Entry.depends`` of a value that depends on what the request drew.
DRAWN = "drawn"


# The stored form of content values (``Kept``), in their keys: a release that
# changes the form changes this, so that two releases side by side (a rolling
# deploy, a rollback) never read each other's values; moving its class to another
# module changes the form too (4: cms.cache became core.cache; 5: pages with a
# hole, ``KeptPage``).
FORMAT = 5


class Kept(NamedTuple):
    """A content value as stored, with what it was made with (``_read``)."""

    stamp: int | None  # the generation, for a stamped entry
    counters: tuple  # ((dependency, counter), …)
    summaries: tuple  # ((summary, counter), …): of the counters' kinds
    until: float | None  # the schedule's next moment (a timestamp)
    value: object


@dataclass(frozen=True)
class Entry:
    """A kind of cached value: its name and lifetime (seconds, or a setting)."""

    name: str
    seconds: int | str
    content: bool = True  # of the content generation
    # A content entry whose value, not its key, carries the generation: it is
    # read in the same round trip as the generation itself (``prefetch``), and
    # a newer value replaces an older one instead of waiting beside it for its
    # lifetime. For what a request reads before anything else (whole pages,
    # and what every page's frame shows).
    stamped: bool = False
    # What a value depends on besides the generation: a function of the
    # entry's parts returning dependencies, or ``DRAWN`` (whatever the
    # request drew before storing it: a whole page). ``None``: the lists
    # (``LISTS``), as anything that shows articles.
    depends: object = None

    @property
    def lifetime(self):
        """Seconds; a setting's name is read when the value is stored."""
        return conf.get(self.seconds) if isinstance(self.seconds, str) else self.seconds


def article_comments(pk):
    """The dependency on article ``pk``'s approved comments: its thread, and
    its count wherever a card shows it."""
    return ("comments", pk)


def article(pk):
    """The dependency on what article ``pk`` itself shows: its page, its
    cards, and the pages that link to it as their translation."""
    return ("article", pk)


def article_formats(pk):
    """The dependency on the other forms article ``pk`` is offered in (its
    PDF, ``core.formats``): the feeds that enclose them."""
    return ("formats", pk)


def category_articles(pk):
    """The dependency on which articles category ``pk`` holds: the pages of
    its articles show the previous and the next, and related ones."""
    return ("category", pk)


def tag_articles(pk):
    """The dependency on which articles carry tag ``pk``: the pages of the
    articles that carry it show related ones."""
    return ("tag", pk)


def listed(edition, kind, key=None):
    """The dependency on which articles one list of edition ``edition``
    (``core.i18n.edition_of``) shows: ``kind`` ``"edition"`` (its home,
    feeds and the sidebar's counts), ``"section"`` (``key``: a category's
    path; its articles and its sub-categories'), ``"author"``, ``"office"``,
    ``"tag"`` (``key``: a primary key), ``"archive"`` (its months, in both
    calendars), ``"breaking"`` (its breaking-news banner, on every page).
    What a publication touches of them is said in
    ``articles.services.lists_showing``."""
    return ("listed", edition, kind, key)


# Every list of articles that says no narrower one (``listed``): search,
# sitemaps, the API's lists, the desk's figures. Every change to an article
# touches it. A content entry depends on it unless it says otherwise
# (``Entry.depends``), and so does a whole page unless its view says it shows
# only what it drew (``shows_only_what_it_drew``).
LISTS = ("lists",)


def summary_of(dependency):
    """The dependency every one of its kind touches too: ``("comments",)``
    for ``("comments", pk)``. A value none of whose kinds has moved since it
    was kept is fresh without reading its own counters, a page from the
    cache then costs one round trip (``SUMMARIES``)."""
    return dependency[:1]


# Any article's comments (the desk's figures depend on it).
ANY_COMMENTS = summary_of(article_comments(0))
# Every kind of dependency's summary: read with every kept page, in its trip.
SUMMARIES = (
    ANY_COMMENTS,
    summary_of(article(0)),
    summary_of(category_articles(0)),
    summary_of(tag_articles(0)),
    summary_of(listed("all", "edition")),
    LISTS,
)


def nothing_but_the_generation(*parts):
    """``Entry.depends`` of what no article shows (site settings, menus,
    the static pages): changed only by the changes that bump the generation."""
    return ()


# Content entries. Those stamped are read by every page (its frame,
# ``register_frame``).
SITE = Entry("site", 60 * 60, stamped=True, depends=nothing_but_the_generation)
HIJRI_ADJUSTMENTS = Entry(
    "hijri-adjustments",
    "CMS_HIJRI_CACHE_SECONDS",
    stamped=True,
    depends=nothing_but_the_generation,
)
# Counting a large archive costs more than a page (bench/notes.md): totals, and
# the live category tree with its counts, are kept until the content changes,
# by an editor or by the schedule (``store`` never keeps a content entry past
# the next scheduled change), ten minutes at most.
CATEGORY_TREE = Entry(
    "category-tree",
    10 * 60,
    stamped=True,
    depends=lambda edition, *_: [listed(edition, "edition")],
)
# The breaking news across the top of every page of an edition (``None``:
# none): kept until one is marked, unmarked or published, or its time ends
# (the schedule).
BREAKING = Entry(
    "breaking",
    10 * 60,
    stamped=True,
    depends=lambda edition: [listed(edition, "breaking")],
)
# A list's total, under a key naming the list and with the dependency of
# what it lists (``listed``, or ``LISTS``).
LIST_TOTAL = Entry("list-total", 10 * 60, depends=lambda _, shows=LISTS: [shows])
# Published articles per month of each calendar, per edition: the archive
# pages and their links read these instead of counting.
ARCHIVE_MONTHS = Entry(
    "archive-months",
    10 * 60,
    depends=lambda edition, *_: [listed(edition, "archive")],
)
# What an article page links to: related articles, and the previous and next
# in its category.
ARTICLE_NEIGHBOURS = Entry(
    "article-neighbours",
    10 * 60,
    depends=lambda pk, edition, category, tags: [
        article(pk),
        category_articles(category),
        *map(tag_articles, tags),
    ],
)
# The live categories without their counts (an article's trail, the menu).
CATEGORY_OUTLINE = Entry(
    "category-outline", 10 * 60, depends=nothing_but_the_generation
)
# An article's cards in lists, rendered (per language and digits preference:
# ``{(heading, variant): html}``, so that a page reads every variant at once).
ARTICLE_CARD = Entry(
    "article-card",
    10 * 60,
    depends=lambda pk, *_: [article(pk), article_comments(pk)],
)
# An article's approved comments, rendered (per language, digits preference,
# and whether comments are open): a long thread costs more than the page.
COMMENT_THREAD = Entry(
    "comment-thread",
    10 * 60,
    depends=lambda pk, *_: [article(pk), article_comments(pk)],
)
# Pieces of the frame every page shares (the category tree, the footer),
# rendered, through ``{% kept %}``.
FRAGMENT = Entry(
    "fragment",
    10 * 60,
    stamped=True,
    depends=lambda name, language, *_: (
        [listed(i18n.edition_of(language), "edition")]
        if name == HOLE[0]
        else [LISTS]
        if name in SHOWING_ARTICLES
        else []
    ),
)
# Whole pages for anonymous readers (core.page_cache), and when the content
# next changes by itself (a scheduled publication or unpublication).
PAGES = Entry("page", "CMS_PAGE_CACHE_SECONDS", stamped=True, depends=DRAWN)
NEXT_CHANGE = Entry("next-change", 5 * 60, stamped=True)
# The editors' home sections, and the static pages the footer and menu list.
HOME_SECTIONS = Entry("home-sections", 60 * 60, depends=nothing_but_the_generation)
# Which articles the top of the home shows (lead, featured, section blocks),
# as ids, per edition: choosing them is the home's costliest query.
HOME_LAYOUT = Entry(
    "home-layout", 10 * 60, depends=lambda edition: [listed(edition, "edition")]
)
PAGE_LINKS = Entry(
    "page-links", 60 * 60, stamped=True, depends=nothing_but_the_generation
)
# A search's ranked article ids: paging through the results searches once.
SEARCH_RESULTS = Entry("search-results", 10 * 60)
# The sitemaps: which category, author, office and tag pages each edition
# has (with their newest article), and the articles' newest change. Crawlers
# come seldom and a sitemap may be a few minutes behind a scheduled article.
SITEMAP = Entry("sitemap", 10 * 60)
# The figures of the desk's dashboard (charts, counts): briefly, so that a
# busy desk does not count the archive at every visit to the admin's front page.
DASHBOARD = Entry("dashboard", 60, depends=lambda *_: [ANY_COMMENTS, LISTS])
# The size of a stored file (a feed's enclosure): on a bucket each is a request.
STORED_SIZE = Entry("stored-size", 24 * 60 * 60, content=False)
# Counters and locks.
# A content change in the last few seconds: readers' pages then read the
# primary database, not a replica that may not have it yet (core.db_router).
RECENT_CHANGE = Entry("recent-change", "CMS_REPLICA_LAG_SECONDS", content=False)
COMMENT_RATE = Entry("comment-rate", "COMMENTS_RATE_LIMIT_SECONDS", content=False)
NOTIFY_LOCK = Entry("notify-lock", 60, content=False)
# A job to tell the moderators about new comments is queued: no other is
# (comments.services); for an hour at most, should its worker never start it.
NOTIFY_QUEUED = Entry("notify-queued", 60 * 60, content=False)
# Requests to subscribe from one client, and a mail to one address lately
# (mailing.services).
MAILING_ASKS = Entry("mailing-asks", "COMMENTS_RATE_LIMIT_SECONDS", content=False)
MAILING_ASKED = Entry("mailing-asked", "MAILING_ASK_SECONDS", content=False)
# The daily digest's next job is queued (mailing.digests).
DIGEST_QUEUED = Entry("digest-queued", 25 * 60 * 60, content=False)
# Posts a Telegram channel was sent in one minute (delivery.sending).
TELEGRAM_SENDS = Entry("telegram-sends", 2 * 60, content=False)
# After a failed mail (any: core.outbox), no other try (and no other logged
# error) for this long.
MAIL_BACKOFF = Entry("mail-backoff", "COMMENTS_MAIL_BACKOFF_SECONDS", content=False)
# A kind of server error the administrators were mailed about: not again
# for this long.
ERROR_MAIL = Entry("error-mail", "CMS_ERROR_MAIL_SECONDS", content=False)


def backend(entry=None):
    """The cache ``entry`` lives in: content entries (and the generation,
    ``entry=None``) in the ``content`` cache when there is one, counters and
    locks always in the default cache (see the module)."""
    content = entry is None or entry.content
    return caches["content" if content and "content" in settings.CACHES else "default"]


# The pieces ``{% kept %}`` keeps, by name: a template and the frame's
# prefetch (``register_frame``) name one of these, or fail at once.
FRAGMENTS = frozenset(
    {
        "brand",
        "category-tree",
        "comment-form-fields",
        "footer",
        "main-menu",
        "search-filters",
    }
)

# Those that show articles (counts, lists): they depend on the lists.
SHOWING_ARTICLES = frozenset({"category-tree", "search-filters"})
# The one piece a kept page leaves as a hole, filled at each serving from
# what is kept of it then (``hole``): the sidebar's tree with the edition's
# counts, which every publication in it changes. The same on every page: the
# link to the page being read is marked where it is drawn
# (``core.page_cache.marked_current``).
HOLE = ("category-tree",)


def fragment(name, language, digits, *parts):
    """``(FRAGMENT, …)``: what ``{% kept name part… %}`` keeps for a reader of
    ``language`` with ``digits`` (a part that is a model instance counts by
    its primary key; a missing one is ``None``). ``name`` is one of
    ``FRAGMENTS``: a name written differently would miss what was kept."""
    if name not in FRAGMENTS:
        raise KeyError(f"No kept fragment is named {name!r} (core.cache.FRAGMENTS).")
    return (FRAGMENT, name, language, digits, *(getattr(p, "pk", p) for p in parts))


HOLE_LEFT = "hole-left"  # the request memo's markup of the hole its page leaves


def leaves_hole(name, parts):
    """Whether ``{% kept name part… %}`` is the hole a kept page leaves."""
    return (name, *parts) == HOLE


def hole(language, digits):
    """``(FRAGMENT, …)``: what fills the hole of a kept page in ``language``
    for a reader with ``digits``."""
    return fragment(*HOLE[:1], language, digits, *HOLE[1:])


def leave_hole(markup):
    """Say that the page being drawn holds ``markup`` as its hole."""
    memo = request_memo()
    if memo is not None:
        memo[HOLE_LEFT] = markup


def hole_left():
    """The markup of the hole the page being drawn holds, or ``None``."""
    memo = request_memo()
    return None if memo is None else memo.get(HOLE_LEFT)


# This request's memo: the generation it started with and the content entries
# it has read (by key). ``None`` outside a request: nothing is remembered.
_memo: ContextVar[dict | None] = ContextVar("cms_cache_memo", default=None)


def start_request_memo(**kwargs):
    """An empty memo for the request that starts (a signal receiver)."""
    _memo.set({})


def end_request_memo(**kwargs):
    """Forget the request's memo (a signal receiver)."""
    _memo.set(None)


request_started.connect(start_request_memo, dispatch_uid="cms-cache-memo-start")
request_finished.connect(end_request_memo, dispatch_uid="cms-cache-memo-end")


def request_memo():
    """The current request's memo, or ``None`` outside a request."""
    return _memo.get()


def for_this_request(name, make):
    """What this request keeps under ``name`` for itself (made by ``make()``
    the first time; again after a content change), in its memo: nothing
    kept on the request object, nothing past the request."""
    memo = request_memo()
    if memo is None:
        return make()
    marker = ("request", name)
    if marker not in memo:
        memo[marker] = make()
    return memo[marker]


def generation():
    """The content generation: a number that grows at every content change.

    Read once per request: every content entry a page reads or stores is then
    of the same generation.
    """
    memo = request_memo()
    if memo is not None and GENERATION_KEY in memo:
        return memo[GENERATION_KEY]
    value = backend().get(GENERATION_KEY)
    if value is None:
        # Start from the clock, so that a generation lost from the cache
        # never comes back lower than one already used in a key.
        backend().add(GENERATION_KEY, time.time_ns() // 1000, None)  # microseconds
        value = backend().get(GENERATION_KEY)
    if memo is not None:
        memo[GENERATION_KEY] = value
    return value


def bump(**kwargs):
    """Make every content entry fresh (also a signal receiver)."""
    try:
        value = backend().incr(GENERATION_KEY)
    except ValueError:  # no generation yet: start one
        generation()
        value = backend().incr(GENERATION_KEY)
    _read_again(value)
    _mark_recent_change()


def _read_again(generation_value=None):
    """Forget what this request read before a change (stale now), but not what
    it drew, nor those counters as it read them: a page drawn before the
    change and kept after it is then stale, as it must be. ``generation_value``:
    the generation after the change, when it moved."""
    memo = request_memo()
    if memo is None:
        return
    drawn = memo.get(DEPENDENCIES, set())
    kept = {
        k: memo[k]
        for k in (
            GENERATION_KEY,
            DEPENDENCIES,
            ONLY_WHAT_IT_DREW,
            HOLE_LEFT,
            *map(dependency_key, drawn),
        )
        if k in memo
    }
    if generation_value is not None:
        kept[GENERATION_KEY] = generation_value
    memo.clear()
    memo.update(kept)


def _mark_recent_change():
    lag = RECENT_CHANGE.lifetime
    if lag > 0:
        backend(RECENT_CHANGE).set(key(RECENT_CHANGE), 1, lag)


def dependency_key(dependency):
    return "cms:dependency:" + ":".join(str(part) for part in dependency)


def touch(*dependencies):
    """Make what depends on ``dependencies`` fresh, and nothing else.

    Each dependency's counter moves on, and its kind's (``summary_of``); one
    lost from the cache starts again from the clock (as the generation does),
    never at a value already kept.
    """
    counters = backend()
    for dependency in {*dependencies, *map(summary_of, dependencies)}:
        counter = dependency_key(dependency)
        try:
            counters.incr(counter)
        except ValueError:  # not counted yet, or evicted
            if not counters.add(counter, time.time_ns() // 1000, None):
                counters.incr(counter)  # another process started it meanwhile
    _read_again()
    _mark_recent_change()


def touch_now_and_on_commit(*dependencies, using=None):
    """``touch`` now and again once the transaction commits (as
    ``bump_now_and_on_commit``: what was drawn in between read the old)."""
    touch(*dependencies)
    transaction.on_commit(lambda: touch(*dependencies), using=using)


def depends_on(*dependencies):
    """Say that what this request draws shows ``dependencies``: a page kept
    from it is stale once one of them is touched."""
    memo = request_memo()
    if memo is not None:
        memo.setdefault(DEPENDENCIES, set()).update(dependencies)
        # Their counters (and their kinds') now, before what they guard is
        # read from the database: a change made meanwhile makes the page stale.
        _dependency_counters([*dependencies, *map(summary_of, dependencies)])


def _dependency_counters(dependencies):
    """``{dependency: counter or None}`` now, read once per request."""
    memo = request_memo()
    keys = {dependency: dependency_key(dependency) for dependency in dependencies}
    unread = [k for k in keys.values() if memo is None or k not in memo]
    if unread:
        found = backend().get_many(unread)
        values = {k: found.get(k) for k in unread}
        if memo is not None:
            memo.update(values)
    else:
        values = {}
    return {
        dependency: values[k] if k in values else memo[k]
        for dependency, k in keys.items()
    }


def bump_now_and_on_commit(sender=None, using=None, **kwargs):
    """Bump the generation now and again once the transaction commits.

    A page computed in between read the content as it was (the change is not
    committed yet, or not yet on a replica): it must not be kept under the
    new generation.
    """
    bump()
    transaction.on_commit(bump, using=using)


def changed_recently():
    """Whether the content changed in the last ``CMS_REPLICA_LAG_SECONDS``."""
    return held(RECENT_CHANGE)


def bump_on_change(*models):
    """Bump the generation when a row of ``models`` ("app.Model") changes."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                bump_now_and_on_commit,
                sender=model,
                dispatch_uid=f"cms-cache-{model}",
            )


def key(entry, *parts):
    """The cache key of ``entry`` for ``parts`` (what distinguishes values)."""
    scope = f"{generation()}:" if entry.content and not entry.stamped else ""
    form = f"{FORMAT}:" if entry.content else ""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"cms:{entry.name}:{form}{scope}{digest}"


def remember(entry, *parts, compute):
    """The value of ``entry`` for ``parts``; ``compute()`` makes it when missing.

    Within a request a content entry is read from the cache once (the memo).
    """
    cache_key = key(entry, *parts)
    memo = request_memo() if entry.content else None
    value = _UNREAD if memo is None else _from_memo(memo, cache_key)
    stored = _MISSING
    if value is _UNREAD:
        stored = backend(entry).get(cache_key, _MISSING)
        value = _read(entry, stored)
    if value is _MISSING:
        counters = _counters_of(entry, parts)  # before it is computed
        value = compute()
        store(entry, *parts, value=value, counters=counters)  # into the memo too
    elif memo is not None and GENERATION_KEY in memo:
        memo[cache_key] = value
        _note_shows(memo, cache_key, entry, stored)
    return value


def store(entry, *parts, value, counters=None):
    """Keep ``value`` for the entry's lifetime; a content entry is never read
    past the next change the schedule makes by itself to what it depends on
    (``Schedule.until``), and carries what it was made with: the generation
    (stamped), its dependencies' ``counters`` (read before the value was
    computed; by default, as this request first read them: ``_counters_of``),
    that moment. The request then reads it from its memo."""
    lifetime = entry.lifetime
    until = None
    specific = summaries = {}
    if entry.content:
        specific, summaries = counters or _counters_of(entry, parts)
        try:
            until = (
                value.until(None)
                if entry is NEXT_CHANGE
                else schedule().until(specific)
            )
        except DatabaseError:
            # The schedule cannot be read (the database is away): what is
            # kept now could outlive a scheduled change, so nothing is.
            lifetime = 0
        if until is not None:
            lifetime = min(lifetime, until - timezone.now().timestamp())
    cache_key = key(entry, *parts)
    if lifetime > 0:
        if entry.content:
            stamp = generation() if entry.stamped else None
            stored = Kept(
                stamp, tuple(specific.items()), tuple(summaries.items()), until, value
            )
        else:
            stored = value
        backend(entry).set(cache_key, stored, lifetime)
    memo = request_memo() if entry.content else None
    if memo is not None and GENERATION_KEY in memo:
        memo[cache_key] = value
        if entry.depends != DRAWN:
            memo[(SHOWS, cache_key)] = tuple(_dependencies_of(entry, parts))


def _dependencies_of(entry, parts):
    if not entry.content:
        return ()
    if entry.depends is None:
        return [LISTS]
    if entry.depends == DRAWN:
        memo = request_memo()
        if not memo:
            return [LISTS]
        drawn = set(memo.get(DEPENDENCIES, ()))
        if not memo.get(ONLY_WHAT_IT_DREW):
            drawn.add(LISTS)
        return sorted(drawn, key=repr)
    return entry.depends(*parts)


def shows_only_what_it_drew():
    """Say that the page this request draws shows no list of articles: only
    what it said it shows (``depends_on``) and what the entries it read
    depend on. A page that does not say so depends on the lists too
    (``LISTS``), as every list, feed and count does."""
    memo = request_memo()
    if memo is not None:
        memo[ONLY_WHAT_IT_DREW] = True


@contextmanager
def apart():
    """Read or draw something that is not part of the page being drawn (the
    hole a kept page leaves, ``HOLE``): what it depends on is not the page's."""
    memo = request_memo()
    drawn = set(memo.get(DEPENDENCIES, ())) if memo is not None else None
    try:
        yield
    finally:
        if memo is not None:
            memo[DEPENDENCIES] = drawn


def _counters_of(entry, parts):
    """``({dependency: counter}, {summary: counter})`` of what a value of
    ``entry`` depends on, read together; reading them also says the request
    draws them (``depends_on``)."""
    dependencies = _dependencies_of(entry, parts)
    if not dependencies:
        return {}, {}
    depends_on(*dependencies)
    kinds = {summary_of(dependency) for dependency in dependencies}
    found = _dependency_counters([*dependencies, *kinds])
    return {d: found[d] for d in dependencies}, {k: found[k] for k in kinds}


def _read(entry, stored, *, draw=True):
    """The value in what the cache returned for ``entry`` (``_MISSING`` when
    nothing; for a content entry, also when it is of an older generation, a
    dependency it was made with has changed since, or the schedule's moment
    it was made before has come)."""
    if stored is _MISSING or not entry.content:
        return stored
    stamp, counters, summaries, until, value = stored
    if entry.stamped and stamp != generation():
        return _MISSING
    if until is not None and timezone.now().timestamp() >= until:
        return _MISSING
    if counters and not _unchanged(summaries) and not _unchanged(counters):
        return _MISSING
    if draw and counters and entry.depends != DRAWN:
        # A page that shows it shows them (a whole page is not drawn into another).
        depends_on(*(dependency for dependency, _ in counters))
    return value


def _unchanged(counters):
    """Whether every ``(dependency, counter)`` of ``counters`` holds still."""
    now = _dependency_counters([dependency for dependency, _ in counters])
    return all(now[dependency] == counter for dependency, counter in counters)


def fetch(entry, *parts):
    """The stored value of ``entry`` for ``parts``, or ``None``."""
    cache_key = key(entry, *parts)
    memo = request_memo()
    value = _UNREAD if memo is None else _from_memo(memo, cache_key)
    if value is _UNREAD:
        value = _read(entry, backend(entry).get(cache_key, _MISSING))
    return None if value is _MISSING else value


def _note_shows(memo, cache_key, entry, stored):
    """Remember in ``memo`` what the value ``stored`` under ``cache_key``
    depends on, for ``_from_memo`` to draw whenever the request uses it."""
    if (
        entry.content
        and entry.depends != DRAWN
        and stored is not _MISSING
        and stored.counters
    ):
        memo[(SHOWS, cache_key)] = tuple(
            dependency for dependency, _ in stored.counters
        )


def _from_memo(memo, cache_key):
    """The value the request read or stored under ``cache_key`` (``_UNREAD``
    when none): using it draws what it depends on, as reading it would."""
    value = memo.get(cache_key, _UNREAD)
    shows = memo.get((SHOWS, cache_key))
    if shows and value is not _UNREAD and value is not _MISSING:
        depends_on(*shows)
    return value


def prefetch_once(name, wanted):
    """``prefetch(*wanted())`` the first time ``name`` is asked in this request
    (again after a content change, which empties the memo)."""
    memo = request_memo()
    marker = ("prefetched", name)
    if memo is None or marker in memo:
        return
    prefetch(*wanted())
    memo[marker] = True


def prefetch(*wanted):
    """Read the content entries ``wanted`` (``(entry, *parts)`` each) in one
    round trip into this request's memo, with the counters of what they
    depend on; ``remember`` and ``fetch`` then find them there. What is not
    stored is read as usual."""
    memo = request_memo()
    if memo is None:
        return
    # The generation comes in the same round trip when no key needs it.
    with_generation = GENERATION_KEY not in memo and all(
        entry.stamped or not entry.content for entry, *_ in wanted
    )
    entries = {key(entry, *parts): (entry, parts) for entry, *parts in wanted}
    unread = [k for k in entries if k not in memo]
    if not unread:
        return
    dependencies = {
        dependency
        for k in unread
        if entries[k][0].depends != DRAWN
        for dependency in _dependencies_of(*entries[k])
    }
    if any(entries[k][0].depends == DRAWN for k in unread):
        dependencies.update(SUMMARIES)  # a kept page's, most often enough
    dependencies.update({summary_of(dependency) for dependency in dependencies})
    counters = set(map(dependency_key, dependencies)) - memo.keys()
    asked = [*unread, *counters]
    found = backend().get_many([*asked, GENERATION_KEY] if with_generation else asked)
    if found.get(GENERATION_KEY) is not None:
        memo[GENERATION_KEY] = found[GENERATION_KEY]
    memo.update({k: found.get(k) for k in counters})
    # What is not stored is remembered as such: no second round trip. Read
    # ahead is not drawn: what it shows is drawn when the request uses it.
    for k in unread:
        entry, stored = entries[k][0], found.get(k, _MISSING)
        memo[k] = _read(entry, stored, draw=False)
        if memo[k] is not _MISSING:
            _note_shows(memo, k, entry, stored)


# What every page's frame reads (the site settings, the moon-sighting table,
# the sidebar's category tree, the footer…): each app names its own entries,
# and a page that is drawn asks for all of them, with the generation and the
# schedule's next change, in one round trip instead of one each.
_frames = []


def register_frame(entries):
    """``entries(language, digits)`` returns the ``(entry, *parts)`` every page
    in ``language`` for a reader with ``digits`` (``core.reader.reader_variant``)
    reads; each entry stamped, so that the generation comes with them."""
    if entries not in _frames:
        _frames.append(entries)


def prefetch_frame(language, digits):
    """Read the frame of a page in ``language`` (and the schedule's next
    change) into this request's memo, in one round trip."""
    frame = [wanted for entries in _frames for wanted in entries(language, digits)]
    prefetch((NEXT_CHANGE,), *frame)


# The content changes by itself when a scheduled time comes: each app says
# which such changes are coming and what each touches (``register_schedule``),
# and no content entry is kept past the first that touches what it depends on.
_schedules = []
# How far ahead the schedule is read: nothing is kept past its end.
SCHEDULE_HORIZON = 60 * 60


class Schedule(NamedTuple):
    """The changes the schedule makes by itself until ``horizon`` (a
    timestamp): ``moments``, ``((timestamp, dependencies it touches), …)`` in
    time order."""

    moments: tuple
    horizon: float

    def until(self, dependencies):
        """When a value depending on ``dependencies`` is stale by itself: the
        first moment that touches one of them, else the horizon's end (at
        most); ``None`` for a value that depends on nothing the schedule
        changes. ``None`` for ``dependencies``: the first moment of all."""
        if dependencies is not None and not dependencies:
            return None
        for moment, touched in self.moments:
            if dependencies is None or not set(touched).isdisjoint(dependencies):
                return moment
        return self.horizon


def register_schedule(changes):
    """``changes(until)`` returns ``[(moment, dependencies)]``: each aware
    datetime up to ``until`` at which what readers see changes by itself,
    with what that change touches (as a change an editor makes would)."""
    if changes not in _schedules:
        _schedules.append(changes)


def seconds_to_scheduled_change():
    """Seconds until the next scheduled change (at least 1), ``None`` when
    nothing is scheduled."""
    moment = scheduled_moment()
    if moment is None:
        return None
    return max(1, int(moment - timezone.now().timestamp()))


def scheduled_moment():
    """When (a timestamp) the content next changes by itself, or ``None``
    (within the schedule's horizon)."""
    moments = schedule().moments
    return moments[0][0] if moments else None


def schedule():
    """The ``Schedule`` of the coming hour (``SCHEDULE_HORIZON``).

    Read once per request. Kept until its first moment, and read from the
    database again once it has come: what was kept before it and depends on
    what it touches is then stale by itself (``_read``), with nothing
    written.
    """

    def read():
        horizon = timezone.now() + datetime.timedelta(seconds=SCHEDULE_HORIZON)
        moments = sorted(
            (moment.timestamp(), tuple(touched))
            for changes in _schedules
            for moment, touched in changes(horizon)
        )
        return Schedule(tuple(moments), horizon.timestamp())

    # What a value is kept until, not what it shows: no page depends on it.
    with apart():
        return remember(NEXT_CHANGE, compute=read)


def count(entry, *parts):
    """Add one to a counter that lives for the entry's lifetime from its first use."""
    cache_key = key(entry, *parts)
    if backend(entry).add(cache_key, 1, entry.lifetime):
        return 1
    try:
        return backend(entry).incr(cache_key)
    except ValueError:  # expired between add() and incr()
        backend(entry).set(cache_key, 1, entry.lifetime)
        return 1


def acquire(entry, *parts):
    """Take a lock for the entry's lifetime; ``False`` when another holds it."""
    return backend(entry).add(key(entry, *parts), 1, entry.lifetime)


def release(entry, *parts):
    backend(entry).delete(key(entry, *parts))


def held(entry, *parts):
    """Whether a lock taken with ``acquire`` is still held."""
    return backend(entry).get(key(entry, *parts)) is not None


def ping():
    """Whether the shared cache (both, with a ``content`` cache of its own)
    stores and returns a value now."""
    probe = f"cms:ping:{time.time_ns()}"
    for store in {backend(), backend(RECENT_CHANGE)}:
        try:
            store.set(probe, 1, 10)
            found = store.get(probe) == 1
            store.delete(probe)
        except Exception:  # the backend's own connection errors
            return False
        if not found:
            return False
    return True
