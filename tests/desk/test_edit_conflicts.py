"""Two people editing one thing at once: the first one's work is never lost.

Each change form carries the version it was drawn from (``desk.edits``). A
save from an older version is refused with what the other person changed,
keeps what this editor typed, and saving again applies it on the newer
version.
"""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version
from taggit.utils import parse_tags

from articles.models import Article, Category
from pages.models import Page
from site_settings.models import MenuItem, SiteSettings
from tests.articles.desk import form_data, log_in, make_editor
from tests.factories import make_article, make_category
from tests.markup import parse, text

pytestmark = pytest.mark.django_db


def editors(*names):
    """A signed-in client for each editor (the admin in English)."""
    return [log_in(Client(), make_editor(username=name)) for name in names]


def conflict_panel(response):
    root = parse(response)
    return next(
        (s for s in root.iter("section") if s.get("class") == "edit-conflict"), None
    )


def article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def article():
    return make_article(
        language="en",
        title="Water works resume",
        excerpt="The works resume on Sunday.",
        body="<p>The works on the northern pipe resume on Sunday morning.</p>",
    )


def test_a_save_from_an_older_version_is_refused_and_says_what_changed(article):
    """The first editor's excerpt and body were silently put back when the
    second saved the title from the form they had opened before."""
    first, second = editors("editor1", "editor2")
    url = article_url(article)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    mine["excerpt"] = "The works resume on Monday."
    mine["body"] = "<p>The works on the northern pipe resume on Monday morning.</p>"
    assert first.post(url, mine).status_code == 302
    theirs["title"] = "Water works resume next week"

    response = second.post(url, theirs)

    assert response.status_code == 200
    page = response.content.decode()
    assert "editor1 saved this article" in page
    assert "nothing was saved" in page
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Water works resume"  # refused
    assert stored.excerpt == "The works resume on Monday."  # the first one's kept
    panel = conflict_panel(response)
    assert panel is not None
    assert [text(h) for h in panel.iter("h3")] == ["Excerpt", "Body"]
    assert "<del>Sunday.</del><ins>Monday.</ins>" in page
    assert "You changed this too" not in page


def test_saving_again_applies_ones_changes_on_the_newer_version(article):
    first, second = editors("editor1", "editor2")
    url = article_url(article)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    mine["excerpt"] = "The works resume on Monday."
    mine["body"] = "<p>The works on the northern pipe resume on Monday morning.</p>"
    first.post(url, mine)
    theirs["title"] = "Water works resume next week"
    refused = second.post(url, theirs)

    again = form_data(refused)  # the form as it was sent back
    assert again["title"] == "Water works resume next week"  # what they typed
    assert again["excerpt"] == "The works resume on Monday."  # the newer version
    response = second.post(url, again)

    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Water works resume next week"
    assert stored.excerpt == "The works resume on Monday."
    assert "Monday morning" in stored.body
    newest = Version.objects.get_for_object(stored).first()
    assert newest.revision.user.username == "editor2"
    assert newest.revision.comment == "Changed Title."


def test_a_field_both_changed_keeps_this_editors_text_and_shows_theirs(article):
    first, second = editors("editor1", "editor2")
    url = article_url(article)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    mine["title"] = "Water works resume on Monday"
    first.post(url, mine)
    theirs["title"] = "Water works resume next week"

    refused = second.post(url, theirs)

    assert refused.status_code == 200
    assert "You changed this too" in refused.content.decode()
    assert form_data(refused)["title"] == "Water works resume next week"
    assert Article.objects.get(pk=article.pk).title == "Water works resume on Monday"
    assert second.post(url, form_data(refused)).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Water works resume next week"


def test_an_arabic_articles_changes_are_shown_in_its_direction():
    article = make_article(language="ar", title="استئناف أعمال المياه")
    first, second = editors("editor1", "editor2")
    url = article_url(article)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    mine["title"] = "استئناف أعمال المياه يوم الأحد"
    first.post(url, mine)
    theirs["excerpt"] = "موجز جديد"

    panel = conflict_panel(second.post(url, theirs))

    diff = next(d for d in panel.iter("div") if d.get("class") == "revision-diff")
    assert (diff.get("lang"), diff.get("dir")) == ("ar", "rtl")


