"""Where statements go, in the admin: channels, partners' endpoints, and the
log of deliveries ("where it went"), on its own and on each article's page.

An endpoint's secret is made here when the endpoint is, shown to the editor
once, and never again. Its address is checked (``addresses.check_endpoint``)
before it is saved. Deliveries are read only: a failed one can be sent again,
from the list or from the article's page.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles import permissions
from articles.admin import ArticleAdmin
from articles.models import Article
from core import hijri
from core.reader import digits_preference
from delivery import addresses, services, signing
from delivery.models import Channel, Delivery, Endpoint, Event

# The deliveries listed on an article's page; the whole log is the list's.
ARTICLE_DELIVERIES_SHOWN = 50
ERROR_SHOWN = 200


def _dual(value):
    """``value`` in both calendars with its time, or "—"."""
    if value is None:
        return "—"
    return hijri.dual_date_html(value, get_language(), time=True)


def _count(request, number):
    return hijri.localize_digits(number, get_language(), digits_preference(request))


def event_label(value):
    """An event's name for people (its value when it is not one of ours)."""
    try:
        return Event(value).label
    except ValueError:
        return value


def target_label(delivery):
    """Where a delivery goes, for people: the channel or the partner."""
    if delivery.channel_id:
        return gettext("Telegram: %(channel)s") % {"channel": delivery.channel}
    return gettext("Webhook: %(partner)s") % {"partner": delivery.endpoint}


def short_error(delivery):
    return Truncator(delivery.last_error).chars(ERROR_SHOWN) or "—"


def post_link(delivery):
    """A link to the Telegram post a sent delivery left up, or "—"."""
    url = ""
    if (
        delivery.channel_id
        and delivery.state == Delivery.State.SENT
        and delivery.payload.get("show")
    ):
        url = delivery.channel.post_url(delivery.remote_id)
    if not url:
        return "—"
    return format_html(
        '<a href="{}" rel="noopener" target="_blank">{}</a>',
        url,
        gettext("See the post"),
    )


def pdf_sent(delivery):
    """The name of the PDF a Telegram delivery carries (readers see it), or
    "—": the log says which deliveries sent the statement's PDF."""
    if not delivery.channel_id or not delivery.payload.get("document"):
        return "—"
    return format_html(
        '<span dir="auto">{}</span>',
        delivery.payload.get("filename") or delivery.payload["document"],
    )


