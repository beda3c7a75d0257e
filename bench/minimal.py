"""The ceiling of any Django page: a WSGI app that returns ``BENCH_BYTES``
bytes of HTML and does nothing else (``make bench`` serves it with gunicorn,
as the site)."""

import os

BODY = b"<!DOCTYPE html>" + b"x" * max(0, int(os.environ.get("BENCH_BYTES", 0)) - 15)
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
