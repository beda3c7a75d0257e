"""The editors' desk in the admin.

Who may do what is ``articles.permissions``'s to say: editors see and publish
everything; authors see and edit only their own drafts, and what they save or
restore never changes the publication fields. Every save goes through
``articles.services.article_save`` and keeps a revision.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from articles import permissions, revisions, services
from articles.forms import (
    HIJRI_DAY_INPUTS,
    ArticleAdminForm,
    AuthorAdminForm,
    CategoryChoiceField,
    TagAdminForm,
    TagMergeForm,
    WithdrawForm,
)
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    HomeSection,
    Office,
)
from articles.selectors import category_outline
from core import hijri
from core.pagination import CachedCountPaginator
from core.reader import digits_preference
from desk import direction
from desk.autosave import AutosaveAdmin
from desk.changelist import date_drill_down
from desk.edits import EditConflictsAdmin
from images.validation import ImageUploadField

# Refuse bad images (bombs included) with a clear message before Django's own check.
IMAGE_UPLOADS = {models.ImageField: {"form_class": ImageUploadField}}


@admin.register(Office)
class OfficeAdmin(EditConflictsAdmin, admin.ModelAdmin):
    list_display = ["__str__", "slug", "is_central", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_ar", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Author)
class AuthorAdmin(EditConflictsAdmin, admin.ModelAdmin):
    form = AuthorAdminForm
    list_display = ["__str__", "role", "office", "gender", "user"]
    list_filter = ["office", "gender"]
    list_select_related = ["office"]
    search_fields = ["name_en", "name_ar", "slug", "role_en", "role_ar"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["office", "user"]
    formfield_overrides = IMAGE_UPLOADS


class CategoryChoicesMixin:
    """Category fields choose among names, indented by depth, not slugs."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Category:
            kwargs.setdefault("form_class", CategoryChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CategoryListFilter(admin.RelatedFieldListFilter):
    """The category filter: names in the interface language, as a tree."""

    def field_choices(self, field, request, model_admin):
        return [
            (category.pk, category.indented_name)
            for category in category_outline(Category.objects.all())
        ]


@admin.register(Category)
class CategoryAdmin(EditConflictsAdmin, CategoryChoicesMixin, admin.ModelAdmin):
    list_display = [
        "outline_name",
        "path",
        "name_en",
        "name_ar",
        "position",
        "is_published",
        "is_live",
    ]
    list_filter = ["is_published", "is_live"]
    list_editable = ["position", "is_published"]
    search_fields = ["name_en", "name_ar", "path"]

    @admin.display(description=_("name"), ordering="path")
    def outline_name(self, obj):
        # Indented by depth; the name, perhaps only in the other language,
        # keeps its own direction.
        indent = obj.indented_name.removesuffix(obj.name)
        return format_html("{}{}", indent, direction.isolated(obj.name))


@admin.register(HomeSection)
class HomeSectionAdmin(EditConflictsAdmin, admin.ModelAdmin):
    """The sections the home page shows, in order (none: the top-level ones)."""

    list_display = ["__str__", "category", "position"]
    list_editable = ["position"]
    list_select_related = ["category"]
    autocomplete_fields = ["category"]


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    """taggit's tag admin, a tag's name held to the rule of ``articles.tags``
    (in its form and in its merge of tags)."""

    form = TagAdminForm

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        selected = request.session.get("selected_tag_ids", "").split(",")
        if not all(pk.isdigit() for pk in selected) or Tag.objects.filter(
            pk__in=selected
        ).count() != len(set(selected)):
            # taggit's view reads each selected tag: none, or a deleted one,
            # was a server error.
            request.session.pop("selected_tag_ids", None)
            self.message_user(
                request, _("Select the tags to merge in the list."), messages.ERROR
            )
            return redirect("admin:taggit_tag_changelist")
        if request.method == "POST":
            form = TagMergeForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "admin/taggit/merge_tags_form.html",
                    {"form": form, "selected_tag_ids": selected},
                )
        return super().merge_tags_view(request)


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]


@admin.display(description=_("title"), ordering="title")
def title(article):
    """The article list's first column: the title in its own language and
    direction, whatever the desk's (a function, not a method, so that the
    column keeps the field's name)."""
    return direction.in_language(article.title, article.language)


