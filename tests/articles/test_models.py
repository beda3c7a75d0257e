"""Content models: slugs, the category tree, sanitised bodies, image alt text."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, Category
from core.text import unicode_slug
from tests.factories import (
    make_article,
    make_author,
    make_category,
    make_image,
    make_office,
)

pytestmark = pytest.mark.django_db


# Slugs ---------------------------------------------------------------------


def test_arabic_title_makes_a_readable_unicode_slug():
    article = make_article(title="بيان حول مواعيد الدوام", slug="")

    assert article.slug == "بيان-حول-مواعيد-الدوام"


def test_arabic_slug_drops_diacritics_and_tatweel():
    """Harakat and the tatweel stretch are not part of the address."""
    article = make_article(title="بَيـــانٌ عَنِ الطُّرُق", slug="")

    assert article.slug == "بيان-عن-الطرق"


def test_unicode_slug_keeps_latin_readable():
    assert unicode_slug("Statement on Road Repairs!") == "statement-on-road-repairs"


def test_same_title_gets_numbered_unique_slugs():
    first = make_article(title="بيان صحفي", slug="")
    second = make_article(title="بيان صحفي", slug="")
    third = make_article(title="بيان صحفي", slug="")

    assert (first.slug, second.slug, third.slug) == (
        "بيان-صحفي",
        "بيان-صحفي-2",
        "بيان-صحفي-3",
    )


def test_title_without_letters_still_gets_a_slug():
    article = make_article(title="!!! ؟؟؟", slug="")

    assert article.slug == "item"


def test_saving_again_keeps_the_slug():
    article = make_article(title="بيان صحفي", slug="")
    article.title = "عنوان جديد"
    article.save()

    article.refresh_from_db()
    assert article.slug == "بيان-صحفي"


def test_arabic_slug_url_reaches_the_article(client):
    article = make_article(title="إعلان عن يوم التطوع", slug="", language="ar")

    response = client.get(f"/ar/article/{article.slug}/")

    assert response.status_code == 200
    assert response.context["article"] == article


def test_category_without_slug_takes_it_from_its_name():
    category = make_category(slug="", name_en="Press Releases", name_ar="بلاغات")

    assert category.slug == "press-releases"
    assert category.path == "press-releases"


def test_arabic_only_category_gets_an_arabic_slug():
    category = make_category(slug="", name_en="", name_ar="بيانات الأقاليم")

    assert category.slug == "بيانات-الأقاليم"


# The category tree ---------------------------------------------------------


def test_category_path_is_the_slugs_from_the_root():
    root = make_category(slug="statements")
    child = make_category(slug="regional", parent=root)
    leaf = make_category(slug="north", parent=child)

    assert leaf.path == "statements/regional/north"
    assert leaf.get_absolute_url() == "/ar/category/statements/regional/north/"


def test_moving_a_category_updates_the_paths_below_it():
    old_root = make_category(slug="statements")
    new_root = make_category(slug="archive")
    middle = make_category(slug="regional", parent=old_root)
    leaf = make_category(slug="north", parent=middle)

    middle.parent = new_root
    middle.save()

    leaf.refresh_from_db()
    assert Category.objects.get(pk=middle.pk).path == "archive/regional"
    assert leaf.path == "archive/regional/north"


def test_renaming_a_parent_slug_updates_the_paths_below_it():
    root = make_category(slug="statements")
    leaf = make_category(slug="north", parent=make_category(slug="r", parent=root))

    root.slug = "news"
    root.save()

    leaf.refresh_from_db()
    assert leaf.path == "news/r/north"


def test_unpublishing_a_parent_takes_its_descendants_offline():
    root = make_category()
    child = make_category(parent=root)
    grandchild = make_category(parent=child)

    root.is_published = False
    root.save()

    child.refresh_from_db()
    grandchild.refresh_from_db()
    assert (child.is_live, grandchild.is_live) == (False, False)
    assert child.is_published, "a child keeps its own setting"
    assert set(Category.objects.live()) == set()


def test_moving_a_category_under_an_unpublished_parent_takes_it_offline():
    hidden = make_category(is_published=False)
    category = make_category()
    child = make_category(parent=category)

    category.parent = hidden
    category.save()

    child.refresh_from_db()
    assert not Category.objects.get(pk=category.pk).is_live
    assert not child.is_live


def test_category_cannot_be_its_own_parent():
    category = make_category()
    category.parent = category

    with pytest.raises(ValidationError) as error:
        category.clean()

    assert "parent" in error.value.message_dict


def test_category_cannot_move_under_its_own_descendant():
    root = make_category()
    grandchild = make_category(parent=make_category(parent=root))
    root.parent = grandchild

    with pytest.raises(ValidationError) as error:
        root.clean()

    assert "parent" in error.value.message_dict


def test_category_may_move_under_an_unrelated_branch():
    root = make_category()
    other = make_category(parent=make_category())
    root.parent = other

    root.clean()  # no error


def test_category_needs_a_name_in_one_language():
    category = Category(slug="nameless")

    with pytest.raises(ValidationError):
        category.clean()


def test_office_and_author_need_a_name_in_one_language():
    office = make_office()
    with pytest.raises(ValidationError):
        type(office)(slug="x").clean()
    with pytest.raises(ValidationError):
        type(make_author(office=office))(slug="y", office=office).clean()


# The body ------------------------------------------------------------------


def test_body_scripts_are_removed_on_save():
    article = make_article(body="<p>Text</p><script>alert('x')</script>")

    assert "<script" not in article.body
    assert "alert" not in article.body
    assert Article.objects.get(pk=article.pk).body == "<p>Text</p>"


def test_body_event_handlers_are_removed_on_save():
    article = make_article(body='<p onclick="steal()">Text</p><img src=x onerror=a()>')

    assert "onclick" not in article.body
    assert "onerror" not in article.body
    assert "<p>Text</p>" in article.body


def test_body_javascript_links_are_removed_on_save():
    article = make_article(body='<p><a href="javascript:alert(1)">Click</a></p>')

    assert "javascript:" not in article.body
    assert "Click" in article.body


def test_body_styles_and_iframes_are_removed_on_save():
    article = make_article(
        body='<p style="color:red">A</p><style>p{}</style><iframe src="https://x"></iframe>'
    )

    assert "style" not in article.body
    assert "iframe" not in article.body


def test_body_keeps_safe_formatting():
    body = (
        "<h2>Heading</h2><p><strong>Bold</strong> and <em>emphasis</em> "
        '<a href="https://example.org/">a link</a></p>'
        "<ul><li>one</li></ul><blockquote>quote</blockquote>"
        '<p lang="ar" dir="rtl">نص</p>'
    )
    article = make_article(body=body)

    for kept in (
        "<h2>Heading</h2>",
        "<strong>Bold</strong>",
        "<em>emphasis</em>",
        'href="https://example.org/"',
        "<ul><li>one</li></ul>",
        "<blockquote>quote</blockquote>",
        '<p lang="ar" dir="rtl">نص</p>',
    ):
        assert kept in article.body


# The lead image -------------------------------------------------------------


def test_lead_image_without_alt_text_is_refused():
    article = make_article()
    article.lead_image = make_image("photo.png")
    article.lead_image_alt = ""

    with pytest.raises(ValidationError) as error:
        article.clean()

    assert "lead_image_alt" in error.value.message_dict


def test_lead_image_with_alt_text_is_accepted():
    article = make_article()
    article.lead_image = make_image("photo.png")
    article.lead_image_alt = "Volunteers planting trees in a park"

    article.clean()  # no error


def test_article_without_lead_image_needs_no_alt_text():
    make_article(lead_image_alt="").clean()  # no error
