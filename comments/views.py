"""Readers' and moderators' pages for comments.

Thin on purpose: a form validates, a service writes, ``comments.moderation``
decides. Every POST answers with a redirect (POST-redirect-GET) or with the
page again, the errors shown and everything typed kept.
"""

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from articles import permissions
from articles.views import ArticleDetailView
from comments import moderation, services
from comments.forms import CommentForm, ModerationForm, rejection_reason_choices
from comments.models import Comment
from core.client import client_address
from core.hijri import localize_digits
from core.i18n import current_language
from core.reader import digits_preference
from desk.language import remembers_language


class CommentPostView(ArticleDetailView):
    """A reader sends a comment on a published article.

    The article page itself, answering POST: a valid comment is saved through
    ``services.comment_create`` and the reader goes back to the article with a
    message that it awaits moderation; a form with errors comes back inside the
    article page with everything typed. Comments closed: 403 with a clear
    message; too many comments from one address: 429, text kept. GET simply
    goes to the article.
    """

    def get(self, request, *args, **kwargs):
        return redirect(self.get_object())

    def post(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        if not moderation.comments_open(article):
            messages.error(
                request,
                _("Comments are closed for this article; your comment was not sent."),
            )
            return self.render_to_response(self.get_context_data(), status=403)
        form = CommentForm(request.POST, article=article)
        if not form.is_valid():
            return self.form_invalid(form)
        data = form.cleaned_data
        try:
            comment = services.comment_create(
                article=article,
                name=data["name"],
                email=data["email"],
                website=data["website"],
                body=data["body"],
                parent=data["parent"],
                ip_address=client_address(request),
            )
        except moderation.PostingRefused as refused:
            form.add_error(None, refused.message)
            status = 429 if refused.code == "rate-limited" else 403
            return self.form_invalid(form, status=status)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if comment.is_public:
            messages.success(request, _("Thank you. Your comment is published."))
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your comment has been received and will appear "
                    "once a moderator has approved it."
                ),
            )
        return HttpResponseRedirect(f"{article.get_absolute_url()}#comments")

    def form_invalid(self, form, status=200):
        """The article page again, with the form, its errors and the text typed.

        It holds what the reader typed (their email too): never cached.
        """
        response = self.render_to_response(
            self.get_context_data(comment_form=form), status=status
        )
        add_never_cache_headers(response)
        return response


class CommentReportView(View):
    """A reader reports an approved comment (POST only), then goes back."""

    http_method_names = ["post"]

    def post(self, request, pk):
        comment = get_object_or_404(
            Comment.objects.visible().select_related("article"),
            pk=pk,
        )
        outcome = services.comment_report(
            comment=comment,
            reporter=moderation.reporter_key(client_address(request)),
        )
        if outcome == services.ReportOutcome.DUPLICATE:
            messages.info(request, _("You have already reported this comment."))
        else:
            messages.success(
                request,
                _("Thank you for your report. A moderator will look at the comment."),
            )
        anchor = (
            f"comment-{comment.pk}"
            if outcome != services.ReportOutcome.REQUEUED
            else "comments"
        )
        return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#{anchor}")


class ModeratorRequiredMixin(UserPassesTestMixin):
    """Moderators only (``permissions.can_moderate``): anonymous readers go to
    the admin login, others get 403."""

    login_url = reverse_lazy("admin:login")

    def test_func(self):
        return permissions.can_moderate(self.request.user)


@method_decorator(never_cache, name="dispatch")
@method_decorator(remembers_language, name="dispatch")
class ModerationQueueView(ModeratorRequiredMixin, ListView):
    """The moderators' queue: comments awaiting a decision, oldest first.

    One form for the page: every comment has its own Approve / Reject (with a
    canned reason) / Spam buttons, and ticked comments can be decided together.
    A decision redirects back here (POST-redirect-GET) with a message; a form
    with errors shows the page again, ticks kept. Its language becomes the
    desk's (``desk.language``): its links into the admin keep it.
    """

    template_name = "comments/comment_queue.html"
    context_object_name = "comments"
    paginate_by = 50

    def get_queryset(self):
        return (
            Comment.objects.in_moderation()
            .select_related("article")
            .annotate(open_reports=Count("reports", filter=Q(reports__resolved=False)))
        )

    def paginate_queryset(self, queryset, page_size):
        # After deciding the last comments of the last page, show the page
        # before it rather than a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            pending_count=context["paginator"].count,
            oldest_at=Comment.objects.in_moderation()
            .values_list("created_at", flat=True)
            .first(),
            reasons=rejection_reason_choices(),
        )
        context.setdefault("form", None)
        context.setdefault("selected", set())
        return context

    def post(self, request, *args, **kwargs):
        form = ModerationForm(ModerationForm.data_from_post(request.POST))
        if not form.is_valid():
            self.object_list = self.get_queryset()
            context = self.get_context_data(
                form=form, selected=set(request.POST.getlist("selected"))
            )
            return self.render_to_response(context, status=400)
        action = form.cleaned_data["action"]
        changed = services.comments_moderate(
            comments=form.cleaned_data["comments"],
            action=action,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            decision_message(action, changed, digits=digits_preference(request)),
        )
        return HttpResponseRedirect(request.get_full_path())


def decision_message(action, count, *, digits=None):
    """ "3 comments approved." and its siblings, for the queue and the admin.

    The number is written in the reader's ``digits`` (Arabic-Indic in Arabic).
    """
    texts = {
        services.Action.APPROVE: ngettext(
            "%(count)s comment approved.", "%(count)s comments approved.", count
        ),
        services.Action.REJECT: ngettext(
            "%(count)s comment rejected.", "%(count)s comments rejected.", count
        ),
        services.Action.SPAM: ngettext(
            "%(count)s comment marked as spam.",
            "%(count)s comments marked as spam.",
            count,
        ),
    }
    number = localize_digits(count, current_language(), digits)
    return texts[action] % {"count": number}
