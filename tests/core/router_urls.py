"""A test-only URLconf: a GET that reads, writes, then reads again, telling
which database each read came from (tests/core/test_db_router.py)."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from pages.models import Page


def read(slug):
    page = Page.objects.get(slug=slug, language="en")
    return {"title": page.title, "database": page._state.db}


def read_write_read(request, slug):
    before = read(slug)
    Page.objects.filter(slug=slug, language="en").update(title="Written now")
    return JsonResponse({"before": before, "after": read(slug)})


@csrf_exempt
def just_read(request, slug):
    return JsonResponse(read(slug))


urlpatterns = [
    path("read-write-read/<slug:slug>/", read_write_read),
    path("read/<slug:slug>/", just_read),
]
