from django.urls import path

from articles import archive, feeds, views

app_name = "articles"


def feed_paths(route, name, rss, atom):
    """An RSS feed at ``route`` and its Atom twin at ``route`` + ``atom/``."""
    return [
        path(route, rss(), name=name),
        path(f"{route}atom/", atom(), name=f"{name}_atom"),
    ]


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    *feed_paths("feed/", "feed", feeds.ArticleFeed, feeds.EditionAtomFeed),
    # Before the category pages, whose <path> would take "…/feed" in.
    *feed_paths(
        "category/<path:path>/feed/",
        "category_feed",
        feeds.CategoryFeed,
        feeds.CategoryAtomFeed,
    ),
    *feed_paths(
        "author/<str:slug>/feed/", "author_feed", feeds.AuthorFeed, feeds.AuthorAtomFeed
    ),
    *feed_paths(
        "office/<str:slug>/feed/", "office_feed", feeds.OfficeFeed, feeds.OfficeAtomFeed
    ),
    *feed_paths("tag/<str:slug>/feed/", "tag_feed", feeds.TagFeed, feeds.TagAtomFeed),
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
