"""The editors' page form: the articles' rich-text editor, same configuration."""

from django import forms
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.forms import EDITOR_CONFIG
from pages.models import Page


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "title", "slug", "language", "show_in", "position", "is_published", "body",
        ]  # fmt: skip
        widgets = {
            "body": AdminProseEditorWidget(config=EDITOR_CONFIG, preset="configurable")
        }
