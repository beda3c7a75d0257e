"""The site's address: links that leave the site (mails) are absolute."""

from django.core.checks import run_checks

from site_settings.site import absolute_url


def test_a_path_becomes_an_address_on_the_configured_site(settings):
    settings.CMS_SITE_URL = "https://media.example.org/"

    assert absolute_url("/ar/comments/moderation/") == (
        "https://media.example.org/ar/comments/moderation/"
    )


def test_without_the_setting_a_development_site_links_to_the_development_server(
    settings,
):
    settings.CMS_SITE_URL = ""
    settings.DEBUG = True

    assert absolute_url("/ar/").startswith("http://127.0.0.1:8000/ar/")


def test_without_the_setting_production_links_to_its_first_named_host(settings):
    settings.CMS_SITE_URL = ""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [".example.org", "media.example.org"]

    assert absolute_url("/ar/") == "https://media.example.org/ar/"


def site_url_warnings():
    return [
        message.id
        for message in run_checks(include_deployment_checks=True, tags=["cms"])
        if message.id in {"cms.W001", "cms.W002"}
    ]


def test_the_deploy_check_warns_in_production_without_the_sites_address(settings):
    settings.DEBUG = False
    settings.CMS_SITE_URL = ""

    assert site_url_warnings() == ["cms.W001"]


def test_the_deploy_check_is_silent_with_the_address_or_in_development(settings):
    settings.DEBUG = False
    settings.CMS_SITE_URL = "https://media.example.org"
    assert site_url_warnings() == []

    settings.DEBUG = True
    settings.CMS_SITE_URL = ""
    assert site_url_warnings() == []


def test_the_deploy_check_warns_about_an_address_without_its_scheme(settings):
    settings.DEBUG = False
    settings.CMS_SITE_URL = "media.example.org"

    assert site_url_warnings() == ["cms.W002"]
