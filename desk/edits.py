"""Two people editing one thing: every save says which version it started from.

A change form in the admin carries, signed, what its fields held when it was
drawn (``based_on``). When it is saved and the stored object no longer holds
that, someone else saved in between, and the save is refused instead of
silently putting back their old values:

- the form says who saved and when, and what they changed, word by word as
  the revisions' comparison shows it (``changes``);
- what this editor typed is kept in the form; the fields they did not touch
  now hold the newer values, and the form carries the newer version, so
  saving again applies their changes on the other person's version;
- a field both changed is named: this editor's text is kept in the form,
  the other person's change is shown beside it.

``EditConflictsAdmin`` gives this to a ``ModelAdmin``; every admin two people
may edit at once uses it. Saves without a version (a form drawn before this
existed, a script) are taken as they come.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import ProseEditorWidget

from core import hijri, i18n
from core.diff import value_change, word_diff
from core.sanitize import html_to_text

SALT = "desk.edits.based-on"


@dataclass(frozen=True)
class Change:
    """One field's change: its label, and the change as safe HTML.

    ``language`` is the text's own language when it has one (an article's
    wording: it then runs in that direction), ``None`` for what is shown in
    the interface language.
    """

    label: str
    html: str
    language: str | None = None
    # This editor changed the field too: their text is the one in the form.
    both: bool = False

    @property
    def direction(self):
        return i18n.text_direction(self.language) if self.language else None


def shown(field, value, language, digits=None):
    """A setting's value as an editor reads it (never an id or a code)."""
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(field, models.DateTimeField):
        return hijri.format_dual(value, language, digits, time=True)
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else gettext("(deleted)")
    if isinstance(field, models.FileField):
        return str(getattr(value, "name", value))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return hijri.localize_digits(value, language, digits)


def field_change(
    field, before, after, *, language, digits=None, words, text_language=None,
    rich=False,
):  # fmt: skip
    """How ``field`` went from ``before`` to ``after`` (a ``Change``), or
    ``None`` when it did not.

    ``words``: a text compared word by word (in ``text_language``'s direction
    when given), else a setting shown whole as an editor reads it; ``rich``:
    HTML, compared as the text a reader reads.
    """
    if before == after:
        return None
    label = capfirst(field.verbose_name)
    if not words:
        values = (shown(field, value, language, digits) for value in (before, after))
        return Change(label, value_change(*values))
    if rich:
        before, after = html_to_text(before), html_to_text(after)
        if before == after:
            note = gettext("Only the formatting changed; the text reads the same.")
            return Change(label, note)
    return Change(label, word_diff(before, after), text_language)


# Versions ------------------------------------------------------------------------


def _comparable(field, value):
    """``value`` of ``field`` as the version keeps it (JSON: a day as text, a
    related object as its key, several as their sorted names; times to the
    second, as the form shows them)."""
    if isinstance(value, datetime.datetime | datetime.time):
        value = value.replace(microsecond=0)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)  # one moment, one spelling
    if field.many_to_many or isinstance(value, list | tuple | models.QuerySet):
        return sorted(str(item) for item in value or ())
    if isinstance(field, models.FileField):
        return getattr(value, "name", value) or ""
    if isinstance(field, models.ForeignKey) and isinstance(value, models.Model):
        return value.pk
    return DjangoJSONEncoder().default(value) if _encoded(value) else value


def _encoded(value):
    return not isinstance(value, str | int | float | bool | type(None))


def snapshot(instance, names, values=None):
    """What ``instance``'s fields ``names`` hold, comparable across requests.

    ``values``: field values that replace the instance's (a form's cleaned
    many-to-many values, which the instance only gets once saved).
    """
    values = values or {}
    kept = {}
    for name in names:
        field = instance._meta.get_field(name)
        if name in values:
            value = values[name]
        elif field.many_to_many:
            value = field.value_from_object(instance) if instance.pk else []
        else:
            value = getattr(instance, field.attname)
        kept[name] = _comparable(field, value)
    return kept


def signed(version):
    """A ``snapshot`` as a form carries it."""
    return signing.dumps(version, salt=SALT, compress=True)


def read_version(token):
    """The snapshot a form was drawn from, or ``None`` (none, or forged)."""
    try:
        return signing.loads(token, salt=SALT) if token else None
    except signing.BadSignature:
        return None


def last_saved(instance):
    """``(user, time)`` of the last change recorded in the admin's log."""
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=str(instance.pk),
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    return (entry.user, entry.action_time) if entry else (None, None)


# The form -------------------------------------------------------------------------


@dataclass
class EditConflict:
    """Someone saved ``instance`` after this form was drawn."""

    user: object
    time: object
    changes: list


