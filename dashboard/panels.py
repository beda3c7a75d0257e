"""The dashboard's panels: who sees which, and their figures.

Editors see what the desk publishes (per month in both calendars, drafts,
the drafts waiting for review and for how long, what is scheduled this week,
reference numbers this Hijri year) and who
subscribed by email; authors their own drafts; moderators the queue and their
decisions. Figures come from the apps' selectors, each in one aggregate query,
and are kept in the cache for the lifetime of ``core.cache.DASHBOARD``, fresh
at once after any content change (the subscribers' figures: at the end of that
lifetime).
"""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles import permissions
from articles import selectors as articles
from articles.models import Article, Category, review_conditions
from comments import selectors as comments
from comments.models import Status
from core import cache, hijri
from core.i18n import Language
from dashboard import charts
from delivery.models import Channel, Delivery, Endpoint
from jobs import queue
from mailing.models import Subscriber

MONTHS = 12
SCHEDULED_DAYS = 7
SCHEDULED_SHOWN = 10
DECISION_DAYS = 30
FAILURE_DAYS = 7
FAILURES_SHOWN = 10
REASON_SHOWN = 200
SECTIONS_SHOWN = 10
EDITION_FIGURES = ("confirmed", "pending", "at_once", "daily", "every_section")
DECISION_SERIES = {
    Status.APPROVED: "approved",
    Status.REJECTED: "rejected",
    Status.SPAM: "spam",
}


# Who sees what: one small function per role (the lead points them to the
# permissions module at merge).


def is_author(user):
    return getattr(user, "author_profile", None) is not None


# Figures (raw, cached; language-free) ------------------------------------------


def editor_figures():
    """Counts per month in both calendars, drafts and the review's queue,
    this week's schedule and this Hijri year's reference numbers (five
    queries when not cached)."""
    today = hijri.today()

    def compute():
        hijri_months = hijri.last_hijri_months(MONTHS, today)
        gregorian_months = hijri.last_gregorian_months(MONTHS, today)
        year = hijri.to_hijri(today).year
        week_end = timezone.now() + datetime.timedelta(days=SCHEDULED_DAYS)
        return {
            "hijri_months": _counted(hijri_months),
            "gregorian_months": _counted(gregorian_months),
            **drafts_and_review(),
            "scheduled": articles.scheduled_before(week_end, limit=SCHEDULED_SHOWN + 1),
            "hijri_year": year,
            "references": articles.references_per_office(year),
        }

    return cache.remember(cache.DASHBOARD, "editors", today, compute=compute)


def drafts_and_review():
    """The drafts, those waiting for review and the oldest request for review,
    in one query of the drafts' own index (``article_review_idx``)."""
    waiting = review_conditions()[Article.Review.IN_REVIEW]
    return (
        Article.objects.drafts()
        .order_by()
        .aggregate(
            drafts=Count("pk"),
            in_review=Count("pk", filter=waiting),
            oldest_review=Min("review_requested_at", filter=waiting),
        )
    )


def _counted(months):
    counts = articles.issued_per_period([month.bounds() for month in months])
    return list(zip(months, counts, strict=True))


def subscriber_figures():
    """Per edition, the confirmed and pending subscribers, how the confirmed
    get the statements and how many chose no section; the sections the
    confirmed chose most; unsubscribes per month in both calendars (three
    queries when not cached).

    Kept in ``DASHBOARD``, whose dependencies a subscriber's change does not
    touch: the figures may lag behind by the entry's lifetime (a minute),
    which is enough for an overview.
    """
    today = hijri.today()

    def compute():
        return {
            "editions": _subscribers_per_edition(),
            "sections": _sections_chosen(),
            **_unsubscribed_per_month(
                hijri.last_hijri_months(MONTHS, today),
                hijri.last_gregorian_months(MONTHS, today),
            ),
        }

    return cache.remember(cache.DASHBOARD, "subscribers", today, compute=compute)


def _subscribers_per_edition():
    """``{language: {figure: n}}`` for every edition (``EDITION_FIGURES``;
    ``at_once``, ``daily`` and ``every_section`` count confirmed subscribers)."""
    confirmed = Q(state=Subscriber.State.CONFIRMED)
    chose = Exists(
        Subscriber.sections.through.objects.filter(subscriber=OuterRef("pk"))
    )
    rows = (
        Subscriber.objects.order_by()
        .values("language")
        .annotate(
            confirmed=Count("pk", filter=confirmed),
            pending=Count("pk", filter=Q(state=Subscriber.State.PENDING)),
            at_once=Count(
                "pk", filter=confirmed & Q(frequency=Subscriber.Frequency.AT_ONCE)
            ),
            daily=Count(
                "pk", filter=confirmed & Q(frequency=Subscriber.Frequency.DAILY)
            ),
            every_section=Count("pk", filter=confirmed & ~Q(chose)),
        )
    )
    found = {row.pop("language"): row for row in rows}
    return {
        language: found.get(language, dict.fromkeys(EDITION_FIGURES, 0))
        for language in Language.values
    }