#: The review's states a list filters by, among the drafts.
REVIEWED = (Article.Review.IN_REVIEW, Article.Review.SENT_BACK)
#: The buttons beside Save for the review's steps (``permissions.REVIEW_STEPS``).
REVIEW_BUTTONS = {
    "request": _("Mark ready for review"),
    "cancel": _("Withdraw the request for review"),
    "send_back": _("Send back to its authors"),
}
#: What a step did, said once it is taken.
REVIEW_DONE = {
    "request": _("“%(title)s” is marked ready for review: the editors are told."),
    "cancel": _("The request for review of “%(title)s” is withdrawn."),
    "send_back": _("“%(title)s” is sent back to its authors with your note."),
}
#: Why a step is refused: not the user's to take, or not in the article's state.
REVIEW_REFUSALS = {
    "request": (
        _("Only its authors mark a draft ready for review."),
        _(
            "“%(title)s” is %(state)s: only a draft being written or sent back "
            "is marked ready for review."
        ),
    ),
    "cancel": (
        _("Only its authors withdraw a request for review."),
        _("“%(title)s” is %(state)s: no request for review waits to be withdrawn."),
    ),
    "send_back": (
        _("Only editors send an article back to its authors."),
        _("“%(title)s” is %(state)s: only an article in review is sent back."),
    ),
}


