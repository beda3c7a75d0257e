"""Static pages: per language, sanitised, listed in the footer or the menu."""

import pytest
from django.urls import reverse

from pages.models import Page
from tests.articles.desk import log_in, make_editor
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def make_page(**fields):
    fields.setdefault("title", "About the office")
    fields.setdefault("language", "en")
    fields.setdefault("body", "<p>An invented office.</p>")
    return Page.objects.create(**fields)


def footer_links(response):
    (nav,) = [
        nav
        for nav in find_by_class(parse(response), "nav", "footer-links")
        if nav.get("aria-labelledby") == "footer-pages-heading"
    ]
    return [(text(a), a.get("href")) for a in nav.iter("a")]


def menu_links(response):
    (nav,) = find_by_class(parse(response), "nav", "main-menu")
    return [(text(a), a.get("href")) for a in nav.iter("a")]


def test_page_is_shown_at_its_address_in_its_language(client):
    page = make_page(slug="about", body="<h2>Who we are</h2><p>Invented.</p>")

    response = client.get("/en/page/about/")

    assert page.get_absolute_url() == "/en/page/about/"
    assert response.status_code == 200
    root = parse(response)
    assert text(root.find(".//main//h1")) == "About the office"
    assert "<h2>Who we are</h2><p>Invented.</p>" in response.content.decode()


def test_arabic_page_carries_its_language_and_direction(client):
    make_page(title="من نحن", slug="about", language="ar", body="<p>نص.</p>")

    root = parse(client.get("/ar/page/about/"))

    (article,) = find_by_class(root, "article", "static-page")
    assert (article.get("lang"), article.get("dir")) == ("ar", "rtl")


def test_page_is_only_found_in_its_own_language(client):
    make_page(slug="about", language="en")

    assert client.get("/ar/page/about/").status_code == 404


def test_unpublished_page_is_not_found(client):
    make_page(slug="draft", is_published=False)

    assert client.get("/en/page/draft/").status_code == 404


def test_page_body_is_sanitised_on_save():
    page = make_page(body='<p onclick="x()">Hi<script>alert(1)</script></p>')

    assert page.body == "<p>Hi</p>"


def test_slug_is_filled_from_the_title_and_keeps_arabic():
    page = make_page(title="اتصل بنا", language="ar", slug="")

    assert page.slug == "اتصل-بنا"


def test_same_slug_in_both_languages_links_the_two_versions(client):
    make_page(slug="contact", title="Contact")
    make_page(slug="contact", title="اتصل بنا", language="ar")

    root = parse(client.get("/en/page/contact/"))

    switcher = find_by_class(root, "nav", "language-switcher")[0]
    assert "/ar/page/contact/" in [a.get("href") for a in switcher.iter("a")]


def test_footer_and_menu_list_the_pages_editors_chose(client):
    make_page(title="About", slug="about", show_in="footer", position=2)
    make_page(title="Contact", slug="contact", show_in="footer", position=1)
    make_page(title="Mission", slug="mission", show_in="menu")
    make_page(title="Unlisted", slug="unlisted", show_in="none")
    make_page(title="Hidden", slug="hidden", is_published=False)
    make_page(title="حول", slug="about", language="ar")

    response = client.get("/en/")

    assert footer_links(response)[:2] == [
        ("Contact", "/en/page/contact/"),
        ("About", "/en/page/about/"),
    ]
    assert ("Mission", "/en/page/mission/") in menu_links(response)
    shown = text(parse(response))
    for absent in ("Unlisted", "Hidden", "حول"):
        assert absent not in shown


def test_a_new_page_shows_in_the_footer_at_once(client):
    client.get("/en/")  # the footer's pages are now cached

    make_page(title="Privacy", slug="privacy")

    assert ("Privacy", "/en/page/privacy/") in footer_links(client.get("/en/"))


def test_admin_page_form_uses_the_articles_rich_text_editor(client):
    log_in(client, make_editor())

    response = client.get(reverse("admin:pages_page_add"))

    assert response.status_code == 200
    assert "prose-editor" in response.content.decode()


def test_admin_saves_a_sanitised_page(client):
    user = make_editor()
    user.is_superuser = True
    user.save()
    log_in(client, user)

    response = client.post(
        reverse("admin:pages_page_add"),
        {
            "title": "Contact",
            "slug": "contact",
            "language": "en",
            "show_in": "footer",
            "position": 0,
            "is_published": "on",
            "body": '<p>Write to us.<img src="x" onerror="alert(1)"></p>',
        },
    )

    assert response.status_code == 302
    assert Page.objects.get().body == '<p>Write to us.<img src="x"></p>'