def _sections_chosen():
    """``[(category, confirmed subscribers)]``, the most chosen first."""
    categories = (
        Category.objects.filter(subscriber__state=Subscriber.State.CONFIRMED)
        .annotate(subscribers=Count("subscriber"))
        .order_by("-subscribers", "path")[:SECTIONS_SHOWN]
    )
    return [(category, category.subscribers) for category in categories]


def _unsubscribed_per_month(hijri_months, gregorian_months):
    """Unsubscribes in each month of both lists, from one query of the local
    days they fall on (months of both calendars are made of whole days)."""
    first = min(hijri_months[0].first_day, gregorian_months[0].first_day)
    end = max(hijri_months[-1].next_first_day, gregorian_months[-1].next_first_day)
    start, stop = hijri.day_range(first, end)
    by_day = dict(
        Subscriber.objects.filter(unsubscribed_at__gte=start, unsubscribed_at__lt=stop)
        .annotate(day=TruncDate("unsubscribed_at", tzinfo=hijri.site_time_zone()))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_hijri = hijri.count_by_hijri_month(by_day)
    by_gregorian = {}
    for day, n in by_day.items():
        key = (day.year, day.month)
        by_gregorian[key] = by_gregorian.get(key, 0) + n
    return {
        "hijri_unsubscribes": [
            (month, by_hijri.get((month.year, month.month), 0))
            for month in hijri_months
        ],
        "gregorian_unsubscribes": [
            (month, by_gregorian.get((month.year, month.month), 0))
            for month in gregorian_months
        ],
    }


def moderator_figures():
    """The queue, open reports and the last 30 days' decisions (three queries)."""
    today = hijri.today()

    def compute():
        first = today - datetime.timedelta(days=DECISION_DAYS - 1)
        return {
            "queue": comments.queue_summary(),
            "reports": comments.open_reports(),
            "days": [first + datetime.timedelta(days=n) for n in range(DECISION_DAYS)],
            "decisions": comments.decisions_per_day(first, today),
        }

    return cache.remember(cache.DASHBOARD, "moderators", today, compute=compute)


# Panels (figures in words and charts, in the reader's language) -----------------


class Numbers:
    """Writes numbers and dates in the reader's language and digits."""

    def __init__(self, language, digits):
        self.language, self.digits = language, digits

    def __call__(self, value):
        return hijri.localize_digits(value, self.language, self.digits)

    def day(self, value):
        return hijri.format_dual(value, self.language, self.digits)

    @property
    def rtl(self):
        return self.language == "ar"


def editor_panel(numbers):
    figures = editor_figures()
    scheduled = figures["scheduled"]
    changelist = reverse("admin:articles_article_changelist")
    return {
        "hijri_chart": _months_chart(
            "hijri-months",
            _("Articles published per Hijri month"),
            figures["hijri_months"],
            numbers,
        ),
        "gregorian_chart": _months_chart(
            "gregorian-months",
            _("Articles published per Gregorian month"),
            figures["gregorian_months"],
            numbers,
        ),
        "drafts": figures["drafts"],
        "drafts_url": f"{changelist}?state={Article.State.DRAFT}",
        "in_review": figures["in_review"],
        "oldest_review": figures["oldest_review"],
        "review_url": f"{changelist}?state={Article.Review.IN_REVIEW}",
        "scheduled": scheduled[:SCHEDULED_SHOWN],
        "more_scheduled": len(scheduled) > SCHEDULED_SHOWN,
        "scheduled_url": f"{changelist}?state={Article.State.SCHEDULED}",
        "hijri_year": figures["hijri_year"],
        "references": figures["references"],
    }


def _months_chart(slug, title, counted, numbers, *, summary=None, counting=None):
    """A bar per month; ``summary`` (with ``total``, ``first`` and ``last``)
    and ``counting`` (the table's heading) say what is counted: articles
    unless told."""
    items = [(numbers(month.name(numbers.language)), count) for month, count in counted]
    total = sum(count for _month, count in counted)
    summary = summary or _("%(total)s articles from %(first)s to %(last)s.")
    description = summary % {
        "total": numbers(total),
        "first": items[0][0],
        "last": items[-1][0],
    }
    return charts.bar_chart(
        slug,
        title,
        description,
        items,
        rtl=numbers.rtl,
        number=numbers,
        columns=[_("Month"), counting or _("Articles")],
    )


def subscribers_panel(numbers):
    """Subscribers per edition, the sections chosen, unsubscribes per month
    in both calendars and the way to the list."""
    figures = subscriber_figures()
    summary = _("Unsubscribes from %(first)s to %(last)s: %(total)s.")
    return {
        "editions": [
            (Language(language).label, counts)
            for language, counts in figures["editions"].items()
        ],
        "sections": figures["sections"],
        "every_section": sum(
            counts["every_section"] for counts in figures["editions"].values()
        ),
        "hijri_chart": _months_chart(
            "hijri-unsubscribes",
            _("Unsubscribes per Hijri month"),
            figures["hijri_unsubscribes"],
            numbers,
            summary=summary,
            counting=_("Unsubscribes"),
        ),
        "gregorian_chart": _months_chart(
            "gregorian-unsubscribes",
            _("Unsubscribes per Gregorian month"),
            figures["gregorian_unsubscribes"],
            numbers,
            summary=summary,
            counting=_("Unsubscribes"),
        ),
        "list_url": reverse("admin:mailing_subscriber_changelist"),
    }


def author_panel(user):
    changelist = reverse("admin:articles_article_changelist")
    return {
        "drafts": articles.drafts_of(user),
        "drafts_url": f"{changelist}?state={Article.State.DRAFT}",
    }


def moderator_panel(numbers):
    figures = moderator_figures()
    series = [(DECISION_SERIES[status], status.label) for status in comments.OUTCOMES]
    items = [
        (
            numbers.day(day),
            numbers(f"{day.day}/{day.month}"),
            {
                DECISION_SERIES[status]: n
                for status, n in figures["decisions"].get(day, {}).items()
            },
        )
        for day in figures["days"]
    ]
    total = sum(sum(values.values()) for *_labels, values in items)
    chart = charts.stacked_chart(
        "decisions",
        _("Moderation decisions per day, last 30 days"),
        _("%(total)s decisions: approved, rejected and spam, day by day.")
        % {"total": numbers(total)},
        items,
        series,
        rtl=numbers.rtl,
        number=numbers,
        columns=[_("Day"), *(name for _key, name in series)],
    )
    return {
        "waiting": figures["queue"]["waiting"],
        "oldest": figures["queue"]["oldest"],
        "reports": figures["reports"],
        "queue_url": reverse("comments:moderation"),
        "decisions_chart": chart,
    }


def failures_panel(user):
    """The background jobs whose last try failed this week, newest first:
    what each was for, when, and its error (read from the queue, not kept:
    a failure shows at once)."""
    since = timezone.now() - datetime.timedelta(days=FAILURE_DAYS)
    failed = list(queue.failures(since)[: FAILURES_SHOWN + 1])
    details = user.has_perm("django_tasks_database.view_dbtaskresult")
    return {
        "failures": [
            {
                "label": queue.label_of(result.task_path),
                "at": result.finished_at,
                "error": _last_line(result.traceback),
                "url": reverse(
                    "admin:django_tasks_database_dbtaskresult_change",
                    args=[result.pk],
                )
                if details
                else "",
            }
            for result in failed[:FAILURES_SHOWN]
        ],
        "more": len(failed) > FAILURES_SHOWN,
    }


def _last_line(traceback, at_most=200):
    """The error a traceback ends with ("ConnectionError: …"), cut short."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    last = lines[-1].strip() if lines else ""
    return last if len(last) <= at_most else last[: at_most - 1] + "…"


def stopped_panel():
    """Where statements stopped going: the active Telegram channels whose bot
    Telegram refuses, and the endpoints disabled after a delivery failed for
    good (two queries; read each time, not kept: mended, a line goes at once)."""
    channels = Channel.objects.filter(
        is_active=True, broken_since__isnull=False
    ).order_by("broken_since", "pk")
    endpoints = Endpoint.objects.filter(
        is_active=True, disabled_at__isnull=False
    ).order_by("disabled_at", "pk")
    failed = reverse("admin:delivery_delivery_changelist")
    return {
        "channels": [
            {
                "chat": channel.chat,
                "since": channel.broken_since,
                "reason": Truncator(channel.broken_reason).chars(REASON_SHOWN),
                "url": reverse("admin:delivery_channel_change", args=[channel.pk]),
            }
            for channel in channels
        ],
        "endpoints": [
            {
                "name": endpoint.name,
                "at": endpoint.disabled_at,
                "reason": Truncator(endpoint.disabled_reason).chars(REASON_SHOWN),
                "url": reverse("admin:delivery_endpoint_change", args=[endpoint.pk]),
            }
            for endpoint in endpoints
        ],
        "failed_url": f"{failed}?state__exact={Delivery.State.FAILED}",
    }


def panels(user, *, language, digits=None):
    """The panels ``user`` sees: ``{"failures", "stopped", "editor",
    "subscribers", "author", "moderator"}`` (each ``None`` when not theirs)."""
    numbers = Numbers(language, digits)
    editor = permissions.can_publish(user)
    return {
        "failures": failures_panel(user) if editor else None,
        "stopped": stopped_panel() if editor else None,
        "editor": editor_panel(numbers) if editor else None,
        "subscribers": subscribers_panel(numbers) if editor else None,
        "author": author_panel(user) if not editor and is_author(user) else None,
        "moderator": moderator_panel(numbers)
        if permissions.can_moderate(user)
        else None,
    }
