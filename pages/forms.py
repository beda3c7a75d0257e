"""The editors' page form: the articles' rich-text editor, same configuration."""

from django import forms

from articles.forms import DeskEditorWidget
from pages.models import Page


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "title", "slug", "language", "show_in", "position", "is_published", "body",
        ]  # fmt: skip
        widgets = {"body": DeskEditorWidget()}
