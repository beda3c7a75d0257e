"""Categories in the desk: names in the interface language, indented as a tree,
in the list's filter and in every category choice (never slug paths)."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Category
from tests.articles.desk import admin_url, log_in, make_editor
from tests.factories import make_category
from tests.markup import parse, text

pytestmark = pytest.mark.django_db

INDENT = "\u2003\u2003"


@pytest.fixture
def tree():
    """Statements (Regional › North) before Press releases, by position."""
    statements = make_category(
        slug="statements", name_en="Statements", name_ar="البيانات", position=0
    )
    regional = make_category(
        slug="regional",
        name_en="Regional statements",
        name_ar="بيانات الأقاليم",
        parent=statements,
    )
    make_category(
        slug="north",
        name_en="Northern region",
        name_ar="الإقليم الشمالي",
        parent=regional,
    )
    make_category(
        slug="press", name_en="Press releases", name_ar="البلاغات الصحفية", position=1
    )


def raw_text(element):
    return "".join(element.itertext()).strip("\n\t ")


def filter_choices(response, title):
    """The links of the list filter headed ``title`` (without "All")."""
    root = parse(response)
    for details in root.iter("details"):
        if text(details.find("summary")).endswith(title):
            return [raw_text(a) for a in details.iter("a")][1:]
    raise AssertionError(f"no filter {title!r}")


def options(response, name):
    root = parse(response)
    select = next(s for s in root.iter("select") if s.get("name") == name)
    return [raw_text(o) for o in select.iter("option") if o.get("value")]


TREE_EN = [
    "Statements",
    f"{INDENT}Regional statements",
    f"{INDENT}{INDENT}Northern region",
    "Press releases",
]


def test_the_article_list_filters_by_category_names_as_a_tree(client, tree):
    log_in(client, make_editor())

    response = client.get(admin_url("changelist"))

    assert filter_choices(response, "category") == TREE_EN


def test_the_filter_speaks_the_interface_language(client, tree):
    log_in(client, make_editor())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"

    response = client.get(admin_url("changelist"))

    assert filter_choices(response, "القسم") == [
        "البيانات",
        f"{INDENT}بيانات الأقاليم",
        f"{INDENT}{INDENT}الإقليم الشمالي",
        "البلاغات الصحفية",
    ]


def test_the_article_form_chooses_among_category_names(client, tree):
    log_in(client, make_editor())

    assert options(client.get(admin_url("add")), "category") == TREE_EN


def test_a_categorys_parent_is_chosen_among_names(client, tree):
    log_in(client, make_editor())

    response = client.get(reverse("admin:articles_category_add"))

    assert options(response, "parent") == TREE_EN


def test_a_category_reads_as_its_name(tree):
    north = Category.objects.get(slug="north")
    with translation.override("ar"):
        assert str(north) == "الإقليم الشمالي"
    with translation.override("en"):
        assert str(north) == "Northern region"
