from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor, Author, Category, Office
from cms import hijri


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "is_central", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_ar", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "office", "gender", "user"]
    list_filter = ["office", "gender"]
    search_fields = ["name_en", "name_ar", "slug", "role_en", "role_ar"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["office", "user"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["path", "name_en", "name_ar", "position", "is_published", "is_live"]
    list_filter = ["is_published", "is_live"]
    list_editable = ["position", "is_published"]
    search_fields = ["name_en", "name_ar", "path"]
    autocomplete_fields = ["parent"]


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "dual_publication_date",
        "category",
        "language",
        "is_featured",
    ]
    list_filter = ["status", "language", "is_featured", "category", "office"]
    list_select_related = ["category"]
    search_fields = ["title", "slug", "excerpt"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "office"]
    inlines = [ArticleAuthorInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "category", "office"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "is_featured", "comments_enabled"]},
        ),
        (
            _("Lead image"),
            {"fields": ["lead_image", "lead_image_alt", "lead_image_caption"]},
        ),
        (_("Text"), {"fields": ["excerpt", "body"]}),
    ]

    @admin.display(description=_("publication date"), ordering="published_at")
    def dual_publication_date(self, obj):
        return hijri.format_dual(obj.published_at, get_language())
