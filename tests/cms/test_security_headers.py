"""Content-Security-Policy, Permissions-Policy and no inline script or style."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.template import engines
from django.test import Client

from cms.settings import media_origins
from tests.factories import make_article

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response):
    """The Content-Security-Policy of ``response`` as {directive: sources}."""
    header = response.headers["Content-Security-Policy"]
    return dict(
        part.strip().split(" ", 1) for part in header.split(";") if part.strip()
    )


def assert_strict(response):
    directives = policy(response)
    assert directives | REQUIRED == directives, directives
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert "nonce-" not in response.headers["Content-Security-Policy"]


@pytest.fixture
def staff_client(db):
    client = Client()
    client.force_login(User.objects.create_superuser("desk", "desk@example.org"))
    return client


@pytest.mark.django_db
def test_a_readers_page_has_the_strict_policy_fresh_and_from_the_cache():
    article = make_article(language="en", slug="policy")
    fresh = Client().get(article.get_absolute_url())
    cached = Client().get(article.get_absolute_url())

    assert cached.headers.get("X-Cache") == "hit"
    for response in (fresh, cached):
        assert response.status_code == 200
        assert_strict(response)
    assert policy(fresh) == policy(cached)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/ar/", "/admin/login/", "/api/v1/docs"])
def test_public_pages_the_login_and_the_api_docs_have_the_strict_policy(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert_strict(response)


def test_the_admins_article_form_has_the_strict_policy(staff_client):
    article = make_article(language="en")
    response = staff_client.get(f"/admin/articles/article/{article.pk}/change/")

    assert response.status_code == 200
    assert_strict(response)
    # The editor starts from a static module, without the inline import map.
    assert 'type="importmap"' not in response.text
    assert "js/prose_editor.js" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/admin/login/", "/api/v1/articles"])
def test_powerful_browser_features_are_off(url):
    header = Client().get(url).headers["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in header.split(","))
    for name in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[name] == "()"


@pytest.mark.django_db
def test_the_rest_of_what_browsers_are_told():
    response = Client().get("/en/")
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("environ", "origins"),
    [
        ({}, []),
        (
            {"AWS_S3_CUSTOM_DOMAIN": "media-cdn.example.org"},
            ["https://media-cdn.example.org"],
        ),
        (
            {"DJANGO_MEDIA_STORAGE": "s3", "AWS_S3_CUSTOM_DOMAIN": "cdn.example.org"},
            ["https://cdn.example.org"],
        ),
        (
            {
                "DJANGO_MEDIA_STORAGE": "s3",
                "AWS_S3_ENDPOINT_URL": "https://s3.example.net/",
            },
            ["https://s3.example.net", "https://*.s3.example.net"],
        ),
        ({"DJANGO_MEDIA_STORAGE": "s3"}, ["https://*.amazonaws.com"]),
    ],
)
def test_pictures_may_come_from_the_media_store(environ, origins):
    assert media_origins(environ) == origins


# An inline script (one that runs) or an inline style, in any template the site
# renders. Data blocks (JSON, JSON-LD) do not run and are allowed.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


def site_templates():
    roots = [Path(folder) for folder in engines["django"].engine.dirs]
    roots += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).parent == django_settings.BASE_DIR
    ]
    return [path for root in roots for path in root.rglob("*.html")]


def test_no_template_has_an_inline_script_style_or_handler():
    templates = site_templates()
    assert len(templates) > 50
    offenders = [
        f"{path}: {match.group(0)}"
        for path in templates
        for match in (
            *INLINE_SCRIPT.finditer(path.read_text()),
            *INLINE_STYLE.finditer(path.read_text()),
        )
    ]
    assert offenders == []


@pytest.mark.parametrize("ssl_redirect", [False, True], ids=["http", "redirect"])
def test_the_page_refusing_an_unknown_host_has_the_security_headers(
    settings, ssl_redirect
):
    """The refusal is drawn before any page is looked for (the page cache
    asks for the host first), and with a redirect to HTTPS before that."""
    settings.ALLOWED_HOSTS = ["media.example.org"]
    settings.SECURE_SSL_REDIRECT = ssl_redirect
    response = Client(raise_request_exception=False).get(
        "/en/", HTTP_HOST="elsewhere.example"
    )

    assert response.status_code == 400
    assert "does not answer to the host name" in response.text
    assert_strict(response)
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