class StateFilter(admin.SimpleListFilter):
    """Draft (in review, sent back) / scheduled / published / expired:
    ``Article.State`` and a draft's ``Article.Review``, as editors think of
    them (the query-set methods decide)."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        for state in Article.State:
            yield state, state.label
            if state == Article.State.DRAFT:
                yield from ((review, review.label) for review in REVIEWED)

    def queryset(self, request, queryset):
        if self.value() in Article.State.values:
            return queryset.in_state(self.value())
        if self.value() in REVIEWED:
            return queryset.in_review_state(self.value())
        return queryset


def _name(user):
    """A user as the desk names them (a deleted account: "unknown")."""
    if user is None:
        return gettext("unknown")
    return user.get_full_name() or user.get_username()


def desk_state(article):
    """The state the desk shows ``article`` in: its review's, for a draft in
    review or sent back, else ``Article.State``."""
    review = article.review_state
    return review if review in REVIEWED else article.state


@admin.register(Article)
class ArticleAdmin(
    AutosaveAdmin, EditConflictsAdmin, CategoryChoicesMixin, VersionAdmin
):
    form = ArticleAdminForm
    formfield_overrides = IMAGE_UPLOADS
    list_display = [
        title,
        "state_label",
        "dual_publication_date",
        "category_name",
        "author_names",
        "language",
        "reference_label",
    ]
    list_filter = [
        StateFilter,
        "language",
        ("category", CategoryListFilter),
        "office",
        # Every author (a short table), not only those of listed articles:
        # finding those would read the whole byline table.
        "article_authors__author",
        "is_featured",
    ]
    list_select_related = ["category"]
    search_fields = ["title", "slug", "excerpt", "reference_number"]
    date_hierarchy = "published_at"
    get_changelist = date_drill_down
    # The list stays fast on 100 000 articles: no second count of the whole
    # table, totals from the cache (get_paginator), and a date drill-down that
    # probes the index instead of scanning (the template's date_hierarchy).
    show_full_result_count = False
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"
    # Revision dates to the second, in both calendars.
    object_history_template = "admin/articles/article/object_history.html"
    autocomplete_fields = ["office", "translation"]
    inlines = [ArticleAuthorInline]
    readonly_fields = ["reference_label", "dual_dates"]
    # The writing first and large, in a column of its own (its template and
    # css/desk_article.css); the details beside it.
    fieldsets = [
        (None, {"fields": ["title", "excerpt", "body"], "classes": ["writing"]}),
        (
            _("Details"),
            {
                "fields": [
                    "slug",
                    "language",
                    "translation",
                    "category",
                    "office",
                    "tags",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "publication_hijri_date",
                    "unpublish_at",
                    "unpublication_hijri_date",
                    "dual_dates",
                    "reference_label",
                    "is_featured",
                    "breaking_until",
                    "comments_enabled",
                ]
            },
        ),
        (
            _("Lead image"),
            {"fields": ["lead_image", "lead_image_alt", "lead_image_caption"]},
        ),
    ]

    class Media:
        css = {"all": ["css/desk_article.css"]}
        js = ["js/admin_article_direction.js"]

    def get_queryset(self, request):
        queryset = (
            super().get_queryset(request).prefetch_related("article_authors__author")
        )
        return permissions.editable_articles(request.user, queryset)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if services.is_restoring(object_id):
            # Showing a revision: reversion has written it back (publication
            # fields included: on GET it mutes the signals that keep them).
            # The user sees it with the values their restore would keep.
            if article is None:
                article = Article.objects.filter(pk=object_id).first()
            if article is not None:
                article = services.as_restored(article)
                if not permissions.can_edit(request.user, article):
                    article = None
        return article

    def get_paginator(self, request, queryset, per_page, orphans=0, **kwargs):
        """Totals come from the shared cache, keyed by what is listed: the
        filters, the search, and whose articles (an author sees their own)."""
        scope = (
            "all"
            if permissions.can_publish(request.user)
            else f"user-{request.user.pk}"
        )
        listed = sorted(
            (name, tuple(request.GET.getlist(name)))
            for name in request.GET
            if name not in (PAGE_VAR, ORDER_VAR)
        )
        return CachedCountPaginator(
            queryset,
            per_page,
            orphans,
            count_key=("admin-articles", scope, listed),
            **kwargs,
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        fields += permissions.locked_fields(request.user)
        if obj is not None and obj.status == Article.Status.WITHDRAWN:
            fields.append("status")  # for good (``services.article_withdraw``)
        fields.append("review_status")  # shown while it is in review or sent back
        return list(dict.fromkeys(fields))

    def corrects(self, request, obj):
        """Whether the form offers ``request.user`` a correction note: an
        editor's, on a published statement."""
        return (
            obj is not None
            and obj.state == Article.State.PUBLISHED
            and permissions.can_correct(request.user)
        )

    def locked_inputs(self, request):
        """The form's own inputs for fields ``request.user`` may not change
        (the Hijri days beside locked date-times): not shown, not in the form."""
        locked = permissions.locked_fields(request.user)
        return {name for name, field in HIJRI_DAY_INPUTS.items() if field in locked}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # A declared field set to None is left out of the subclass: posting
        # it does nothing, as posting a read-only model field does nothing.
        # The user is the form's: what they may link is theirs.
        absent = dict.fromkeys(self.locked_inputs(request))
        if not self.corrects(request, obj):
            absent["correction_note"] = None
        if not self.sends_back(request, obj):
            absent["review_note"] = None
        given = {"user": request.user, "review_step": self.review_step(request)}
        return type(form.__name__, (form,), {**absent, **given})

    def sends_back(self, request, obj):
        """Whether the form offers ``request.user`` a note to send ``obj``
        back to its authors with: an editor's, on an article in review."""
        return obj is not None and permissions.can_send_back(request.user, obj)

    def review_step(self, request):
        """The step of the review the request takes (a button of the form
        sent to ``review_view``'s address), or ``None``."""
        match = request.resolver_match
        if match is None or match.url_name != "articles_article_review":
            return None
        return match.kwargs.get("step")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.review_state in REVIEWED:
            # Where its review stands, first, above the text: the note it was
            # sent back with is what its authors work from.
            fields = ["review_status"]
            if self.sends_back(request, obj):
                fields.append("review_note")
            review = {"fields": fields, "classes": ["writing"]}
            fieldsets = [(_("Review"), review), *fieldsets]
        if self.corrects(request, obj):
            fieldsets = [
                *fieldsets,
                (
                    _("Correction"),
                    {
                        "fields": ["correction_note"],
                        "classes": ["writing"],  # beside the text it explains
                        "description": _(
                            "For a published statement: say what changed when the "
                            "change is more than a typo."
                        ),
                    },
                ),
            ]
        hidden = self.locked_inputs(request)
        if not hidden:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["may_withdraw"] = (
            obj is not None
            and obj.state == Article.State.PUBLISHED
            and permissions.can_withdraw(request.user)
        )
        context["review_buttons"] = self.review_buttons(request, context, obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def review_buttons(self, request, context, obj):
        """The buttons beside Save for the steps of ``obj``'s review that
        ``request.user`` may take now (none on a revision or a pop-up)."""
        if obj is None or obj.pk is None:
            return []
        if context.get("revert") or context.get("recover") or context.get("is_popup"):
            return []
        return [
            {
                "step": step,
                "label": REVIEW_BUTTONS[step],
                "url": reverse("admin:articles_article_review", args=[obj.pk, step]),
            }
            for step in permissions.REVIEW_STEPS
            if permissions.can_take_review_step(request.user, obj, step)
        ]

    def save_model(self, request, obj, form, change):
        step = self.review_step(request)
        if step is not None:
            # The form's changes and the step, in one save and one revision.
            services.article_review_step(
                article=obj,
                step=step,
                user=request.user,
                note=form.cleaned_data.get("review_note", ""),
                comment=", ".join(
                    name for name in form.changed_data if name != "review_note"
                ),
            )
            return
        note = form.cleaned_data.get("correction_note")
        if note:
            services.article_correct(article=obj, note=note, user=request.user)
            return
        services.article_save(
            article=obj,
            user=request.user,
            comment=", ".join(form.changed_data),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        profile = getattr(request.user, "author_profile", None)
        if not change and profile and not article.article_authors.exists():
            ArticleAuthor.objects.create(article=article, author=profile)

    def action_checkbox(self, obj):
        """Django's row checkbox, written out: rendering a widget template for
        each of a hundred rows costs a tenth of the list's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), obj),
        )

    def view_on_site(self, obj):
        if obj.is_published or obj.status == Article.Status.WITHDRAWN:
            return obj.get_absolute_url()
        return obj.get_preview_url()

    @admin.display(description=_("state"), ordering="status")
    def state_label(self, obj):
        return desk_state(obj).label

    @admin.display(description=_("where it stands"))
    def review_status(self, obj):
        """Where its review stands: waiting since when, or sent back by whom,
        when and with which note (in its writer's direction)."""
        language = get_language()
        if obj.review_state == Article.Review.IN_REVIEW:
            return format_html(
                gettext("Waiting for review since {when}, marked ready by {who}."),
                when=hijri.dual_date_html(obj.review_requested_at, language, time=True),
                who=direction.isolated(_name(obj.review_requested_by)),
            )
        if obj.review_state == Article.Review.SENT_BACK:
            return format_html(
                '{}<div class="desk-review-note" dir="auto">{}</div>',
                format_html(
                    gettext("Sent back by {who} on {when}, with this note:"),
                    who=direction.isolated(_name(obj.sent_back_by)),
                    when=hijri.dual_date_html(obj.sent_back_at, language, time=True),
                ),
                linebreaksbr(obj.sent_back_note, autoescape=True),
            )
        return ""

    @admin.display(description=_("publication date"), ordering="published_at")
    def dual_publication_date(self, obj):
        return hijri.format_dual(obj.published_at, get_language())

    @admin.display(description=_("category"), ordering="category__path")
    def category_name(self, obj):
        # Named in the desk's language, or only in the other.
        return direction.isolated(obj.category.name)

    @admin.display(description=_("authors"))
    def author_names(self, obj):
        names = [link.author.name for link in obj.article_authors.all()]
        # Each name escaped by ``isolated``.
        return mark_safe(", ".join(map(direction.isolated, names)))

    @admin.display(description=_("reference"), ordering="reference_number")
    def reference_label(self, obj):
        return obj.reference or "—"

    @admin.display(description=_("dates in both calendars"))
    def dual_dates(self, obj):
        rows = [(_("publication"), obj.published_at)]
        if obj.unpublish_at:
            rows.append((_("unpublication"), obj.unpublish_at))
        return format_html_join(
            mark_safe("<br>"),
            "{}: {}",
            (
                (label, hijri.dual_date_html(value, get_language()))
                for label, value in rows
            ),
        )

    # Revisions: restoring follows the rule of saving (``services.article_restore``)
    # and only editors recover deleted articles.
    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None or not permissions.can_restore(request.user, article):
            raise PermissionDenied
        try:
            with services.article_restore(article=article, user=request.user):
                return super().revision_view(
                    request, object_id, version_id, extra_context
                )
        except services.RestoreRefused:
            self.message_user(
                request,
                _(
                    "This revision cannot be restored by you: the article would no "
                    "longer be one of your drafts. Nothing was changed."
                ),
                messages.ERROR,
            )
            return redirect("admin:articles_article_history", article.pk)

    def recover_view(self, request, version_id, extra_context=None):
        if not permissions.can_recover(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not permissions.can_recover(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    # Revisions: compare two versions (restoring is reversion's history view).
    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="articles_article_withdraw",
            ),
            path(
                "<path:object_id>/review/<str:step>/",
                self.admin_site.admin_view(self.review_view),
                name="articles_article_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, object_id, step):
        """A step of the article's review (``permissions.REVIEW_STEPS``), sent
        by a button of its form: the form is saved as Save saves it (the same
        checks, an edit conflict included) and the step taken with it
        (``save_model``). Refused with the reason, nothing changed, when the
        step is not the user's (403) or not one the article's state allows
        (400)."""
        if step not in permissions.REVIEW_STEPS:
            raise Http404
        try:
            key = self.opts.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404 from error
        article = get_object_or_404(Article, pk=key)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if request.method != "POST":
            return redirect(change_url)
        if not permissions.can_take_review_step(request.user, article, step):
            not_theirs, wrong_state = REVIEW_REFUSALS[step]
            if permissions.review_step_is_theirs(request.user, article, step):
                message = wrong_state % {
                    "title": article.title,
                    "state": desk_state(article).label,
                }
                status = 400
            else:
                message, status = not_theirs, 403
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": REVIEW_BUTTONS[step],
                "message": message,
                "change_url": change_url
                if permissions.can_edit(request.user, article)
                else "",
            }
            template = "admin/articles/article/review_refused.html"
            return TemplateResponse(request, template, context, status=status)
        return self.change_view(request, object_id, form_url=change_url)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        # The history says what the save did to the review, after the admin's
        # own words for the change (which replace the services' comment).
        step = getattr(obj, "review_step", "")
        if step and reversion.is_active():
            reversion.set_comment(f"{entry.get_change_message()} {step}".strip())
        return entry

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        step = self.review_step(request)
        if step is not None:
            done = REVIEW_DONE[step] % {"title": obj.title}
            self.message_user(request, done, messages.SUCCESS)
        return response

    def withdraw_view(self, request, object_id):
        """Withdraw a published statement, for good, with a reason (Editors)."""
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not permissions.can_withdraw(request.user):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if article.state != Article.State.PUBLISHED:
            self.message_user(
                request,
                _("Only a published statement is withdrawn. Nothing was changed."),
                messages.ERROR,
            )
            return redirect(change_url)
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.article_withdraw(
                    article=article,
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                    tell_subscribers=form.cleaned_data["tell_subscribers"],
                )
            except services.NotPublished:
                form.add_error(
                    None, _("The statement is no longer published: nothing was done.")
                )
            else:
                self.message_user(
                    request,
                    _(
                        "“%s” is withdrawn: its address shows the notice, and the "
                        "places it was sent are told."
                    )
                    % article,
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("Withdraw “%s”") % article,
            "form": form,
            "change_url": change_url,
        }
        template = "admin/articles/article/withdraw.html"
        return TemplateResponse(request, template, context)

    def compare_view(self, request, object_id):
        """Show what changed between two revisions of an article."""
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = list(
            Version.objects.get_for_object(article).select_related("revision__user")
        )
        by_id = {str(v.pk): v for v in versions}
        older = by_id.get(request.GET.get("from", ""))
        newer = by_id.get(request.GET.get("to", ""))
        if (older is None or newer is None) and len(versions) >= 2:
            newer, older = versions[0], versions[1]
        changes = []
        if older and newer:
            changes = revisions.compare(
                older,
                newer,
                language=get_language(),
                digits=digits_preference(request),
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("Compare revisions of “%s”") % article,
            "versions": versions,
            "older": older,
            "newer": newer,
            "changes": changes,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)
