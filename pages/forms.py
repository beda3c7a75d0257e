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

    def text_language(self, name):
        """The page's title and body are in its language (``desk.edits``)."""
        return self.instance.language if name in {"title", "body"} else None
