"""The desk's forms: rich text, dates picked in either calendar, clean uploads."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.forms import MergeTagsForm, TagField, TagWidget
from taggit.models import Tag

from articles import permissions, revisions, tags
from articles.models import Article, Author
from articles.selectors import category_outline
from core import hijri
from images.sanitize import sanitize_new_upload

# What the editor offers is a subset of what core.sanitize lets through.
EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False},
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "History": True,
        "HTML": True,
        "SpecialCharacters": True,
    }
}


class DeskEditorWidget(AdminProseEditorWidget):
    """The desk's rich-text editor (django-prose-editor) under the site's
    Content-Security-Policy.

    The library's own assets start the editor through an inline import map,
    and Tiptap writes its base rules into an inline ``<style>``; a policy without
    ``'unsafe-inline'`` refuses both. Here one static module,
    ``static/js/prose_editor.js``, imports the editor by its address and starts
    it on the textareas marked with the configuration, as the library's
    "configurable" preset does, and ``static/css/prose_editor.css`` holds
    Tiptap's rules.
    """

    def __init__(self, **kwargs):
        super().__init__(config=EDITOR_CONFIG, preset="configurable", **kwargs)

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "css/prose_editor.css",
                ]
            },
            js=[forms.Script("js/prose_editor.js", type="module")],
        )


class CategoryOutline(forms.models.ModelChoiceIterator):
    """The categories in tree order (``category_outline``), in one query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for category in category_outline(self.queryset):
            yield self.choice(category)


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories by name, in the interface language, indented by depth."""

    iterator = CategoryOutline

    def label_from_instance(self, obj):
        return obj.indented_name


class TagsInput(TagWidget):
    """The article's tags as the editor typed them (``الأسرة، القدس``), in the
    direction of their own text; ``language`` (the article's) gives the comma."""

    language = None

    def __init__(self, attrs=None):
        super().__init__({"dir": "auto", **(attrs or {})})

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = tags.write_tags(
                [getattr(tag, "name", tag) for tag in value], self.language
            )
        return forms.TextInput.format_value(self, value)


class TagsField(TagField):
    """taggit's tag field, read by ``read_tags`` and shown by ``TagsInput``."""

    widget = TagsInput

    def clean(self, value):
        return tags.read_tags(forms.CharField.clean(self, value))


HIJRI_HELP = _(
    "Or give the day in the Hijri calendar, e.g. “1 Ramadan 1448” or “1448-09-01”; "
    "the time of day above is kept (9:00 when none is given)."
)
DEFAULT_TIME_OF_DAY = datetime.time(9, 0)
#: Each Hijri-day input and the date-time field it sets: whoever may not change
#: the field does not get the input either.
HIJRI_DAY_INPUTS = {
    "publication_hijri_date": "published_at",
    "unpublication_hijri_date": "unpublish_at",
}


class ArticleAdminForm(forms.ModelForm):
    """Adds Hijri-date inputs beside the Gregorian date-time pickers.

    A new lead image is stored as ``images.sanitize`` re-encodes it: upright,
    without its metadata (a photo's GPS position never reaches the site).
    """

    publication_hijri_date = forms.CharField(
        label=_("publication day (Hijri)"), required=False, help_text=HIJRI_HELP
    )
    unpublication_hijri_date = forms.CharField(
        label=_("unpublication day (Hijri)"), required=False, help_text=HIJRI_HELP
    )
    correction_note = forms.CharField(
        label=_("correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Filled in, the save is a correction: the note (what changed, in the "
            "article's language) is shown above the text with today's date, and "
            "the places the statement was sent are told."
        ),
    )
    review_note = forms.CharField(
        label=_("note to the authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_(
            "To send the article back: what to change. Its authors see the note "
            "on its form until they mark it ready for review again."
        ),
    )
    #: Who fills the form in (set by the admin): what they may link is theirs.
    user = None
    #: The step of the review the form is sent with, if any (set by the
    #: admin: ``permissions.REVIEW_STEPS``).
    review_step = None

    class Meta:
        model = Article
        fields = [
            "title", "slug", "language", "translation", "category", "office", "tags",
            "status", "published_at", "unpublish_at", "is_featured", "breaking_until",
            "comments_enabled", "lead_image", "lead_image_alt", "lead_image_caption",
            "excerpt", "body",
        ]  # fmt: skip
        widgets = {"body": DeskEditorWidget()}
        field_classes = {"tags": TagsField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None:  # withdrawn only through its own page, for good
            status.choices = [
                choice
                for choice in status.choices
                if choice[0] != Article.Status.WITHDRAWN
            ]
        if "tags" in self.fields:
            self.fields["tags"].help_text = " ".join(
                [
                    gettext(
                        "Separate tags with commas (, or ،); put a tag that holds "
                        "a comma in quotes."
                    ),
                    tags.name_help(),
                ]
            )
            language = self.instance.language or self.initial.get("language")
            self.fields["tags"].widget.language = language

    def clean_lead_image(self):
        return sanitize_new_upload(self.cleaned_data.get("lead_image"))

    def text_language(self, name):
        """The article's wording is in its language (``desk.edits``)."""
        return self.instance.language if name in revisions.WORDING else None

    def clean_tags(self):
        """Every tag follows ``articles.tags``' rule, but one the article
        already has may stay as it is: the editor did not make it, and
        the article must stay saveable."""
        names = self.cleaned_data["tags"]
        kept = (
            {tag.name for tag in self.instance.tags.all()} if self.instance.pk else ()
        )
        for name in names:
            if name not in kept:
                tags.check_tag_name(name)
        return names

    def _typed_time(self, datetime_field):
        """The time of day typed beside ``datetime_field``'s date, if any.

        Read from the time input itself, so that it is kept even when the
        Gregorian date beside it was left empty (the field is then invalid).
        """
        field = self.fields[datetime_field]
        if datetime_field not in self.errors:
            current = self.cleaned_data.get(datetime_field)
            if current is not None:
                return timezone.localtime(current).time().replace(tzinfo=None)
        values = field.widget.value_from_datadict(
            self.data, self.files, self.add_prefix(datetime_field)
        )
        typed = values[1] if isinstance(values, list | tuple) else None
        if not typed:
            return None
        try:
            return field.fields[1].clean(typed)
        except forms.ValidationError:
            return None

    def _apply_hijri_day(self, hijri_field, datetime_field):
        text = self.cleaned_data.get(hijri_field, "").strip()
        if not text:
            return
        try:
            day = hijri.parse_hijri_date(text)
        except ValueError as error:
            self.add_error(hijri_field, str(error))
            return
        time_of_day = self._typed_time(datetime_field) or DEFAULT_TIME_OF_DAY
        self.cleaned_data[datetime_field] = timezone.make_aware(
            datetime.datetime.combine(day, time_of_day)
        )
        if datetime_field in self.errors:
            del self.errors[datetime_field]

    def _check_supported(self, datetime_field):
        value = self.cleaned_data.get(datetime_field)
        if value is None:
            return
        try:
            hijri.check_supported(value)
        except ValueError as error:
            self.add_error(datetime_field, str(error))

    def _check_translation(self):
        partner = self.cleaned_data.get("translation")
        if getattr(partner, "pk", None) == self.instance.translation_id:
            if partner is not None and "office" in self.changed_data:
                self._check_same_office(partner, "office")
            return
        if not permissions.can_link_translation(self.user, self.instance, partner):
            self.add_error(
                "translation",
                _(
                    "You may link only articles you may edit: linking or "
                    "unlinking this one would change another person's article. "
                    "Ask an editor."
                ),
            )
            return
        if partner is None:
            return
        if self.instance.pk and partner.pk == self.instance.pk:
            self.add_error(
                "translation", _("An article cannot be its own translation.")
            )
        elif partner.language == self.cleaned_data.get("language"):
            self.add_error(
                "translation",
                _("A translation is in the other language: “%(title)s” is not.")
                % {"title": partner.title},
            )
        else:
            self._check_same_office(partner, "translation")

    def _check_same_office(self, partner, field):
        """A translation carries its original's reference number, which is
        an office's (``services.shares_reference``): both are of one office."""
        office = self.cleaned_data.get("office")
        if office is not None and office.pk != partner.office_id:
            self.add_error(
                field,
                _(
                    "A statement and its translation carry one reference number, "
                    "so they belong to the same office: “%(title)s” is of "
                    "%(office)s."
                )
                % {"title": partner.title, "office": partner.office},
            )

    def clean_correction_note(self):
        note = self.cleaned_data["correction_note"].strip()
        if note and self.instance.state != Article.State.PUBLISHED:
            raise forms.ValidationError(
                _("Only a published statement is corrected; save it without a note.")
            )
        return note

    def clean_review_note(self):
        note = self.cleaned_data["review_note"].strip()
        if self.review_step == "send_back" and not note:
            raise forms.ValidationError(
                _("Say what to change: its authors read this note.")
            )
        if note and self.review_step != "send_back":
            raise forms.ValidationError(
                _(
                    "To send the article back with this note, press “Send back "
                    "to its authors”; to save it without sending it back, empty "
                    "the note."
                )
            )
        return note

    def clean_breaking_until(self):
        until = self.cleaned_data.get("breaking_until")
        if until is not None and "breaking_until" in self.changed_data:
            if until <= timezone.now():
                raise forms.ValidationError(
                    _(
                        "Choose a time still to come; to take the banner down, "
                        "empty the field."
                    )
                )
        return until

    def clean(self):
        cleaned = super().clean()
        self._check_translation()
        self._apply_hijri_day("publication_hijri_date", "published_at")
        self._apply_hijri_day("unpublication_hijri_date", "unpublish_at")
        self._check_supported("published_at")
        self._check_supported("unpublish_at")
        self._check_supported("breaking_until")
        if self.review_step and cleaned.get("status", Article.Status.DRAFT) != (
            Article.Status.DRAFT
        ):
            self.add_error(
                "status",
                _(
                    "Only a draft is marked ready for review or sent back: keep "
                    "the status “draft”, or publish it with Save."
                ),
            )
        return cleaned


class TagAdminForm(forms.ModelForm):
    """A tag in taggit's admin, its name held to ``articles.tags``' rule (a
    stored name may stay as it is)."""

    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = tags.name_help()

    def clean_name(self):
        name = self.cleaned_data["name"]
        if name != self.instance.name:
            tags.check_tag_name(name)
        return name


class TagMergeForm(MergeTagsForm):
    """taggit's merge of tags, the merged tag's name held to the rule."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_tag_name"].help_text = tags.name_help()

    def clean_new_tag_name(self):
        name = self.cleaned_data["new_tag_name"]
        tags.check_tag_name(name)
        return name


class AuthorAdminForm(forms.ModelForm):
    """An author's profile; a new photo is stored sanitised, like lead images."""

    class Meta:
        model = Author
        fields = [
            "name_en", "name_ar", "slug", "role_en", "role_ar", "office", "photo",
            "bio_en", "bio_ar", "gender", "user",
        ]  # fmt: skip

    def clean_photo(self):
        return sanitize_new_upload(self.cleaned_data.get("photo"))


class WithdrawForm(forms.Form):
    """Why a published statement is withdrawn: shown at its address."""

    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Shown to readers at the statement's address, in the article's "
            "language, with the date and the office. A withdrawal is for good."
        ),
    )

    tell_subscribers = forms.BooleanField(
        label=_("Tell the email subscribers who received it"),
        required=False,
        help_text=_("A short notice with the reason, in the statement's language."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the statement is withdrawn."))
        return reason
