"""A test-only URLconf with a view that crashes, for the 500 page."""

from django.urls import path


def crash(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [path("boom/", crash)]