def may_send_again(user, article):
    """Whether ``user`` may send a delivery of ``article`` (``None``: deleted)
    again: who may change deliveries, or who may edit the article."""
    return user.has_perm("delivery.change_delivery") or (
        article is not None and permissions.can_edit(user, article)
    )


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    """Telegram channels; a channel whose bot Telegram refuses says since when
    and why (the next post that goes through clears it)."""

    list_display = [
        "name",
        "chat",
        "language",
        "office",
        "send_pdf",
        "is_active",
        "state",
    ]
    list_filter = ["language", "is_active", "send_pdf", "office"]
    list_select_related = ["office"]
    search_fields = ["name", "chat"]
    fields = [
        "name",
        "chat",
        "language",
        "office",
        "send_photo",
        "send_pdf",
        "is_active",
        "state",
    ]
    readonly_fields = ["state"]
    autocomplete_fields = ["office"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.channel_changed(obj)

    @admin.display(description=_("state"), ordering="broken_since")
    def state(self, obj):
        if obj.broken_since is None:
            return gettext("Working")
        return format_html(
            gettext("Failing since {since}: {reason}"),
            since=_dual(obj.broken_since),
            reason=obj.broken_reason,
        )


class EndpointForm(forms.ModelForm):
    """The partner's name, address and events; the address is one webhooks
    may reach (checked now, and again at each send)."""

    url = forms.URLField(
        label=_("address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The address where the partner receives webhooks."),
    )
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "events", "is_active"]
        help_texts = {
            "is_active": _(
                "Saving with this ticked enables a disabled endpoint again."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        # An endpoint being switched off keeps its address unchecked: a
        # partner whose name no longer resolves can still be turned off.
        switched_off = (
            self.instance.pk
            and not cleaned.get("is_active")
            and "url" not in self.changed_data
        )
        if url and not switched_off:
            try:
                addresses.check_endpoint(
                    url, allow_private=settings.CMS_WEBHOOKS_ALLOW_PRIVATE
                )
            except ValidationError as error:
                self.add_error("url", error)
        return cleaned


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    """Partners' webhook endpoints: the secret is given once, at creation; a
    disabled endpoint says when and why, and is enabled again by an action or
    by saving it active."""

    form = EndpointForm
    list_display = ["name", "url", "event_names", "is_active", "state"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    actions = ["enable_again"]

    def get_fields(self, request, obj=None):
        fields = ["name", "url", "events", "is_active"]
        return fields + ["masked_secret", "state"] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        return ["masked_secret", "state"] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.secret = signing.new_secret()
        if obj.is_active:
            obj.disabled_at, obj.disabled_reason = None, ""
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            format_html(
                gettext(
                    "Give {partner} this secret now: it signs their webhooks, and "
                    "it will not be shown again. {secret}"
                ),
                partner=obj.name,
                secret=format_html('<code dir="ltr">{}</code>', obj.secret),
            ),
            messages.SUCCESS,
        )
        return response

    @admin.display(description=_("secret"))
    def masked_secret(self, obj):
        """Enough of the secret to tell which one the partner has, no more."""
        if not obj.secret:
            return "—"
        return f"{signing.SECRET_PREFIX}…{obj.secret[-4:]}"

    @admin.display(description=_("events"))
    def event_names(self, obj):
        return ", ".join(str(event_label(event)) for event in obj.events)

    @admin.display(description=_("state"), ordering="disabled_at")
    def state(self, obj):
        if obj.disabled_at is None:
            return gettext("Working")
        return format_html(
            gettext("Disabled on {date}: {reason}"),
            date=_dual(obj.disabled_at),
            reason=obj.disabled_reason,
        )

    @admin.action(permissions=["change"], description=_("Enable again"))
    def enable_again(self, request, queryset):
        count = queryset.update(is_active=True, disabled_at=None, disabled_reason="")
        self.message_user(
            request,
            ngettext(
                "%(count)s endpoint enabled again.",
                "%(count)s endpoints enabled again.",
                count,
            )
            % {"count": _count(request, count)},
            messages.SUCCESS,
        )


class EventFilter(admin.SimpleListFilter):
    """The events, by name (no query for the list of values)."""

    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return Event.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(event=self.value())
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The log of deliveries, read only; failed ones can be sent again."""

    list_display = [
        "target",
        "article_link",
        "event_name",
        "state",
        "tries",
        "planned",
        "sent",
        "pdf",
        "error",
    ]
    list_filter = ["state", EventFilter, "channel", "endpoint"]
    list_select_related = ["channel", "endpoint"]
    search_fields = ["article__title"]
    show_full_result_count = False
    actions = ["send_again"]
    fields = [
        "target",
        "article_link",
        "event_name",
        "state",
        "tries",
        "planned",
        "sent",
        "post",
        "pdf",
        "remote_id",
        "last_error",
        "answer",
        "duration",
        "tries_made",
        "payload",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # The title by subquery: a deleted article's deliveries stay listed.
        title = Article.objects.filter(pk=OuterRef("article_id")).values("title")[:1]
        return (
            super()
            .get_queryset(request)
            .select_related("channel", "endpoint")
            .annotate(article_title=Subquery(title))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_send_again_permission(self, request):
        return request.user.has_perm("delivery.change_delivery")

    @admin.display(description=_("where"))
    @admin.display(description=_("tries made"))
    def tries_made(self, obj):
        """A webhook's every try, newest last: when, its outcome, how long."""
        if not obj.attempts:
            return "—"
        return format_html_join(
            "\n",
            "<div>{} · {} · {}</div>",
            (
                (
                    attempt["at"],
                    attempt.get("status") or attempt.get("error", ""),
                    f"{attempt['seconds']} s" if "seconds" in attempt else "—",
                )
                for attempt in obj.attempts
            ),
        )

    def target(self, obj):
        return target_label(obj)

    @admin.display(description=_("article"))
    def article_link(self, obj):
        if obj.article_title is None:
            return gettext("deleted article (%(number)s)") % {"number": obj.article_id}
        return format_html(
            '<a href="{}" dir="auto">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article_title,
        )

    @admin.display(description=_("event"), ordering="event")
    def event_name(self, obj):
        return event_label(obj.event)

    @admin.display(description=_("planned"), ordering="created_at")
    def planned(self, obj):
        return _dual(obj.created_at)

    @admin.display(description=_("sent"), ordering="sent_at")
    def sent(self, obj):
        return _dual(obj.sent_at)

    @admin.display(description=_("last error"))
    def error(self, obj):
        return short_error(obj)

    @admin.display(description=_("post"))
    def post(self, obj):
        return post_link(obj)

    @admin.display(description=_("PDF"))
    def pdf(self, obj):
        return pdf_sent(obj)

    @admin.action(permissions=["send_again"], description=_("Send again"))
    def send_again(self, request, queryset):
        failed = list(queryset.filter(state=Delivery.State.FAILED))
        for delivery in failed:
            services.send_again(delivery)
        skipped = queryset.exclude(state=Delivery.State.FAILED).count()
        message = ngettext(
            "%(count)s failed delivery will be sent again.",
            "%(count)s failed deliveries will be sent again.",
            len(failed),
        ) % {"count": _count(request, len(failed))}
        if skipped:
            message += " " + gettext("Only failed deliveries are sent again.")
        self.message_user(
            request, message, messages.SUCCESS if failed else messages.WARNING
        )

    # Sending one delivery again from its article's page ----------------------

    def get_urls(self):
        return [
            path(
                "<int:object_id>/send-again/",
                self.admin_site.admin_view(require_POST(self.send_again_view)),
                name="delivery_delivery_send_again",
            ),
            *super().get_urls(),
        ]

    def send_again_view(self, request, object_id):
        """Send a failed delivery again (a button on the article's page, which
        posts the article's form here: only its CSRF token matters), then
        go back to the article."""
        delivery = get_object_or_404(
            Delivery.objects.select_related("channel", "endpoint"), pk=object_id
        )
        article = Article.objects.filter(pk=delivery.article_id).first()
        if not may_send_again(request.user, article):
            raise PermissionDenied
        target = target_label(delivery)
        if delivery.state == Delivery.State.FAILED:
            services.send_again(delivery)
            self.message_user(
                request,
                gettext("The delivery to %(target)s will be sent again.")
                % {"target": target},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "The delivery to %(target)s did not fail: it is not sent again."
                )
                % {"target": target},
                messages.WARNING,
            )
        if article is None:
            return redirect("admin:delivery_delivery_changelist")
        url = reverse("admin:articles_article_change", args=[article.pk])
        return redirect(f"{url}#deliveries-group")


class ShownOnlyFormSet(BaseInlineFormSet):
    """The article's deliveries, newest first, as many as are shown: drawn,
    never submitted. The article's form is valid without them (as it was
    before they were listed), and saving it saves none of them."""

    def __init__(self, data=None, files=None, *args, **kwargs):
        super().__init__(None, None, *args, **kwargs)
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            rows = list(super().get_queryset()[: ARTICLE_DELIVERIES_SHOWN + 1])
            self.more = len(rows) > ARTICLE_DELIVERIES_SHOWN
            self._queryset = rows[:ARTICLE_DELIVERIES_SHOWN]
        return self._queryset

    def is_valid(self):
        return True

    def has_changed(self):
        return False

    def save(self, commit=True):
        return []


class DeliveryInline(admin.TabularInline):
    """ "Where it went": the article's deliveries on its page, each with its
    state, time, post and error; a failed one with a button to send it again."""

    model = Delivery
    formset = ShownOnlyFormSet
    template = "admin/delivery/delivery/where_it_went.html"
    extra = 0
    can_delete = False
    fields = [
        "target",
        "event_name",
        "state",
        "when",
        "post",
        "pdf",
        "error",
        "action",
    ]
    readonly_fields = fields
    verbose_name_plural = _("Where it went")

    def get_queryset(self, request):
        # Asked without the article: who may see the rows is decided by
        # has_view_permission, which shows the inline on an article's page only.
        return Delivery.objects.select_related("channel", "endpoint")

    def get_formset(self, request, obj=None, **kwargs):
        # The rows' buttons need to know who is looking.
        self.sends_again = obj is not None and may_send_again(request.user, obj)
        return super().get_formset(request, obj, **kwargs)

    def has_view_permission(self, request, obj=None):
        return obj is not None and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("where"))
    def target(self, obj):
        return target_label(obj)

    @admin.display(description=_("event"))
    def event_name(self, obj):
        return event_label(obj.event)

    @admin.display(description=_("when"))
    def when(self, obj):
        return _dual(obj.sent_at or obj.created_at)

    @admin.display(description=_("post"))
    def post(self, obj):
        return post_link(obj)

    @admin.display(description=_("PDF"))
    def pdf(self, obj):
        return pdf_sent(obj)

    @admin.display(description=_("last error"))
    def error(self, obj):
        return short_error(obj)

    @admin.display(description="")
    def action(self, obj):
        if obj.state != Delivery.State.FAILED or not self.sends_again:
            return ""
        return format_html(
            '<button type="submit" class="button" formaction="{}" '
            'formmethod="post" formnovalidate>{}</button>',
            reverse("admin:delivery_delivery_send_again", args=[obj.pk]),
            gettext("Send again"),
        )


# On the article's page, without ``articles`` knowing about deliveries.
ArticleAdmin.inlines = [*ArticleAdmin.inlines, DeliveryInline]
