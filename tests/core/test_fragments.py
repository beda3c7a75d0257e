"""Pieces of the frame every page shares, kept rendered in the shared cache
({% kept %}: the category tree, the main menu, the footer and the blank
comment form): right for each page and
reader, and fresh at every change."""

import re

import pytest
from django.template import Template, TemplateSyntaxError
from django.test import Client

from core import cache as cms_cache
from core.reader import DIGITS_COOKIE
from pages.models import Page
from site_settings.models import MenuItem, SiteSettings
from tests.comments.factories import make_comment
from tests.factories import make_article, make_category
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages built every time: what is tested is the fragments' own cache."""
    settings.CMS_PAGE_CACHE_SECONDS = 0


def tree(client, address):
    root = parse(client.get(address))
    return root.find(".//nav[@aria-labelledby='category-tree-heading']")


def current_in_tree(client, address):
    return [text(a) for a in tree(client, address).iter("a") if a.get("aria-current")]


def test_each_category_page_marks_its_own_category_in_the_kept_tree():
    news = make_category(name_en="News", position=1)
    opinion = make_category(name_en="Opinion", position=2)
    make_article(category=news)
    make_article(category=opinion)
    client = Client()

    for category in (news, opinion, news):
        (current,) = current_in_tree(client, f"/en/category/{category.path}/")
        assert current.startswith(category.name_en)
    assert current_in_tree(client, "/en/") == []


def test_the_tree_is_drawn_in_each_readers_language_and_digits():
    category = make_category(name_en="News", name_ar="أخبار")
    for _ in range(3):
        make_article(category=category, language="ar")
    client = Client()
    assert "أخبار" in text(tree(client, "/ar/")) and "٣" in text(tree(client, "/ar/"))

    client.cookies[DIGITS_COOKIE] = "western"
    western = text(tree(client, "/ar/"))

    assert "أخبار" in western and "3" in western and "٣" not in western
    assert "News" in text(tree(Client(), "/en/"))


def test_a_renamed_category_shows_in_the_tree_at_once():
    category = make_category(name_en="News")
    make_article(category=category)
    client = Client()
    assert "News" in text(tree(client, "/en/"))

    category.name_en = "Statements"
    category.save()

    assert "Statements" in text(tree(client, "/en/"))
    assert "News" not in text(tree(client, "/en/"))


def test_new_contact_details_show_in_the_footer_at_once():
    client = Client()
    client.get("/en/")
    settings_row = SiteSettings.objects.first() or SiteSettings()
    settings_row.contact_email = "desk@example.org"
    settings_row.save()

    footer = parse(client.get("/en/")).find(".//footer")

    assert "desk@example.org" in text(footer)


def menu(client, address):
    (nav,) = find_by_class(parse(client.get(address)), "nav", "main-menu")
    return nav


def current_in_menu(client, address, mark="page"):
    return [
        text(a)
        for a in menu(client, address).iter("a")
        if a.get("aria-current") == mark
    ]


def section_in_menu(client, address):
    return current_in_menu(client, address, mark="true")


def test_the_kept_menu_marks_the_page_itself_on_every_kind_of_page():
    news = make_category(name_en="News", position=1)
    article = make_article(category=news, title="A harbour opens")
    Page.objects.create(
        title="Mission", slug="mission", language="en", show_in="menu", body="<p>x</p>"
    )
    MenuItem.objects.create(url=article.get_absolute_url(), label_en="Featured story")
    MenuItem.objects.create(category=news, label_en="News")
    client = Client()

    # Each twice: the second comes from the kept menu.
    for _ in range(2):
        assert current_in_menu(client, "/en/") == ["Home"]
        assert current_in_menu(client, f"/en/category/{news.path}/") == ["News"]
        assert current_in_menu(client, "/en/archive/") == ["Archive"]
        assert current_in_menu(client, "/en/page/mission/") == ["Mission"]
        assert current_in_menu(client, article.get_absolute_url()) == ["Featured story"]
        assert section_in_menu(client, article.get_absolute_url()) == ["News"]
        assert current_in_menu(client, make_article().get_absolute_url()) == []


def test_the_kept_menu_marks_the_readers_section_below_its_top():
    """A sub-category's page and an article's mark the menu's link to the
    section they are in, each its own, however often the menu is kept."""
    news = make_category(name_en="News", position=1)
    region = make_category(name_en="Region", parent=news)
    north = make_category(name_en="North", parent=region)
    views = make_category(name_en="Views", position=2)
    in_north = make_article(category=north)
    in_views = make_article(category=views)
    client = Client()

    for _ in range(2):
        assert section_in_menu(client, f"/en/category/{north.path}/") == ["News"]
        assert current_in_menu(client, f"/en/category/{north.path}/") == []
        assert section_in_menu(client, in_north.get_absolute_url()) == ["News"]
        assert section_in_menu(client, in_views.get_absolute_url()) == ["Views"]
        assert section_in_menu(client, f"/en/category/{news.path}/") == []
        assert current_in_menu(client, f"/en/category/{news.path}/") == ["News"]
        assert section_in_menu(client, "/en/") == []


def test_a_new_menu_entry_shows_at_once_in_the_kept_menu():
    make_article()
    client = Client()
    assert "Partners" not in text(menu(client, "/en/"))

    MenuItem.objects.create(url="https://example.org/", label_en="Partners")

    assert "Partners" in text(menu(client, "/en/"))


def comment_fields(client, address):
    (form,) = find_by_class(parse(client.get(address)), "section", "comment-form")
    return form


def test_the_kept_blank_comment_form_posts_to_each_article_and_keeps_replies_apart():
    first, second = make_article(title="First"), make_article(title="Second")
    reply_to = make_comment(article=second)
    client = Client()

    for article in (first, second, first):
        form = comment_fields(client, article.get_absolute_url()).find(".//form")
        assert form.get("action").startswith(f"/en/comments/post/{article.slug}/")
        assert form.find(".//input[@name='parent']").get("value") is None

    replying = comment_fields(
        client, f"{second.get_absolute_url()}?reply_to={reply_to.pk}"
    )

    assert replying.find(".//input[@name='parent']").get("value") == str(reply_to.pk)
    assert "You are replying to" in text(replying)


def test_kept_unless_without_a_condition_is_a_template_error():
    with pytest.raises(TemplateSyntaxError, match="needs a condition"):
        Template('{% load site_tags %}{% kept "x" unless %}{% endkept %}')


def test_a_kept_fragment_has_one_name_the_templates_and_the_frame_share():
    """A name written differently in a template and in the frame's prefetch
    (``core.cache.register_frame``) would silently miss what was kept: both
    name one of ``core.cache.FRAGMENTS``, or fail at once."""
    from pathlib import Path

    from django.conf import settings

    written = set()
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        written |= set(re.findall(r'{% kept "([^"]+)"', path.read_text()))

    assert written == cms_cache.FRAGMENTS
    with pytest.raises(TemplateSyntaxError, match="FRAGMENTS"):
        Template('{% load site_tags %}{% kept "footers" %}{% endkept %}')
    with pytest.raises(KeyError, match="footers"):
        cms_cache.fragment("footers", "en", "")
