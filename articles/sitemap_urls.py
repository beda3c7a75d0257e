"""The sitemaps' addresses, outside the language prefixes (``/sitemap.xml``)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from articles import views
from articles.sitemaps import SECTIONS, NewsSitemap
from core.middleware import language_neutral

app_name = "sitemaps"

urlpatterns = [
    path(
        "sitemap.xml",
        language_neutral(sitemap_views.index),
        {
            "sitemaps": SECTIONS,
            "template_name": "sitemaps/index.xml",
            "sitemap_url_name": "sitemaps:section",
        },
        name="index",
    ),
    path(
        "sitemap-<str:section>.xml",
        language_neutral(views.sitemap),
        {"sitemaps": SECTIONS},
        name="section",
    ),
    path(
        "news-sitemap.xml",
        language_neutral(views.sitemap),
        {"sitemaps": {"news": NewsSitemap}, "section": "news"},
        name="news",
    ),
]