class VersionField(forms.CharField):
    """The version a form was drawn from: hidden, and never a change of the
    editor's own (the history names only what they changed)."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class VersionedForm(forms.ModelForm):
    """A model form that carries the version it was drawn from and refuses a
    save from an older one (see the module)."""

    based_on = VersionField(required=False)
    #: Set on a refused save: who saved in between, and what they changed.
    edit_conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound and not self.initial.get("based_on"):
            # A form drawn again from a kept copy (``desk.autosave``) carries
            # the version that copy started from.
            self.initial["based_on"] = signed(snapshot(self.instance, self.versioned()))

    def versioned(self):
        """The model fields this form edits: what a version is made of."""
        names = {field.name for field in self.instance._meta.get_fields()}
        return [name for name in self.fields if name in names]

    def text_language(self, name):
        """The language ``name``'s text is written in, if not the interface's."""
        return None

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk and not self.errors:
            self._refuse_an_older_version()

    def _refuse_an_older_version(self):
        base = read_version(self.data.get(self.add_prefix("based_on")))
        if base is None:
            return
        names = [name for name in self.versioned() if name in base]
        model = type(self.instance)
        # Locked until this save commits: a save at the same moment waits,
        # then finds this one's version.
        stored = model._default_manager.select_for_update().get(pk=self.instance.pk)
        current = snapshot(stored, names)
        theirs = [name for name in names if current[name] != base[name]]
        if not theirs:
            return
        mine = snapshot(self.instance, names, values=self._many_to_many(names))
        user, time = last_saved(stored)
        self.edit_conflict = EditConflict(
            user, time, self._changes(stored, base, current, mine, theirs)
        )
        self.data = self._newer_data(stored, current, mine, base, theirs)
        self.add_error(None, self._refusal(user, time))

    def _changes(self, stored, base, current, mine, theirs):
        changes = []
        for name in theirs:
            field = stored._meta.get_field(name)
            rich = self._is_rich(name)
            before, after = (
                _python(field, version[name]) for version in (base, current)
            )
            change = field_change(
                field, before, after, language=i18n.current_language(),
                words=_is_text(field), text_language=self.text_language(name),
                rich=rich,
            )  # fmt: skip
            both = self._typed(name, mine, base) and mine[name] != current[name]
            changes.append(
                Change(change.label, change.html, change.language, both=both)
            )
        return changes

    def _many_to_many(self, names):
        """The cleaned values of the many-to-many fields among ``names``
        (tags…): the instance has them only once saved."""
        meta = self.instance._meta
        return {
            name: self.cleaned_data[name]
            for name in names
            if name in self.cleaned_data and meta.get_field(name).many_to_many
        }

    def _is_rich(self, name):
        return isinstance(_widget(self.fields[name]), ProseEditorWidget)

    def _typed(self, name, mine, base):
        """Whether this editor changed ``name`` (rich text: its words; the
        editor may write the same text as other markup)."""
        if self._is_rich(name):
            return html_to_text(mine[name]) != html_to_text(base[name])
        return mine[name] != base[name]

    def _newer_data(self, stored, current, mine, base, theirs):
        """The data of this form with the newer version: what this editor
        changed stays as typed, what they did not now holds the newer value."""
        data = self.data.copy()
        data[self.add_prefix("based_on")] = signed(current)
        initial = forms.models.model_to_dict(stored, fields=theirs)
        for name in theirs:
            if not self._typed(name, mine, base):
                for key, values in _as_data(self[name], initial.get(name)).items():
                    data.setlist(key, values)
        return data

    def _refusal(self, user, time):
        who = str(user) if user else gettext("Someone")
        when = (
            hijri.format_dual(time, i18n.current_language(), time=True) if time else ""
        )
        return forms.ValidationError(
            _(
                "%(who)s saved this %(thing)s (%(when)s) after you opened it, "
                "so nothing was saved. What they changed is shown below; what "
                "you typed is kept in the form. Check it, then save again to "
                "apply your changes on their version."
            ),
            params={
                "who": who,
                "thing": self.instance._meta.verbose_name,
                "when": when,
            },
            code="edit-conflict",
        )


def _python(field, value):
    """A version's ``value`` of ``field`` as the field holds it (a related
    object's key, and names, as they are)."""
    if field.many_to_many or isinstance(value, list | int):
        return value
    return field.to_python(value)


def _is_text(field):
    """A text compared word by word (not a choice, a name or a date)."""
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def _widget(field):
    widget = field.widget
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def _as_data(bound_field, value):
    """What a browser sends for ``bound_field`` when it shows ``value``
    (``{name: [values]}``; a file input sends nothing and keeps the stored file)."""
    widget = _widget(bound_field.field)
    name = bound_field.html_name
    value = bound_field.field.prepare_value(value)
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return {}
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return {
            f"{name}{suffix}": [_formatted(sub, part)]
            for suffix, sub, part in zip(
                widget.widgets_names, widget.widgets, parts, strict=True
            )
        }
    if isinstance(widget, forms.CheckboxInput):
        return {name: ["on"] if value else []}
    if getattr(widget, "allow_multiple_selected", False):
        return {name: [str(item) for item in value or ()]}
    return {name: [_formatted(widget, value)]}


def _formatted(widget, value):
    formatted = widget.format_value(value)
    if isinstance(formatted, list):  # a select's chosen values
        formatted = formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


class EditConflictsAdmin:
    """A ``ModelAdmin`` mixin: its change form refuses a save from an older
    version, as the module says. Put it before ``admin.ModelAdmin``."""

    change_form_template = "admin/edits/change_form.html"

    def get_fields(self, request, obj=None):
        # The version travels hidden at the top of the form, not in a fieldset.
        return [name for name in super().get_fields(request, obj) if name != "based_on"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The admin's form first: its own ``text_language`` and checks win.
        return type(form.__name__, (form, VersionedForm), {})
