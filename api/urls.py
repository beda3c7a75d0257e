"""``/api/v1/``: the API's addresses, each served as ``api.http`` says."""

import functools
import re

from django.urls import URLPattern, re_path

from api.http import json_response, problems, public_read_only
from api.views import api
from core.page_cache import reads_query

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


class DocumentedParameters:
    """The query parameters ``openapi.json`` lists for the address ``route``
    (django-ninja's ``articles/<article_id>``), read when first asked: an
    address of the API reads those, and the page cache keeps no other."""

    def __init__(self, route):
        self.path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)

    def __iter__(self):
        return iter(query_parameters().get(self.path, ()))


@functools.cache
def query_parameters():
    """``{"/articles": {"page", …}, …}``, from the API's OpenAPI document."""
    document = api.get_openapi_schema(path_prefix="/")
    return {
        path: {
            parameter["name"]
            for operation in operations.values()
            for parameter in operation.get("parameters", ())
            if parameter["in"] == "query"
        }
        for path, operations in document["paths"].items()
    }


def served(pattern):
    read = DocumentedParameters(str(pattern.pattern))
    view = reads_query(read)(public_read_only(pattern.callback))
    return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)


urlpatterns = [served(pattern) for pattern in api.urls[0]] + [
    served(re_path(r"^(?P<rest>.*)$", unknown_address, name="unknown"))
]
