"""Read-side figures about comments: the moderators' queue and their decisions."""

import datetime

from django.db.models import Count, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from comments.models import Comment, CommentReport, ModerationDecision, Status
from core.hijri import day_start

#: The outcomes a decision can have, in the order charts stack them.
OUTCOMES = (Status.APPROVED, Status.REJECTED, Status.SPAM)


def queue_summary():
    """``{"waiting": n, "oldest": datetime or None}`` of the queue, one query."""
    return (
        Comment.objects.in_moderation()
        .order_by()
        .aggregate(waiting=Count("pk"), oldest=Min("created_at"))
    )


def open_reports():
    """How many readers' reports no moderator has settled yet."""
    return CommentReport.objects.filter(resolved=False).count()


def decisions_per_day(first_day, last_day):
    """``{day: {outcome: n}}`` of the decisions (moderators' and the policy's)
    taken from ``first_day`` to ``last_day`` (local days), in one query."""
    start = day_start(first_day)
    end = day_start(last_day + datetime.timedelta(days=1))
    rows = (
        ModerationDecision.objects.filter(
            decided_at__gte=start, decided_at__lt=end, status__in=OUTCOMES
        )
        .annotate(day=TruncDate("decided_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    days = {}
    for day, status, n in rows:
        days.setdefault(day, {})[status] = n
    return days
