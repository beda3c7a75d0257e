"""Preview: editors see unpublished articles as readers will; nobody else does."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article
from tests.articles.desk import (
    admin_url,
    log_in,
    make_author_user,
    make_editor,
    make_staff,
)
from tests.factories import make_article, make_author
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def preview_url(article, language="en"):
    return f"/{language}/preview/{article.pk}/"


def make_draft(**fields):
    return make_article(
        status=Article.Status.DRAFT,
        title=fields.pop("title", "Unreleased statement"),
        body=fields.pop("body", "<p>Text not yet released.</p>"),
        **fields,
    )


def make_scheduled(**fields):
    return make_article(published_at=timezone.now() + timedelta(days=2), **fields)


def banner_text(response):
    banners = find_by_class(parse(response), "div", "preview-banner")
    assert len(banners) == 1, "exactly one preview banner"
    return text(banners[0])


def test_editor_previews_a_draft_on_the_public_template_with_a_banner(client):
    draft = make_draft()
    log_in(client, make_editor())

    response = client.get(preview_url(draft))

    assert response.status_code == 200
    root = parse(response)
    assert text(root.find(".//article//h1")) == "Unreleased statement"
    (body,) = find_by_class(root, "div", "article-body")
    assert text(body) == "Text not yet released."
    assert banner_text(response).startswith("Preview")
    assert "draft" in banner_text(response)
    assert "articles/article_detail.html" in [t.name for t in response.templates]


def test_editor_previews_a_scheduled_article(client):
    scheduled = make_scheduled(title="Coming on Thursday")
    log_in(client, make_editor())

    response = client.get(preview_url(scheduled))

    assert response.status_code == 200
    assert "Coming on Thursday" in response.content.decode()
    assert "scheduled" in banner_text(response)


def test_preview_banner_links_back_to_the_admin(client):
    draft = make_draft()
    log_in(client, make_editor())

    root = parse(client.get(preview_url(draft)))

    (banner,) = find_by_class(root, "div", "preview-banner")
    assert admin_url("change", draft.pk) in [a.get("href") for a in banner.iter("a")]


def test_preview_is_not_indexed_nor_cached(client):
    draft = make_draft()
    log_in(client, make_editor())

    response = client.get(preview_url(draft))

    assert "noindex" in response["X-Robots-Tag"]
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control or "no-store" in cache_control
    assert "private" in cache_control or "max-age=0" in cache_control
    robots = [m for m in parse(response).iter("meta") if m.get("name") == "robots"]
    assert robots and "noindex" in robots[0].get("content")


def test_preview_works_in_arabic_too(client):
    draft = make_draft(title="بيان لم ينشر بعد", language="ar")
    log_in(client, make_editor())

    response = client.get(preview_url(draft, "ar"))

    assert response.status_code == 200
    assert "بيان لم ينشر بعد" in response.content.decode()


def test_anonymous_reader_gets_404_for_a_preview(client):
    draft = make_draft()

    assert client.get(preview_url(draft)).status_code == 404


def test_anonymous_reader_gets_404_for_a_scheduled_article_preview(client):
    scheduled = make_scheduled()

    assert client.get(preview_url(scheduled)).status_code == 404


def test_logged_in_reader_who_is_not_staff_gets_404_for_a_preview(client):
    draft = make_draft()
    client.force_login(User.objects.create_user("reader", password="unused-pw"))

    assert client.get(preview_url(draft)).status_code == 404


def test_staff_user_in_no_group_gets_404_for_a_preview(client):
    draft = make_draft()
    log_in(client, make_staff())

    assert client.get(preview_url(draft)).status_code == 404


def test_inactive_editor_gets_404_for_a_preview(client):
    draft = make_draft()
    editor = make_editor()
    editor.is_active = False
    editor.save()
    client.force_login(editor)

    assert client.get(preview_url(draft)).status_code == 404


def test_author_previews_their_own_draft(client):
    user = make_author_user()
    draft = make_draft(authors=[user.author], title="My own draft")
    log_in(client, user)

    response = client.get(preview_url(draft))

    assert response.status_code == 200
    assert "My own draft" in response.content.decode()


def test_author_gets_404_for_someone_elses_draft_preview(client):
    draft = make_draft(authors=[make_author()])
    log_in(client, make_author_user())

    assert client.get(preview_url(draft)).status_code == 404


def test_preview_of_an_unknown_article_is_404(client):
    log_in(client, make_editor())

    assert client.get("/en/preview/999999/").status_code == 404


def test_draft_itself_stays_404_at_its_public_address_for_an_editor_too(client):
    draft = make_draft()
    log_in(client, make_editor())

    assert client.get(f"/en/article/{draft.slug}/").status_code == 404


def test_admin_view_on_site_for_a_draft_points_at_the_preview(client):
    draft = make_draft()
    log_in(client, make_editor())

    root = parse(client.get(admin_url("change", draft.pk)))

    hrefs = [a.get("href") for a in find_by_class(root, "a", "viewsitelink")]
    assert len(hrefs) == 1
    assert hrefs[0].endswith(f"/preview/{draft.pk}/")


def test_admin_view_on_site_for_a_published_article_points_at_its_page(client):
    article = make_article()
    log_in(client, make_editor())

    root = parse(client.get(admin_url("change", article.pk)))

    hrefs = [a.get("href") for a in find_by_class(root, "a", "viewsitelink")]
    assert len(hrefs) == 1
    assert hrefs[0].endswith(f"/article/{article.slug}/")


def test_an_arabic_draft_is_previewed_in_the_arabic_frame_from_the_english_desk(
    client,
):
    """The desk in English, "View on site" of an Arabic draft opens its
    preview as Arabic readers will see it: right to left, the Arabic frame."""
    draft = make_draft(language="ar", title="بيان لم يُنشر بعد")
    log_in(client, make_editor())  # the desk in English

    change = parse(client.get(admin_url("change", draft.pk)))
    (link,) = [a for a in change.iter("a") if "viewsitelink" in (a.get("class") or "")]
    assert link.get("href") == preview_url(draft, "ar")

    response = client.get(preview_url(draft, "en"))
    assert response.status_code == 302
    assert response["Location"] == preview_url(draft, "ar")
    page = parse(client.get(response["Location"]))
    assert page.get("lang") == "ar" and page.get("dir") == "rtl"
    assert "بيان لم يُنشر بعد" in text(page)


def test_the_other_frames_preview_is_refused_to_readers_too(client):
    draft = make_draft(language="ar")

    assert client.get(preview_url(draft, "en")).status_code == 404
