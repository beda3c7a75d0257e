"""A test-only URLconf with a view that crashes, for the 500 page."""

from django.urls import path


def crash(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


handler500 = "cms.views.server_error"
urlpatterns = [path("boom/", crash)]
