from django.contrib import admin

from desk.edits import EditConflictsAdmin
from pages.forms import PageAdminForm
from pages.models import Page


@admin.register(Page)
class PageAdmin(EditConflictsAdmin, admin.ModelAdmin):
    """Static pages per language; the body is sanitised again on save."""

    form = PageAdminForm
    list_display = ["title", "language", "slug", "show_in", "position", "is_published"]
    list_editable = ["position", "is_published"]
    list_filter = ["language", "show_in", "is_published"]
    search_fields = ["title", "slug"]

    class Media:
        js = ["js/admin_article_direction.js"]