def test_settings_changed_by_the_other_are_named_as_editors_read_them(article):
    other = make_category(name_en="Regional news")
    first, second = editors("editor1", "editor2")
    url = article_url(article)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    mine["category"] = str(other.pk)
    mine["comments_enabled"] = ""
    del mine["comments_enabled"]  # a checkbox left unticked sends nothing
    first.post(url, mine)
    theirs["title"] = "Water works resume next week"

    refused = second.post(url, theirs)

    shown = text(conflict_panel(refused))
    assert "Regional news" in shown
    assert "yes → no" in shown
    again = form_data(refused)
    assert again["category"] == str(other.pk)
    assert "comments_enabled" not in again  # the newer value: unticked
    second.post(url, again)
    stored = Article.objects.get(pk=article.pk)
    assert stored.category == other and stored.comments_enabled is False
    assert stored.title == "Water works resume next week"


def test_a_save_from_the_current_version_is_not_refused(article):
    (first,) = editors("editor1")
    url = article_url(article)
    data = form_data(first.get(url))
    data["title"] = "Water works resume next week"
    assert first.post(url, data).status_code == 302

    again = form_data(first.get(url))  # opened anew: the newer version
    again["excerpt"] = "A shorter excerpt."

    assert first.post(url, again).status_code == 302
    assert Article.objects.get(pk=article.pk).excerpt == "A shorter excerpt."


def test_a_forged_version_is_taken_as_none_and_never_a_server_error(article):
    (first,) = editors("editor1")
    url = article_url(article)
    data = form_data(first.get(url))
    data["based_on"] = "forged:version"
    data["title"] = "Water works resume next week"

    assert first.post(url, data).status_code == 302


# Every other thing two people edit ------------------------------------------------


def a_category():
    category = make_category(name_en="Statements", name_ar="بيانات")
    url = reverse("admin:articles_category_change", args=[category.pk])
    return (
        url,
        ("name_en", "Official statements"),
        ("name_ar", "البيانات الرسمية"),
        (lambda: Category.objects.get(pk=category.pk)),
    )


def the_site_settings():
    SiteSettings(site_name_en="The office").save()
    url = reverse("admin:cms_sitesettings_change", args=[1])
    return (
        url,
        ("site_name_en", "The media office"),
        ("contact_phone", "+1 555 0100"),
        (lambda: SiteSettings.objects.get(pk=1)),
    )


def a_menu_item():
    item = MenuItem.objects.create(label_en="About", label_ar="عن", url="/en/")
    url = reverse("admin:cms_menuitem_change", args=[item.pk])
    return (
        url,
        ("label_en", "About us"),
        ("label_ar", "من نحن"),
        (lambda: MenuItem.objects.get(pk=item.pk)),
    )


def a_page():
    page = Page.objects.create(
        title="About", slug="about", language="en", body="<p>Who we are.</p>"
    )
    url = reverse("admin:pages_page_change", args=[page.pk])
    return (
        url,
        ("title", "About the office"),
        ("body", "<p>Who we are, and why.</p>"),
        (lambda: Page.objects.get(pk=page.pk)),
    )


@pytest.mark.parametrize(
    "thing",
    [a_category, the_site_settings, a_menu_item, a_page],
    ids=lambda t: t.__name__,
)
def test_two_people_editing_anything_keep_both_their_changes(thing):
    url, (field_one, value_one), (field_two, value_two), stored = thing()
    form_id = f"{stored()._meta.model_name}_form"
    first, second = editors("editor1", "editor2")
    mine = form_data(first.get(url), form_id)
    theirs = form_data(second.get(url), form_id)
    mine[field_one] = value_one
    assert first.post(url, mine).status_code == 302
    theirs[field_two] = value_two

    refused = second.post(url, theirs)

    assert refused.status_code == 200
    assert conflict_panel(refused) is not None
    assert getattr(stored(), field_two) != value_two
    assert second.post(url, form_data(refused, form_id)).status_code == 302
    kept = stored()
    assert getattr(kept, field_one) == value_one
    assert getattr(kept, field_two) == value_two


def test_tags_and_times_the_other_set_are_in_the_form_sent_back(article):
    first, second = editors("editor1", "editor2")
    url = article_url(article)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    mine["tags"] = "water, northern district"
    mine["published_at_0"], mine["published_at_1"] = "2026-11-30", "07:45:00"
    first.post(url, mine)
    theirs["title"] = "Water works resume next week"

    refused = second.post(url, theirs)

    again = form_data(refused)
    assert sorted(parse_tags(again["tags"])) == ["northern district", "water"]
    assert (again["published_at_0"], again["published_at_1"]) == (
        "2026-11-30",
        "07:45:00",
    )
    assert second.post(url, again).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert sorted(stored.tags.names()) == ["northern district", "water"]
    assert stored.title == "Water works resume next week"
