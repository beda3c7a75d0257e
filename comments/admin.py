"""Comments in the admin: filters, search, and bulk decisions through the services.

Deciding (approve, reject with a canned reason, spam) needs the
``comments.can_moderate`` permission; the decisions are recorded by the
services, like those taken in the moderation queue.
"""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles import permissions
from comments import services
from comments.models import REJECTION_REASONS, Comment, ModerationDecision
from comments.views import decision_message
from core import hijri
from core.reader import digits_preference
from desk import direction
from desk.changelist import date_drill_down


class ModerationDecisionInline(admin.TabularInline):
    model = ModerationDecision
    extra = 0
    can_delete = False
    fields = ["status", "reason", "detail", "decided_by", "dual_decided_date"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("by"))
    def decided_by(self, obj):
        return obj.decided_by

    @admin.display(description=_("decided"))
    def dual_decided_date(self, obj):
        return hijri.format_dual(obj.decided_at, get_language())


def _reject_action(reason):
    def reject(modeladmin, request, queryset):
        modeladmin.decide(request, queryset, services.Action.REJECT, reason)

    return (
        reject,
        f"reject_{reason.value.replace('-', '_')}",
        _("Reject selected comments: %(reason)s") % {"reason": reason.label},
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """All comments, for moderators: the queue is the ``awaiting moderation`` filter."""

    list_display = [
        "name",
        "excerpt",
        "article_title",
        "status",
        "dual_created_date",
        "open_reports",
    ]
    list_filter = [
        "status",
        ("article", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["article"]
    search_fields = ["body", "name", "email"]
    date_hierarchy = "created_at"
    get_changelist = date_drill_down
    ordering = ["-created_at", "-pk"]
    actions = ["approve_selected", "mark_selected_as_spam"]
    fields = [
        "article",
        "parent",
        "name",
        "email",
        "website",
        "body",
        "status",
        "created_at",
        "ip_address",
    ]
    readonly_fields = ["article", "parent", "status", "created_at", "ip_address"]
    inlines = [ModerationDecisionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_report_count=Count("reports", filter=Q(reports__resolved=False))
            )
        )

    def has_add_permission(self, request):
        # Comments come from readers, through the site's form.
        return False

    def has_moderate_permission(self, request):
        return permissions.can_moderate(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_moderate_permission(request):
            for reason in REJECTION_REASONS:
                function, name, description = _reject_action(reason)
                actions[name] = (function, name, description)
        return actions

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        # A reader's words, in either language, whatever the desk's.
        return direction.isolated(Truncator(obj.body).chars(80))

    @admin.display(description=_("article"), ordering="article__title")
    def article_title(self, obj):
        return direction.in_language(obj.article.title, obj.article.language)

    @admin.display(description=_("written"), ordering="created_at")
    def dual_created_date(self, obj):
        return hijri.format_dual(obj.created_at, get_language())

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, obj):
        return obj.open_report_count

    @admin.action(permissions=["moderate"], description=_("Approve selected comments"))
    def approve_selected(self, request, queryset):
        self.decide(request, queryset, services.Action.APPROVE)

    @admin.action(
        permissions=["moderate"], description=_("Mark selected comments as spam")
    )
    def mark_selected_as_spam(self, request, queryset):
        self.decide(request, queryset, services.Action.SPAM)

    def decide(self, request, queryset, action, reason=""):
        changed = services.comments_moderate(
            comments=queryset, action=action, moderator=request.user, reason=reason
        )
        message = decision_message(action, changed, digits=digits_preference(request))
        self.message_user(request, message, messages.SUCCESS)

    def delete_model(self, request, obj):
        services.comment_delete(comment=obj, moderator=request.user)

    def delete_queryset(self, request, queryset):
        for comment in queryset:
            services.comment_delete(comment=comment, moderator=request.user)


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(admin.ModelAdmin):
    """The record of decisions: who decided what, when and why (read only)."""

    list_display = [
        "comment",
        "status",
        "reason",
        "decided_by",
        "dual_decided_date",
    ]
    list_filter = ["status", "reason", "decided_at"]
    list_select_related = ["comment", "moderator"]
    search_fields = ["comment__body", "comment__name", "moderator__username"]
    date_hierarchy = "decided_at"
    get_changelist = date_drill_down

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("by"))
    def decided_by(self, obj):
        return obj.decided_by

    @admin.display(description=_("decided"), ordering="decided_at")
    def dual_decided_date(self, obj):
        return hijri.format_dual(obj.decided_at, get_language())
