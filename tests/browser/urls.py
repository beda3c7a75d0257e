"""The site's URLs plus uploaded media, which the live server does not serve."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from cms.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(
        r"^media/(?P<path>.*)$",
        lambda request, path: serve(request, path, document_root=settings.MEDIA_ROOT),
    ),
    *site_urlpatterns,
]
