"""A test-only URLconf with views that crash, for the 500 page."""

from django.urls import path


def crash(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


def crash_otherwise(request):
    raise ValueError("another deliberate failure, of another kind")


handler500 = "site_settings.views.server_error"
urlpatterns = [path("boom/", crash), path("boom/other/", crash_otherwise)]
