"""``make serve``: gunicorn's settings from the environment, and cookies over
plain HTTP for a server on this machine only."""

import os
import platform
import sys

import pytest

from tests.cms.test_settings import GOOD_KEY, PRODUCTION
from tests.processes import run_command, run_python

READ_GUNICORN_CONF = (
    "import runpy; conf = runpy.run_path('gunicorn.conf.py');"
    "print(conf['workers'], conf['bind'], conf['max_requests'], conf['wsgi_app'])"
)
COOKIE_FLAGS = (
    "import cms.settings as s;"
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
)
LOCAL = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}


def test_gunicorn_takes_workers_and_address_from_the_environment():
    result = run_python(
        ["-c", READ_GUNICORN_CONF],
        WEB_CONCURRENCY="3",
        HOST="0.0.0.0",
        PORT="8123",
        GUNICORN_MAX_REQUESTS="0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "0.0.0.0:8123", "0", "cms.wsgi:application"]


def test_gunicorn_defaults_to_two_workers_per_core_plus_one_on_localhost():
    result = run_python(
        ["-c", READ_GUNICORN_CONF], WEB_CONCURRENCY="", HOST="", PORT=""
    )

    assert result.returncode == 0, result.stderr
    workers, bind, max_requests, _app = result.stdout.split()
    assert int(workers) == 2 * os.cpu_count() + 1
    assert bind == "127.0.0.1:8000"
    assert int(max_requests) > 0  # workers are replaced now and then


# Large blocks (a big feed, a sitemap) freed and asked for again while small
# objects stay, in a process that loaded what a worker loads first: how far the
# heap's top moved, in bytes.
HEAP_GROWTH = """
import ctypes, runpy
runpy.run_path('gunicorn.conf.py')
libc = ctypes.CDLL('libc.so.6')
libc.sbrk.restype = ctypes.c_void_p
for _ in range(3):
    block = bytearray(2_000_000)
    del block
top = libc.sbrk(0)
kept = []
for _ in range(20):
    blocks = [bytearray(2_000_000) for _ in range(3)]
    kept.append(bytearray(100))
    del blocks
print(libc.sbrk(0) - top)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")
def test_workers_give_large_blocks_back_instead_of_growing_the_heap(tmp_path):
    """glibc alone lets such blocks settle in the heap, which then only grows
    (a worker grew 9 MB over 50 000 requests); the workers ``make serve``
    starts keep them mapped apart and give them back once freed."""
    # Started by scripts/serve in its place, gunicorn measures the heap; the
    # script's other steps (migrate, collectstatic) do nothing.
    python = tmp_path / "python"
    python.write_text(
        f'#!/bin/sh\n[ "$1" = -m ] && exec {sys.executable} -c "$HEAP_GROWTH"\nexit 0\n'
    )
    python.chmod(0o755)

    plain = run_python(["-c", HEAP_GROWTH])
    served = run_command(
        ["scripts/serve"],
        PY=str(python),
        HEAP_GROWTH=HEAP_GROWTH,
        DJANGO_SECRET_KEY=GOOD_KEY,
    )

    assert plain.returncode == 0 and served.returncode == 0, (
        plain.stderr + served.stderr
    )
    # glibc alone keeps up to its trim threshold (about 4 MB here, a little
    # under it on some runs: 3 997 696 bytes once in CI) in the heap.
    assert int(plain.stdout) > 3_000_000  # what the setting is for
    assert int(served.stdout.split()[-1]) < 1_000_000


GC_FREEZE = """
import gc, os, runpy
conf = runpy.run_path('gunicorn.conf.py')
import cms.wsgi
walked = len(gc.get_objects())
conf['post_worker_init'](None)
print(walked, len(gc.get_objects()), gc.get_freeze_count())
"""


def test_the_garbage_collector_leaves_what_a_worker_loaded_at_start_alone():
    """A full collection walked every object the site made while loading
    (68-79 ms each time); once a worker has loaded the site they are frozen
    out of the collector's reach."""
    result = run_python(["-c", GC_FREEZE], **PRODUCTION)

    assert result.returncode == 0, result.stderr
    walked, still_walked, frozen = map(int, result.stdout.split())
    assert walked > 50_000
    assert still_walked < walked / 10
    assert frozen > walked * 0.9


def test_production_cookies_are_sent_over_https_only():
    result = run_python(["-c", COOKIE_FLAGS], **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]


def test_a_server_on_this_machine_may_send_cookies_over_plain_http():
    result = run_python(["-c", COOKIE_FLAGS], **LOCAL, DJANGO_SECURE_COOKIES="0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False"]


def test_plain_http_cookies_are_refused_for_a_public_host():
    result = run_python(
        ["-c", COOKIE_FLAGS],
        **{**LOCAL, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,media.example.org"},
        DJANGO_SECURE_COOKIES="0",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECURE_COOKIES=0" in result.stderr
    assert "media.example.org" in result.stderr


def test_deploy_check_names_cookies_sent_over_plain_http():
    """The local setting is no way around the deploy check."""
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "localhost"},
        DJANGO_SECURE_COOKIES="0",
    )

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "security.W012" in output  # SESSION_COOKIE_SECURE
    assert "security.W016" in output  # CSRF_COOKIE_SECURE


PROXY_HEADER = (
    "import cms.settings as s; print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
)


def test_behind_a_proxy_the_site_believes_its_forwarded_scheme():
    result = run_python(["-c", PROXY_HEADER], **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_with_nothing_in_front_a_clients_forwarded_scheme_is_not_believed():
    """``make serve``: any client could send ``X-Forwarded-Proto: https``."""
    result = run_python(
        ["-c", PROXY_HEADER], **LOCAL, DJANGO_TRUST_X_FORWARDED_PROTO="0"
    )
    conf = run_python(
        [
            "-c",
            "import runpy; print(runpy.run_path('gunicorn.conf.py')"
            "['secure_scheme_headers'])",
        ]
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"
    assert conf.stdout.strip() == "{}"  # nor gunicorn, for a local client
    assert "DJANGO_TRUST_X_FORWARDED_PROTO=${DJANGO_TRUST_X_FORWARDED_PROTO:-0}" in (
        open("scripts/serve").read()
    )


# Uploads -------------------------------------------------------------------------

RESOLVE_MEDIA = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
django.setup()
from django.urls import Resolver404, resolve
try:
    print(resolve("/media/images/lead.jpg").url_name)
except Resolver404:
    print("not-served")
"""


def test_make_serve_has_django_serve_the_uploads():
    """No web server stands in front of ``make serve``: without this, every
    uploaded picture was a broken one."""
    result = run_python(["-c", RESOLVE_MEDIA], **LOCAL, DJANGO_SERVE_MEDIA="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["media"]


def test_production_leaves_the_uploads_to_the_web_server_in_front():
    result = run_python(["-c", RESOLVE_MEDIA], **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["not-served"]


def test_django_serving_the_uploads_is_refused_for_a_public_host():
    result = run_python(["-c", RESOLVE_MEDIA], **PRODUCTION, DJANGO_SERVE_MEDIA="1")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SERVE_MEDIA=1" in result.stderr
    assert "example.org" in result.stderr


@pytest.fixture
def upload(settings, db):
    folder = settings.MEDIA_ROOT / "images"
    folder.mkdir(parents=True)
    (folder / "lead.jpg").write_bytes(b"\xff\xd8\xff\xe0 a picture")
    return "/media/images/lead.jpg"


def test_an_upload_is_served_with_its_type(client, upload):
    response = client.get(upload)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0 a picture"
    assert client.head(upload).status_code == 200


@pytest.mark.parametrize("address", ["/media/images/missing.jpg", "/media/images/"])
def test_a_missing_upload_or_a_folder_is_not_found(client, upload, address):
    assert client.get(address).status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/media/" + "a" * 256,
        "/media/images/" + "a" * 300 + ".jpg",
        "/media/" + "/".join(["a" * 200] * 30),  # longer than any path may be
        "/media/" + "%D8%A8" * 200,  # 400 bytes in UTF-8
    ],
)
def test_a_name_too_long_for_the_file_system_is_not_found(client, upload, address):
    """The file system refused to look such a name up: a server error."""
    assert client.get(address).status_code == 404


@pytest.mark.parametrize(
    "address", ["/media/../cms/settings.py", "/media/%2e%2e/cms/settings.py"]
)
def test_no_file_outside_the_uploads_is_served(client, upload, address):
    response = client.get(address)

    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content


def test_an_upload_is_not_written_to(client, upload):
    assert client.post(upload).status_code == 405
