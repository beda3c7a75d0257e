from django.urls import path

from articles import archive, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("article/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("tag/<str:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("category/<path:path>/", views.CategoryDetailView.as_view(), name="category"),
    path("authors/", views.AuthorListView.as_view(), name="authors"),
    path("author/<str:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("office/<str:slug>/", views.OfficeDetailView.as_view(), name="office"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", views.ArchiveYearView.as_view(), name="archive_year"),
    path(
        "archive/<int:year>/<int:month>/",
        views.ArchiveMonthView.as_view(),
        name="archive_month",
    ),
    path(
        "archive/hijri/<int:year>/",
        views.ArchiveYearView.as_view(calendar=archive.HIJRI),
        name="archive_hijri_year",
    ),
    path(
        "archive/hijri/<int:year>/<int:month>/",
        views.ArchiveMonthView.as_view(calendar=archive.HIJRI),
        name="archive_hijri_month",
    ),
]
