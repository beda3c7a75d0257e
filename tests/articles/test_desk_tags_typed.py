"""Tags as editors type them in the article form: separated by commas (the
Arabic «،» too), several words to a tag, shown back as typed — in the
direction of their text, without quotes nobody typed — and saved again
unchanged."""

import pytest

from articles.models import Article
from tests.articles.desk import (
    admin_url,
    article_form_data,
    field_errors,
    form_data,
    input_value,
    log_in,
    make_editor,
)
from tests.factories import make_article, make_category, make_office
from tests.markup import parse

pytestmark = pytest.mark.django_db


def tags_input(response):
    (element,) = [e for e in parse(response).iter("input") if e.get("name") == "tags"]
    return element


def post_new(client, typed, language="ar"):
    log_in(client, make_editor())
    return client.post(
        admin_url("add"),
        article_form_data(
            title="وسم جديد",
            category=make_category(),
            office=make_office(),
            language=language,
            tags=typed,
        ),
    )


def saved_tags():
    return sorted(Article.objects.get(title="وسم جديد").tags.names())


def test_arabic_tags_are_shown_as_typed_in_the_direction_of_their_text(client):
    """They read `الإقليم الشمالي", الأسرة"`: quotes nobody typed, left to right."""
    article = make_article(language="ar", title="بيان")
    article.tags.add("الإقليم الشمالي", "الأسرة")
    log_in(client, make_editor())

    response = client.get(admin_url("change", article.pk))

    shown = tags_input(response)
    assert shown.get("value") == "الأسرة، الإقليم الشمالي"
    assert shown.get("dir") in ("auto", "rtl")


def test_english_tags_are_separated_by_the_english_comma(client):
    article = make_article(language="en")
    article.tags.add("northern district", "water")
    log_in(client, make_editor())

    response = client.get(admin_url("change", article.pk))

    assert input_value(response, "tags") == "northern district, water"


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("الإقليم الشمالي، الأسرة", ["الأسرة", "الإقليم الشمالي"]),
        ("الإقليم الشمالي, الأسرة", ["الأسرة", "الإقليم الشمالي"]),
        ("الإقليم الشمالي", ["الإقليم الشمالي"]),
        ("  northern   district ,water،, ", ["northern district", "water"]),
        ('"Smith, John", water', ["Smith, John", "water"]),
        ("«القدس، فلسطين»، الأسرة", ["الأسرة", "القدس، فلسطين"]),
        ("water, Water, WATER", ["water"]),
    ],
)
def test_tags_are_split_at_commas_only(client, typed, tags):
    """Without a comma, taggit split a tag at its spaces; the Arabic comma
    did not separate tags at all."""
    response = post_new(client, typed)

    assert response.status_code == 302, field_errors(response, "tags")
    assert saved_tags() == sorted(tags)


def test_the_form_saved_unchanged_keeps_every_tag(client):
    article = make_article(language="ar", title="بيان")
    names = ["الإقليم الشمالي", "القدس، فلسطين", 'مسلسل "الحارة"', "«وسم» بين قوسين"]
    article.tags.add(*names)
    log_in(client, make_editor())
    url = admin_url("change", article.pk)

    shown = input_value(client.get(url), "tags")
    response = client.post(url, form_data(client.get(url)))

    assert response.status_code == 302
    # In quotes: the tag holding a comma, and the one opening with a quote.
    assert shown == (
        '"«وسم» بين قوسين"، الإقليم الشمالي، "القدس، فلسطين"، مسلسل "الحارة"'
    )
    assert sorted(article.tags.names()) == sorted(names)


def test_a_quote_left_open_is_refused_with_the_text_kept(client):
    typed = "الأسرة، «القدس، فلسطين"

    response = post_new(client, typed)

    assert response.status_code == 200
    (error,) = field_errors(response, "tags")
    assert "quotation mark" in error
    assert input_value(response, "tags") == typed
    assert not Article.objects.filter(title="وسم جديد").exists()
