"""Production settings: a real secret key or no start, and a clean deploy check."""

import secrets

import pytest

from tests.processes import run_python

GOOD_KEY = secrets.token_urlsafe(48)  # 64 characters


@pytest.mark.parametrize(
    "key",
    [
        None,
        "",
        "too-short-a-key",
        "django-insecure-" + "x1y2z3" * 10,
        "a" * 64,
    ],
    ids=["missing", "empty", "short", "django-insecure", "one-character"],
)
def test_production_refuses_to_start_without_a_real_secret_key(key):
    env = {"DJANGO_DEBUG": "0"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key

    result = run_python(["-c", "import cms.settings"], **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = run_python(
        ["-c", "import cms.settings as s; print(s.DEBUG)"],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=GOOD_KEY,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_development_starts_without_a_secret_key():
    """``make run`` needs no set-up: DEBUG is on and a development key is used."""
    result = run_python(["-c", "import cms.settings as s; print(s.DEBUG)"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "CMS_SITE_URL": "https://example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/7",
}


def test_deploy_check_passes_with_production_environment():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_without_the_sites_address():
    """Links in mails need it; a missing one is said before it goes live."""
    production = {**PRODUCTION}
    del production["CMS_SITE_URL"]
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production
    )

    assert result.returncode != 0
    assert "cms.W001" in result.stdout + result.stderr
    assert "CMS_SITE_URL" in result.stdout + result.stderr


def test_deploy_check_warns_without_a_shared_cache():
    """Without Redis each worker keeps its own cache: the warning says why that
    matters with several workers."""
    production = {**PRODUCTION}
    del production["REDIS_URL"]
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production
    )

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "cms.W003" in output
    assert "REDIS_URL is not set" in output
    assert "stays stale in the others" in output


def test_production_allows_only_the_configured_hosts():
    result = run_python(
        ["-c", "import cms.settings as s; print(s.ALLOWED_HOSTS)"],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="example.org, www.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['example.org', 'www.example.org']"


def test_admins_are_read_from_the_environment():
    result = run_python(
        [
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings';"
            "django.setup(); from django.conf import settings; print(settings.ADMINS)",
        ],
        DJANGO_ADMINS="Ops Desk <ops@example.org>, night@example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "[('Ops Desk', 'ops@example.org'), ('night@example.org', 'night@example.org')]"
    )


def test_the_readers_address_header_and_old_keys_are_read_from_the_environment():
    """Behind a load balancer, and while a secret key is being changed."""
    old_key = "an-old-key-" + GOOD_KEY
    result = run_python(
        [
            "-c",
            "import cms.settings as s;"
            "print(s.CMS_CLIENT_ADDRESS_HEADER, s.SECRET_KEY_FALLBACKS)",
        ],
        **PRODUCTION,
        CMS_CLIENT_ADDRESS_HEADER="HTTP_X_REAL_IP",
        DJANGO_SECRET_KEY_FALLBACKS=old_key,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"HTTP_X_REAL_IP ['{old_key}']"
