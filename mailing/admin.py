"""Subscribers in the admin: who asked for which edition and sections, and
in what state; the mails each statement was sent as, and the notices of
the statements withdrawn."""

from django.contrib import admin

from mailing.models import Mail, Subscriber, WithdrawalNotice


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "frequency", "state", "created_at"]
    list_filter = ["language", "state", "frequency", "sections"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "confirmed_at", "unsubscribed_at"]
    fields = [
        "email",
        "language",
        "sections",
        "frequency",
        "state",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    filter_horizontal = ["sections"]

    def has_add_permission(self, request):
        # Only a reader subscribes (and confirms) an address.
        return False


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "article", "state", "created_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["subscriber__email", "article__title"]
    list_select_related = ["subscriber", "article"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WithdrawalNotice)
class WithdrawalNoticeAdmin(MailAdmin):
    pass
