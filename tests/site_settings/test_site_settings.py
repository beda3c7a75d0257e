"""Site settings and the main menu: edited by editors, read from the cache."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from site_settings import site
from site_settings.models import MenuItem, SiteSettings
from tests.articles.desk import log_in, make_editor
from tests.factories import make_article, make_category
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db

# 2023-12-03 in Makkah is 19 Jumada al-awwal 1445 (month 5).
MOMENT = datetime.datetime(2023, 12, 2, 22, 30, tzinfo=datetime.UTC)
CUSTOM_MONTHS_EN = [
    "Muharram",
    "Safar",
    "Rabi I",
    "Rabi II",
    "Jumada I",
    "Jumada II",
    "Rajab",
    "Shaaban",
    "Ramadan",
    "Shawwal",
    "Dhul Qadah",
    "Dhul Hijjah",
]


def site_name(response):
    (element,) = find_by_class(parse(response), "p", "site-name")
    return text(element)


def opening_line(response):
    found = find_by_class(parse(response), "p", "opening-line")
    return text(found[0]) if found else None


def menu_links(response):
    (nav,) = find_by_class(parse(response), "nav", "main-menu")
    return [(text(a), a.get("href")) for a in nav.iter("a")]


def settings_form(**fields):
    data = {
        "site_name_en": "",
        "site_name_ar": "",
        "opening_line_en": "",
        "opening_line_ar": "",
        "clock_time_zone": "",
        "hijri_months_en": "",
        "hijri_months_ar": "",
    }
    data.update(fields)
    return data


def save_settings(**fields):
    settings_row = SiteSettings.objects.filter(pk=1).first() or SiteSettings()
    for name, value in fields.items():
        setattr(settings_row, name, value)
    settings_row.full_clean()
    settings_row.save()
    return settings_row


# Texts -------------------------------------------------------------------------


def test_without_settings_the_defaults_are_shown(client):
    response = client.get("/en/")

    assert site_name(response) == "Media Office"


def test_site_name_is_set_per_language(client):
    save_settings(site_name_en="Regional Media Office", site_name_ar="مكتب إعلامي")

    assert site_name(client.get("/en/")) == "Regional Media Office"
    assert site_name(client.get("/ar/")) == "مكتب إعلامي"


def test_empty_site_name_in_one_language_falls_back_to_the_default(client):
    save_settings(site_name_en="Regional Media Office")

    assert site_name(client.get("/ar/")) == "المكتب الإعلامي"


def test_opening_line_is_set_per_language(client, one_edition):
    article = make_article()
    save_settings(opening_line_en="Opening line A", opening_line_ar="سطر افتتاحي")

    assert opening_line(client.get(f"/en/article/{article.slug}/")) == "Opening line A"
    assert opening_line(client.get(f"/ar/article/{article.slug}/")) == "سطر افتتاحي"


def test_settings_saved_in_the_admin_change_the_pages_at_once(client):
    client.get("/en/")  # the settings are now cached
    log_in(client, make_editor())

    response = client.post(
        reverse("admin:cms_sitesettings_add"),
        settings_form(site_name_en="Renamed Office"),
    )

    assert response.status_code == 302
    assert SiteSettings.objects.get().pk == 1
    assert site_name(client.get("/en/")) == "Renamed Office"


def test_settings_changed_again_change_the_pages_at_once(client):
    save_settings(site_name_en="First name")
    assert site_name(client.get("/en/")) == "First name"

    save_settings(site_name_en="Second name")

    assert site_name(client.get("/en/")) == "Second name"


def test_there_is_only_one_settings_row():
    save_settings(site_name_en="One")
    SiteSettings(site_name_en="Two").save()

    assert SiteSettings.objects.count() == 1
    assert SiteSettings.objects.get().site_name_en == "Two"


# Month spellings ---------------------------------------------------------------


def test_month_spellings_change_the_dates_on_the_pages(client):
    article = make_article(published_at=MOMENT)
    save_settings(hijri_months_en="\n".join(CUSTOM_MONTHS_EN))

    response = client.get(f"/en/article/{article.slug}/")

    (published,) = find_by_class(parse(response), "p", "article-date")
    assert text(published.find(".//time")) == "Sunday, 19 Jumada I 1445 | 2023/12/03"
    assert "Jumada al-awwal" not in response.content.decode()


def test_month_spellings_must_be_twelve_lines():
    with pytest.raises(ValidationError) as caught:
        save_settings(hijri_months_en="\n".join(CUSTOM_MONTHS_EN[:11]))

    (message,) = caught.value.message_dict["hijri_months_en"]
    assert "twelve" in message and "11" in message


def test_month_spellings_with_thirteen_lines_are_refused_in_the_admin(client):
    log_in(client, make_editor())
    typed = "\n".join([*CUSTOM_MONTHS_EN, "Extra"])

    response = client.post(
        reverse("admin:cms_sitesettings_add"), settings_form(hijri_months_en=typed)
    )

    assert response.status_code == 200
    assert "Give the twelve month names, one per line (13 given)." in (
        response.content.decode()
    )
    assert not SiteSettings.objects.exists()


def test_blank_lines_around_month_spellings_are_ignored():
    save_settings(hijri_months_ar="\n" + "\n".join(f"شهر {i}" for i in range(12)))

    assert site.hijri_month_names("ar")[0] == "شهر 0"


# Clock -------------------------------------------------------------------------


def clock(response):
    (element,) = find_by_class(parse(response), "p", "clock")
    return element


def test_clock_follows_the_site_time_zone_by_default(client):
    (time,) = clock(client.get("/en/")).iter("time")

    assert time.get("data-time-zone") == "Asia/Riyadh"
    assert time.get("datetime").endswith("+03:00")


def test_clock_time_zone_is_an_editors_setting(client):
    save_settings(clock_time_zone="Asia/Dubai")

    (time,) = clock(client.get("/en/")).iter("time")

    assert time.get("data-time-zone") == "Asia/Dubai"
    assert time.get("datetime").endswith("+04:00")
    assert "Asia/Dubai" in text(clock(client.get("/en/")))


def test_unknown_clock_time_zone_is_refused():
    with pytest.raises(ValidationError) as caught:
        save_settings(clock_time_zone="Mars/Olympus_Mons")

    assert caught.value.message_dict["clock_time_zone"] == [
        "“Mars/Olympus_Mons” is not a known time zone."
    ]


def test_unknown_clock_time_zone_is_refused_in_the_admin_and_kept_in_the_form(client):
    log_in(client, make_editor())

    response = client.post(
        reverse("admin:cms_sitesettings_add"),
        settings_form(clock_time_zone="Asia/Atlantis"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a known time zone." in html
    assert 'value="Asia/Atlantis"' in html


# Caching -----------------------------------------------------------------------


def test_site_settings_cost_no_query_once_cached(django_assert_num_queries):
    save_settings(site_name_en="Cached office")
    MenuItem.objects.create(url="/en/authors/", label_en="Authors")
    site.site()

    with django_assert_num_queries(0):
        data = site.site()
        site.text("site_name", "en")
        site.menu_items()

    assert data["settings"].site_name_en == "Cached office"


def test_a_page_reads_no_settings_or_menu_from_the_database_once_cached(client):
    save_settings(site_name_en="Cached office")
    client.get("/en/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/en/")

    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "cms_sitesettings" not in tables
    assert "cms_menuitem" not in tables


# Main menu ---------------------------------------------------------------------


def test_menu_shows_the_top_level_categories_when_editors_set_none(client):
    news = make_category(name_en="News", position=1)
    make_category(name_en="Regional news", parent=news)
    make_category(name_en="Statements", position=0)

    links = menu_links(client.get("/en/"))

    names = [name for name, _ in links]
    assert "News" in names and "Statements" in names
    assert "Regional news" not in names


def test_menu_shows_the_editors_items_in_their_order(client):
    news = make_category(name_en="News")
    make_category(name_en="Not in the menu")
    MenuItem.objects.create(url="/en/authors/", label_en="Our writers", position=2)
    MenuItem.objects.create(category=news, position=1)
    MenuItem.objects.create(url="https://example.org/", label_en="Partner", position=3)

    links = menu_links(client.get("/en/"))

    # Home first and the archive last, around the editors' items.
    assert links[1:] == [
        ("News", f"/en/category/{news.path}/"),
        ("Our writers", "/en/authors/"),
        ("Partner", "https://example.org/"),
        ("Archive", "/en/archive/"),
    ]


def test_menu_item_label_overrides_the_category_name(client):
    news = make_category(name_en="News")
    MenuItem.objects.create(category=news, label_en="Latest news")

    names = [name for name, _ in menu_links(client.get("/en/"))]
    assert names[1:-1] == ["Latest news"]


def test_menu_hides_an_item_whose_category_is_unpublished(client):
    hidden = make_category(name_en="Hidden section", is_published=False)
    shown = make_category(name_en="Shown section")
    MenuItem.objects.create(category=hidden, position=0)
    MenuItem.objects.create(category=shown, position=1)

    names = [name for name, _ in menu_links(client.get("/en/"))]

    assert "Hidden section" not in names
    assert "Shown section" in names


def test_menu_item_added_by_an_editor_shows_at_once(client):
    make_category(name_en="Statements")
    client.get("/en/")  # the menu (none yet) is now cached

    MenuItem.objects.create(url="/en/authors/", label_en="Our writers")

    names = [name for name, _ in menu_links(client.get("/en/"))]
    assert names[1:-1] == ["Our writers"]


def test_menu_drops_an_item_at_once_when_its_category_is_unpublished(client):
    section = make_category(name_en="Closing section")
    MenuItem.objects.create(category=section)
    client.get("/en/")  # the menu is now cached

    section.is_published = False
    section.save()

    names = [name for name, _ in menu_links(client.get("/en/"))]
    assert "Closing section" not in names


def test_menu_item_with_both_category_and_address_is_refused():
    item = MenuItem(category=make_category(), url="/en/authors/", label_en="Both")

    with pytest.raises(ValidationError) as caught:
        item.full_clean()

    assert "Choose either a category or an address." in caught.value.messages


def test_menu_item_with_neither_category_nor_address_is_refused():
    with pytest.raises(ValidationError) as caught:
        MenuItem(label_en="Nothing").full_clean()

    assert "Choose either a category or an address." in caught.value.messages


def test_menu_item_address_must_be_a_path_or_a_web_address():
    with pytest.raises(ValidationError) as caught:
        MenuItem(url="javascript:alert(1)", label_en="Bad").full_clean()

    assert caught.value.message_dict["url"] == ["Start the address with / or https://."]


def test_menu_item_address_needs_a_label():
    with pytest.raises(ValidationError) as caught:
        MenuItem(url="/en/authors/").full_clean()

    assert "Give a label to an address." in caught.value.messages
