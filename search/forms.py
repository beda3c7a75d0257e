"""The search form: the words, and what a reader may narrow the search to."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.models import Author
from articles.selectors import category_tree
from core import hijri, i18n
from core.i18n import current_language
from search.query import Filters
from search.terms import document_words, query_words

MAX_QUERY_LENGTH = 200
BOTH = "both"


def printable(text):
    """``text`` without the characters a page must not contain (NUL, controls).

    What a reader typed is shown back to them; such characters would make the
    page invalid HTML, and they are refused by the form anyway.
    """
    return "".join(
        ch
        for ch in str(text or "")
        if ch in "\t\n\r"
        or not (
            unicodedata.category(ch) in ("Cc", "Cs")
            or 0xFDD0 <= ord(ch) <= 0xFDEF
            or (ord(ch) & 0xFFFE) == 0xFFFE
        )
    )


class PrintableValueMixin:
    """A text widget that shows back what was typed, minus unprintable characters."""

    def format_value(self, value):
        return super().format_value(printable(value) if value is not None else value)


class QueryInput(PrintableValueMixin, forms.SearchInput):
    pass


class DayInput(PrintableValueMixin, forms.TextInput):
    pass


class DualCalendarDateField(forms.CharField):
    """A day typed as a Gregorian or a Hijri date (``hijri.parse_day``: ``٣
    رجب ١٤٤٨هـ`` too); cleans to a ``datetime.date``. Its hint is its form's
    (``date_hint``): this month, in the reader's digits."""

    widget = DayInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # a longer text is refused with a message
        return {**attrs, "dir": "auto"}

    def clean(self, value):
        text = super().clean(value)  # length, NUL characters
        if not text:
            return None
        try:
            return hijri.parse_day(printable(text))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error


def category_choices(nodes, depth=0):
    """The live categories below ``nodes`` (``category_tree()``'s) as ``(id,
    label)``, in the tree's order, indented by depth."""
    choices = []
    for node in nodes:
        choices.append((node.category.pk, f"{'— ' * depth}{node.category.name}"))
        choices += category_choices(node.children, depth + 1)
    return choices


def date_hint(examples):
    """The hint under a date field: ``examples`` (``hijri.typing_examples``)."""
    gregorian, named, numeric = examples
    return _("Gregorian (%(gregorian)s) or Hijri (%(hijri)s or %(numeric)s).") % {
        "gregorian": gregorian,
        "hijri": named,
        "numeric": numeric,
    }


class SearchForm(forms.Form):
    """What to search for (``q``) and the filters; read from the query string.

    The edition defaults to the interface's. Choices are loaded once (one
    query for categories, one for authors) and validated without more. The
    date fields' hint shows this month in the reader's ``digits`` (their
    choice for Arabic, ``core.reader.digits_preference``).
    """

    q = forms.CharField(
        label=_("Search for"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=QueryInput(attrs={"dir": "auto"}),
    )
    edition = forms.ChoiceField(
        label=_("Edition"),
        required=False,
        choices=[
            ("ar", _("Arabic edition")),
            ("en", _("English edition")),
            (BOTH, _("Both editions")),
        ],
    )
    category = forms.TypedChoiceField(
        label=_("Category"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Its sub-categories are searched too."),
    )
    author = forms.TypedChoiceField(
        label=_("Author"), required=False, coerce=int, empty_value=None
    )
    date_from = DualCalendarDateField(label=_("From"), required=False)
    date_to = DualCalendarDateField(label=_("To"), required=False)

    def __init__(self, *args, digits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = current_language()
        self.fields["q"].widget.attrs.pop("maxlength", None)
        #: What the date fields' hint shows (the kept filters differ by it).
        self.date_examples = hijri.typing_examples(self.language, digits)
        for name in ("date_from", "date_to"):
            self.fields[name].help_text = date_hint(self.date_examples)
        if i18n.separate_editions():
            self.fields["edition"].initial = self.language
            if self.is_bound and not self.data.get("edition"):
                # The header's box sends only the words: show the edition
                # searched, the interface's.
                self.data = self.data.copy()
                self.data["edition"] = self.language
        else:
            del self.fields["edition"]  # every edition lists every article
        tree = category_tree(self.language)  # kept in the shared cache
        self.categories = {pk: node.category for pk, node in tree.nodes.items()}
        self.fields["category"].choices = [
            ("", _("All categories")),
            *category_choices(tree.roots),
        ]
        self.authors = {a.pk: a for a in Author.objects.all()}
        self.fields["author"].choices = [
            ("", _("All authors")),
            *sorted(((a.pk, a.name) for a in self.authors.values()), key=_label),
        ]

    def clean_q(self):
        text = printable(self.cleaned_data["q"])
        if text and not query_words(text):
            if document_words(text):
                raise ValidationError(
                    _(
                        "“%(text)s” is too common to search for: add a more "
                        "specific word."
                    ),
                    code="common",
                    params={"text": text},
                )
            raise ValidationError(
                _("Type a word to search for: letters or digits, not only signs."),
                code="no_words",
            )
        return text

    def clean_edition(self):
        return self.cleaned_data["edition"] or self.language

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date comes before the start date."))
        return cleaned

    @property
    def query(self):
        """The words searched for ('' when the form is empty or invalid)."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    def filters(self):
        """The cleaned filters as ``search.query.Filters``."""
        data = self.cleaned_data
        edition = data.get("edition")
        return Filters(
            language=None if edition in (None, BOTH) else edition,
            category=self.categories.get(data.get("category")),
            author=self.authors.get(data.get("author")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def filter_values(self):
        """What the filters show, as sent (``(name, value)`` each): the kept
        filters' markup (``{% kept %}`` in search/form.html) differs by it."""
        return tuple((field.name, field.value()) for field in self if field.name != "q")

    def narrowed(self):
        """Whether any filter other than the edition is set."""
        filters = self.filters()
        return any(
            (filters.category, filters.author, filters.date_from, filters.date_to)
        )


def _label(choice):
    return str(choice[1]).casefold()
