"""``/api/v1/``: the API's addresses, each served as ``api.http`` says."""

from django.urls import URLPattern, re_path

from api.http import json_response, problems, public_read_only
from api.views import api

app_name = "api"


def unknown_address(request, rest):
    return json_response(
        problems(
            {
                "type": "not_found",
                "loc": ["path"],
                "msg": "No such address in the API: see openapi.json.",
            }
        ),
        404,
    )


def served(pattern):
    return URLPattern(
        pattern.pattern,
        public_read_only(pattern.callback),
        pattern.default_args,
        pattern.name,
    )


urlpatterns = [served(pattern) for pattern in api.urls[0]] + [
    served(re_path(r"^(?P<rest>.*)$", unknown_address, name="unknown"))
]
