"""The reader's comment form and the moderators' decision form."""

import time

from django import forms
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from comments import moderation
from comments.models import REJECTION_REASONS, Comment
from comments.services import Action
from core import conf

TIMESTAMP_SALT = "comments.form-issued"
PARENT_GONE = _(
    "The comment you were replying to is no longer shown. Send the form again "
    "to post yours as a new comment."
)
FORM_UNCHECKED = _("The form could not be checked. Please send your comment again.")


def sign_timestamp(at=None):
    """A tamper-proof note of when the form was handed out (seconds)."""
    at = time.time() if at is None else at
    return signing.Signer(salt=TIMESTAMP_SALT).sign(str(int(at)))


def read_timestamp(value):
    """The time ``sign_timestamp`` noted, or ``None`` if it was tampered with."""
    try:
        return int(signing.Signer(salt=TIMESTAMP_SALT).unsign(value or ""))
    except (signing.BadSignature, ValueError):
        return None


class CommentForm(forms.Form):
    """A reader's comment: plain text, checked field by field.

    Two traps for robots travel with it: a field people leave empty (hidden
    from them) and a signed note of when the form was handed out, so that a
    form sent back impossibly fast is refused. When the form comes back with
    errors it carries a fresh note, and everything typed is kept.
    """

    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("Email"), help_text=_("Never shown on the site."), max_length=254
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}))
    parent = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": PARENT_GONE, "min_value": PARENT_GONE},
        min_value=1,
    )
    issued = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": FORM_UNCHECKED}
    )
    # The honeypot: hidden from people, filled by robots.
    fax = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    invisible_error = _(
        "Nothing here can be read: it holds only spaces or invisible characters. "
        "Please write it again."
    )
    html_error = _(
        "HTML code is not allowed. Please remove the HTML (such as <b> or "
        "<a href=…>) and send your comment again as plain text."
    )

    name_errors = {
        "invisible": invisible_error,
        "html": html_error,
        "bidi": _(
            "Your name contains invisible direction marks that change how it "
            "reads. Please type your name again without them."
        ),
        "line-break": _("Please type your name on one line."),
    }

    def __init__(self, *args, article, **kwargs):
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        self.article = article
        max_length = conf.get("COMMENTS_MAX_LENGTH")
        body = self.fields["body"]
        body.max_length = max_length
        body.validators.append(MaxLengthValidator(max_length))
        body.widget.attrs["maxlength"] = str(max_length)
        self.fields["issued"].initial = sign_timestamp()
        for name in ("name", "email", "website"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.fields["body"].widget.attrs["dir"] = "auto"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["website"].widget.attrs["autocomplete"] = "url"

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            # What comes back is a fresh form for the reader's next try: a new
            # timestamp, the trap emptied, a vanished reply target dropped.
            self.data = self.data.copy()
            self.data["issued"] = sign_timestamp()
            self.data["fax"] = ""
            if "parent" in self._errors:
                self.data["parent"] = ""

    def clean_name(self):
        name = self.cleaned_data["name"]
        problem = moderation.name_problem(name)
        if problem:
            raise forms.ValidationError(self.name_errors[problem], code=problem)
        return name

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not moderation.has_visible_text(body):
            raise forms.ValidationError(self.invisible_error, code="invisible")
        if moderation.contains_html(body):
            raise forms.ValidationError(self.html_error, code="html")
        return body

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = (
            Comment.objects.public()
            .filter(article=self.article, pk=pk)
            .select_related("parent")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(PARENT_GONE, code="parent")
        return parent

    def clean_issued(self):
        issued = read_timestamp(self.cleaned_data["issued"])
        if issued is None:
            raise forms.ValidationError(FORM_UNCHECKED, code="tampered")
        problem = moderation.form_timing_problem(time.time() - issued)
        if problem == "too-fast":
            raise forms.ValidationError(
                _(
                    "The form was sent back very quickly. Please check your comment "
                    "and send it again."
                ),
                code="too-fast",
            )
        if problem == "expired":
            raise forms.ValidationError(
                _("The form was open for a long time. Please send your comment again."),
                code="expired",
            )
        return issued

    def clean_fax(self):
        if self.cleaned_data["fax"]:
            raise forms.ValidationError(
                _(
                    "Your comment looked automated and was not accepted. Please "
                    "send it again."
                ),
                code="honeypot",
            )
        return ""

    def summary_errors(self):
        """Errors that belong to no visible field, for the top of the form."""
        errors = list(self.non_field_errors())
        for field in self.hidden_fields():
            errors.extend(field.errors)
        errors.extend(self["fax"].errors)
        return errors


class CommentsField(forms.ModelMultipleChoiceField):
    """Comments chosen by id; an id no database column can hold is refused."""

    largest_id = 2**63 - 1

    def clean(self, value):
        for pk in value or ():
            if not str(pk).isdigit() or int(pk) > self.largest_id:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class ModerationForm(forms.Form):
    """One decision on one or more comments, from the moderation queue.

    The queue is a single form: each comment has its own buttons
    (``decide=approve:12``) and its own reason list (``reason-12``); the bulk
    buttons (``bulk=spam``) act on the ticked boxes (``selected``).
    """

    action = forms.ChoiceField(
        choices=[
            (Action.APPROVE, _("Approve")),
            (Action.REJECT, _("Reject")),
            (Action.SPAM, _("Spam")),
        ]
    )
    comments = CommentsField(
        queryset=Comment.objects.all(),
        error_messages={"required": _("Tick at least one comment first.")},
    )
    reason = forms.ChoiceField(
        choices=[("", _("Choose a reason"))]
        + [(reason.value, reason.label) for reason in REJECTION_REASONS],
        required=False,
    )

    @staticmethod
    def data_from_post(post):
        """The form's data from the queue page's POST, whichever button was used."""
        decide = post.get("decide", "")
        if decide:
            action, _sep, pk = decide.partition(":")
            return {
                "action": action,
                "comments": [pk],
                "reason": post.get(f"reason-{pk}", ""),
            }
        return {
            "action": post.get("bulk", ""),
            "comments": post.getlist("selected"),
            "reason": post.get("bulk_reason", ""),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == Action.REJECT and not cleaned.get("reason"):
            self.add_error(
                "reason", _("Choose a reason for rejecting, then press Reject.")
            )
        return cleaned


def rejection_reason_choices():
    """``[(value, label)]`` of the canned reasons, for templates."""
    return [(reason.value, reason.label) for reason in REJECTION_REASONS]
