"""Root URLs: the admin, the JSON API and the public site, one URL prefix per
language."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from site_settings import views

handler400 = "site_settings.views.bad_request"
handler500 = "site_settings.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("prefs/digits/", views.set_digits, name="set_digits"),
    path("healthz", views.healthz, name="healthz"),
    path("token/", views.form_token, name="form_token"),
    # The read-only JSON API: one address for every language.
    path("api/v1/", include("api.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # A mail provider's bounce and complaint webhooks (django-anymail).
    path("anymail/", include("anymail.urls")),
    # /sitemap.xml, its sections and the Google News sitemap.
    path("", include("articles.sitemap_urls")),
]
urlpatterns += i18n_patterns(
    path("comments/", include("comments.urls")),
    path("page/", include("pages.urls")),
    path("search/", include("search.urls")),
    path("subscribe/", include("mailing.urls")),
    # A statement's PDF (/<lang>/article/<slug>/pdf/), before the articles'.
    path("", include("documents.urls")),
    path("", include("articles.urls")),
)
if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Where no web server stands in front (`make run`, `make serve`).
    media = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(re_path(rf"^{media}(?P<path>.+)$", views.media, name="media"))
