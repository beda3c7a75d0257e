"""Slugs (Unicode, editable, old addresses redirect) and free multilingual tags."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import services
from articles.models import Article, ArticleSlugHistory
from articles.tags import tag_article
from tests.articles.desk import (
    admin_url,
    article_form_data,
    field_errors,
    form_data,
    input_value,
    log_in,
    make_author_user,
    make_editor,
)
from tests.factories import make_article, make_category, make_office
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def rename(article, slug):
    article.slug = slug
    return services.article_save(article=article)


# Slugs -------------------------------------------------------------------------


def test_changed_slug_answers_at_the_new_address(client):
    article = make_article(slug="first-address")

    rename(article, "second-address")

    assert client.get("/en/article/second-address/").status_code == 200


def test_old_slug_redirects_permanently_to_the_new_address(client):
    article = make_article(slug="first-address")

    rename(article, "second-address")
    response = client.get("/en/article/first-address/")

    assert response.status_code == 301
    assert response["Location"] == "/en/article/second-address/"


def test_old_slug_redirects_to_the_articles_own_edition(client):
    article = make_article(slug="first-address", language="ar")

    rename(article, "second-address")

    for prefix in ("ar", "en"):
        response = client.get(f"/{prefix}/article/first-address/")
        assert response.status_code == 301
        assert response["Location"] == "/ar/article/second-address/"


def test_every_former_slug_redirects_to_the_current_one(client):
    article = make_article(slug="one")

    rename(article, "two")
    rename(article, "three")

    for old in ("one", "two"):
        response = client.get(f"/en/article/{old}/")
        assert (response.status_code, response["Location"]) == (
            301,
            "/en/article/three/",
        )


def test_going_back_to_a_former_slug_makes_it_the_address_again(client):
    article = make_article(slug="one")

    rename(article, "two")
    rename(article, "one")

    assert client.get("/en/article/one/").status_code == 200
    assert client.get("/en/article/two/")["Location"] == "/en/article/one/"
    assert not ArticleSlugHistory.objects.filter(slug="one").exists()


def test_slug_changed_in_the_admin_keeps_the_old_address(client):
    article = make_article(slug="admin-first")
    log_in(client, make_editor())

    client.post(
        admin_url("change", article.pk),
        article_form_data(
            title=article.title,
            slug="admin-second",
            category=article.category,
            office=article.office,
            status="published",
            published_at=article.published_at,
            existing_links=article.article_authors.all(),
        ),
    )

    assert client.get("/en/article/admin-first/")["Location"] == (
        "/en/article/admin-second/"
    )


def test_old_slug_of_an_unpublished_article_is_not_found(client):
    article = make_article(slug="first-address")
    rename(article, "second-address")

    article.status = Article.Status.DRAFT
    services.article_save(article=article)

    assert client.get("/en/article/first-address/").status_code == 404
    assert client.get("/en/article/second-address/").status_code == 404


def test_old_slug_of_an_expired_article_is_not_found(client):
    now = timezone.now()
    article = make_article(slug="first-address", published_at=now - timedelta(days=2))
    rename(article, "second-address")

    article.unpublish_at = now - timedelta(hours=1)
    services.article_save(article=article)

    assert client.get("/en/article/first-address/").status_code == 404


def test_unknown_slug_is_not_found(client):
    assert client.get("/en/article/no-such-statement/").status_code == 404


def test_arabic_title_gives_a_unicode_slug():
    article = make_article(title="بيان المكتب الإعلامي حول الزيارة", language="ar")

    assert article.slug == "بيان-المكتب-الإعلامي-حول-الزيارة"


def test_arabic_slug_drops_tatweel_and_diacritics_but_keeps_letters():
    article = make_article(title="بـيـان مُهِمّ", language="ar")

    assert article.slug == "بيان-مهم"


def test_article_answers_at_its_arabic_slug(client):
    article = make_article(title="بيان حول الزيارة", language="ar")

    response = client.get(f"/ar/article/{quote(article.slug)}/")

    assert response.status_code == 200
    assert "بيان حول الزيارة" in response.content.decode()


def test_same_title_twice_gives_two_distinct_slugs():
    first = make_article(title="Weekly statement")
    second = make_article(title="Weekly statement")

    assert first.slug == "weekly-statement"
    assert second.slug == "weekly-statement-2"


def test_admin_fills_an_empty_slug_from_the_title(client):
    log_in(client, make_editor())

    client.post(
        admin_url("add"),
        article_form_data(
            title="بيان جديد", category=make_category(), office=make_office(), slug=""
        ),
    )

    assert Article.objects.get(title="بيان جديد").slug == "بيان-جديد"


# Tags --------------------------------------------------------------------------


def tagged(*tags, **fields):
    article = make_article(**fields)
    article.tags.add(*tags)
    return article


def tag_slug(name):
    return Tag.objects.get(name=name).slug


def listed_titles(response):
    root = parse(response)
    main = root.find(".//main")
    return sorted(text(card.find(".//a")) for card in main.iter("article"))


def test_tags_may_be_arabic_or_english():
    article = tagged("اقتصاد", "Economy")

    assert sorted(article.tags.names()) == sorted(["اقتصاد", "Economy"])
    assert tag_slug("اقتصاد") == "اقتصاد"
    assert tag_slug("Economy") == "economy"


def test_tag_page_lists_published_articles_with_that_tag(client):
    tagged("Economy", title="About the economy")
    tagged("Health", title="About health")

    response = client.get("/en/tag/economy/")

    assert response.status_code == 200
    assert listed_titles(response) == ["About the economy"]
    root = parse(response)
    assert text(root.find(".//h1")) == "Economy"  # the kicker above says "Tag"
    assert text(find_by_class(root, "p", "page-summary")[0]) == "1 article"


def test_arabic_tag_page_lists_its_articles(client):
    tagged("اقتصاد", title="بيان اقتصادي", language="ar")

    response = client.get(f"/ar/tag/{quote('اقتصاد')}/")

    assert response.status_code == 200
    assert listed_titles(response) == ["بيان اقتصادي"]


def test_tag_page_leaves_out_drafts_scheduled_and_expired_articles(client):
    now = timezone.now()
    tagged("Economy", title="Published one")
    tagged("Economy", title="A draft", status=Article.Status.DRAFT)
    tagged("Economy", title="Scheduled one", published_at=now + timedelta(days=1))
    tagged(
        "Economy",
        title="Expired one",
        published_at=now - timedelta(days=2),
        unpublish_at=now - timedelta(days=1),
    )

    response = client.get("/en/tag/economy/")

    assert listed_titles(response) == ["Published one"]


def test_tag_used_only_by_drafts_is_not_found(client):
    """A reader must not learn the tags of unreleased statements."""
    tagged("Upcoming visit", status=Article.Status.DRAFT)

    assert client.get("/en/tag/upcoming-visit/").status_code == 404


def test_unknown_tag_is_not_found(client):
    assert client.get("/en/tag/no-such-tag/").status_code == 404


def test_article_page_shows_its_tags_with_links(client):
    article = tagged("Economy", "اقتصاد")

    root = parse(client.get(f"/en/article/{article.slug}/"))

    (nav,) = find_by_class(root, "nav", "article-tags")
    links = {text(a): a.get("href") for a in nav.iter("a")}
    assert links == {
        "Economy": "/en/tag/economy/",
        "اقتصاد": f"/en/tag/{quote('اقتصاد')}/",
    }
    assert all(a.get("rel") == "tag" for a in nav.iter("a"))


def test_article_without_tags_has_no_tag_list(client):
    article = make_article()

    root = parse(client.get(f"/en/article/{article.slug}/"))

    assert find_by_class(root, "nav", "article-tags") == []


def test_editor_tags_an_article_in_the_admin_in_both_languages(client):
    Tag.objects.create(name="Economy")
    log_in(client, make_editor())

    client.post(
        admin_url("add"),
        article_form_data(
            title="Tagged at the desk",
            category=make_category(),
            office=make_office(),
            tags="economy, اقتصاد",
        ),
    )

    article = Article.objects.get(title="Tagged at the desk")
    # Tags are matched without regard to case: no second "economy" tag.
    assert sorted(article.tags.names()) == sorted(["Economy", "اقتصاد"])
    assert Tag.objects.filter(name__iexact="economy").count() == 1


def post_tags(client, typed):
    log_in(client, make_editor())
    return client.post(
        admin_url("add"),
        article_form_data(
            title="Tagged oddly",
            category=make_category(),
            office=make_office(),
            tags=typed,
        ),
    )


@pytest.mark.parametrize("typed", ["?", "economy, !!", "؟"])
def test_a_tag_without_a_letter_or_digit_is_refused_with_the_text_kept(client, typed):
    """An attack tagged an article "?": its empty slug broke the article page."""
    response = post_tags(client, typed)

    assert response.status_code == 200
    assert "has no letter or digit" in response.content.decode()
    assert input_value(response, "tags") == typed
    assert not Article.objects.filter(title="Tagged oddly").exists()
    assert not Tag.objects.filter(slug="").exists()


def test_a_tag_longer_than_100_characters_is_refused_with_a_message(client):
    """PostgreSQL refused the tag (a server error); SQLite stored it."""
    typed = "economy, " + "x" * 101

    response = post_tags(client, typed)

    assert response.status_code == 200
    assert field_errors(response, "tags") == [
        f"The tag “{'x' * 30}…” has 101 characters; a tag has at most 100."
    ]
    assert input_value(response, "tags") == typed
    assert not Article.objects.filter(title="Tagged oddly").exists()
    assert not Tag.objects.exists()


def test_the_article_form_says_what_a_tag_may_be(client):
    log_in(client, make_editor())

    page = client.get(admin_url("add")).content.decode()

    assert "Each tag has a letter or digit and at most 100 characters." in page


def test_an_article_carrying_a_tag_made_before_the_rule_can_still_be_saved(client):
    """A "?" made in the tag admin before the rule was attached to an
    article: it stays, and the article saves as the editor sees it."""
    article = tagged("Economy", title="An older statement")
    article.tags.add(Tag.objects.create(name="?", slug="tag-old"))
    log_in(client, make_editor())
    data = form_data(client.get(admin_url("change", article.pk)))
    assert data["tags"] == "?, Economy"

    response = client.post(
        admin_url("change", article.pk),
        {**data, "title": "An older statement, revised"},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "An older statement, revised"
    assert sorted(article.tags.names()) == ["?", "Economy"]


def test_a_new_tag_beside_an_old_symbol_only_one_follows_the_rule(client):
    article = tagged(title="An older statement")
    article.tags.add(Tag.objects.create(name="?", slug="tag-old"))
    log_in(client, make_editor())
    data = form_data(client.get(admin_url("change", article.pk)))

    response = client.post(admin_url("change", article.pk), {**data, "tags": "?, #"})

    assert response.status_code == 200
    assert "The tag “#” has no letter or digit" in field_errors(response, "tags")[0]
    assert list(article.tags.names()) == ["?"]


def tag_admin_url(name, *args):
    return reverse(f"admin:taggit_tag_{name}", args=args)


@pytest.mark.parametrize("typed", ["?", "#", "؟!", "\u064e"])
def test_the_tag_admin_refuses_a_name_the_rule_refuses(client, typed):
    """Made there, "?" then blocked every save of the article it was on."""
    log_in(client, make_editor())

    response = client.post(tag_admin_url("add"), {"name": typed, "slug": "tag-x"})

    assert response.status_code == 200
    (error,) = field_errors(response, "name")
    assert error.startswith(f"The tag “{typed}” has no letter or digit")
    assert input_value(response, "name") == typed
    assert not Tag.objects.exists()


def test_the_tag_admin_says_what_a_tag_may_be_and_keeps_an_old_name(client):
    old = Tag.objects.create(name="?", slug="tag-old")
    log_in(client, make_editor())

    page = client.get(tag_admin_url("change", old.pk))
    response = client.post(
        tag_admin_url("change", old.pk),
        {**form_data(page, "tag_form"), "slug": "question"},
    )

    assert "Each tag has a letter or digit and at most 100 characters." in page.text
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.slug == "question"


def merge_roads_and_traffic(client, user, new_name):
    """``user`` merges the tags "Roads" and "Traffic" into ``new_name``."""
    chosen = [Tag.objects.get_or_create(name=name)[0] for name in ("Roads", "Traffic")]
    log_in(client, user)
    client.post(
        tag_admin_url("changelist"),
        {"action": "render_tag_form", "_selected_action": [t.pk for t in chosen]},
    )
    return client.post(tag_admin_url("merge_tags"), {"new_tag_name": new_name})


def test_merging_tags_into_a_name_the_rule_refuses_is_refused(client):
    response = merge_roads_and_traffic(client, make_editor(), "#")

    assert response.status_code == 200
    assert "The tag “#” has no letter or digit" in response.content.decode()
    assert input_value(response, "new_tag_name") == "#"
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Roads", "Traffic"]


def test_merging_tags_under_a_good_name_still_works(client):
    article = tagged("Roads", "Traffic")

    response = merge_roads_and_traffic(client, make_editor(), "Transport")

    assert response.status_code == 302
    assert list(article.tags.names()) == ["Transport"]


def test_merging_without_choosing_tags_goes_back_to_the_list(client):
    """taggit's view read each chosen tag: with none it was a server error."""
    log_in(client, make_editor())

    response = client.post(tag_admin_url("merge_tags"), {"new_tag_name": "Roads"})

    assert response.status_code == 302
    assert response["Location"] == tag_admin_url("changelist")
    assert not Tag.objects.exists()


def test_an_author_may_not_merge_tags(client):
    response = merge_roads_and_traffic(client, make_author_user(), "Transport")

    assert response.status_code == 403
    assert Tag.objects.count() == 2


def test_tags_given_outside_the_desk_follow_the_same_rule():
    """Seeding tags articles through ``tag_article``."""
    article = make_article()

    with pytest.raises(ValidationError):
        tag_article(article, "Roads", "#")
    tag_article(article, "Roads")

    assert list(article.tags.names()) == ["Roads"]


def test_a_tag_without_an_address_is_shown_without_a_link(client):
    """Tags stored before the rule, with an empty slug, never break a page."""
    article = tagged("Economy")
    article.tags.add(Tag.objects.create(name="?", slug=""))

    response = client.get(f"/en/article/{article.slug}/")

    assert response.status_code == 200
    (nav,) = find_by_class(parse(response), "nav", "article-tags")
    assert "?" in text(nav)
    assert [text(a) for a in nav.iter("a")] == ["Economy"]
    assert client.get("/en/").status_code == 200
