"""Press contacts and lists, and embargoes, in the admin.

An embargo is made from its own form (the statement, the lists, the time it
ends); once made, only its end can be moved, and the actions lift it
(publish now) or cancel it (back to the drafts). Each change mails the
recipients (``press.services``); the page lists every mail and its state.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from core import hijri, i18n
from press import services
from press.models import Contact, Embargo, PressList, PressMail


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "outlet", "email", "language", "is_active"]
    list_filter = ["language", "is_active", "lists"]
    search_fields = ["name", "outlet", "email"]
    filter_horizontal = ["sections"]


@admin.register(PressList)
class PressListAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["contacts"]


class EmbargoForm(forms.ModelForm):
    class Meta:
        model = Embargo
        fields = ["article", "lists", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "article" in self.fields:
            # Statements not public yet, and not under an embargo already.
            self.fields["article"].queryset = Article.objects.exclude(
                pk__in=Article.objects.published().values("pk")
            ).filter(embargo__isnull=True)
        self.fields["until"].help_text = _(
            "In the site's time zone (%(zone)s). The statement is published then."
        ) % {"zone": hijri.site_time_zone().key}

    def clean_until(self):
        until = self.cleaned_data["until"]
        services.check_until(until)
        return until


class PressMailInline(admin.TabularInline):
    model = PressMail
    fields = ["contact", "kind", "until", "state", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Embargo)
class EmbargoAdmin(admin.ModelAdmin):
    form = EmbargoForm
    list_display = ["article", "until_dual", "state", "created_by"]
    list_filter = ["state"]
    search_fields = ["article__title"]
    autocomplete_fields = ["article"]
    filter_horizontal = ["lists"]
    inlines = [PressMailInline]
    actions = ["lift", "cancel"]

    @admin.display(description=_("embargoed until"), ordering="until")
    def until_dual(self, obj):
        return hijri.format_dual(obj.until, i18n.current_language(), time=True)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.state != Embargo.State.ACTIVE:
            return ["article", "lists", "until"]
        return ["article", "lists"]

    def has_delete_permission(self, request, obj=None):
        return False  # cancelling tells the recipients; deleting would not

    def save_model(self, request, obj, form, change):
        try:
            if change:
                services.embargo_move(
                    embargo=obj, until=form.cleaned_data["until"], user=request.user
                )
            else:
                obj.pk = services.embargo_send(
                    article=form.cleaned_data["article"],
                    lists=form.cleaned_data["lists"],
                    until=form.cleaned_data["until"],
                    user=request.user,
                ).pk
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def _each(self, request, queryset, act, done):
        count = 0
        for embargo in queryset:
            try:
                act(embargo=embargo, user=request.user)
                count += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{embargo}: {' '.join(error.messages)}", messages.ERROR
                )
        if count:
            self.message_user(request, done(count), messages.SUCCESS)

    @admin.action(
        permissions=["change"], description=_("Lift the embargo: publish now")
    )
    def lift(self, request, queryset):
        self._each(
            request,
            queryset,
            services.embargo_lift,
            lambda n: (
                ngettext(
                    "%(count)s embargo lifted; recipients are told.",
                    "%(count)s embargoes lifted; recipients are told.",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(
        permissions=["change"], description=_("Cancel: withdraw, do not publish")
    )
    def cancel(self, request, queryset):
        self._each(
            request,
            queryset,
            services.embargo_cancel,
            lambda n: (
                ngettext(
                    "%(count)s embargo cancelled: recipients are told.",
                    "%(count)s embargoes cancelled: recipients are told.",
                    n,
                )
                % {"count": n}
            ),
        )
