"""Who may do what at the editors' desk, through the real admin.

Users are put in the groups the data migration makes (Editors, Authors).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.desk import (
    admin_url,
    article_form_data,
    log_in,
    make_author_user,
    make_editor,
    make_staff,
)
from tests.factories import make_article, make_author, make_category, make_office
from tests.markup import parse, text

pytestmark = pytest.mark.django_db


def changelist_titles(response):
    """Titles of the articles listed in the admin's change list."""
    root = parse(response)
    table = next(t for t in root.iter("table") if t.get("id") == "result_list")
    return sorted(
        text(cell)
        for cell in table.iter("th")
        if "field-title" in (cell.get("class") or "")
    )


def draft_by(author, **fields):
    fields.setdefault("status", Article.Status.DRAFT)
    return make_article(authors=[author], **fields)


# Groups ------------------------------------------------------------------------


def test_migration_makes_editors_who_may_publish_and_authors_who_may_not():
    editors = Group.objects.get(name="Editors")
    authors = Group.objects.get(name="Authors")

    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    author_perms = set(authors.permissions.values_list("codename", flat=True))
    assert {"publish_article", "change_sitesettings", "change_menuitem"} <= (
        editor_perms
    )
    assert {"add_article", "change_article"} <= author_perms
    assert "publish_article" not in author_perms
    assert "delete_article" not in author_perms


def test_staff_user_in_no_group_cannot_open_the_article_admin(client):
    log_in(client, make_staff())

    assert client.get(admin_url("changelist")).status_code == 403
    assert client.get(admin_url("add")).status_code == 403


# Editors -----------------------------------------------------------------------


def test_editor_opens_the_article_changelist_add_and_change_pages(client):
    article = make_article(title="A statement to edit")
    log_in(client, make_editor())

    assert client.get(admin_url("changelist")).status_code == 200
    assert client.get(admin_url("add")).status_code == 200
    response = client.get(admin_url("change", article.pk))
    assert response.status_code == 200
    assert "A statement to edit" in response.content.decode()


def test_editor_sees_every_article_in_the_changelist(client):
    make_article(title="Published statement")
    draft_by(make_author(), title="Someone's draft")
    log_in(client, make_editor())

    response = client.get(admin_url("changelist"))

    assert changelist_titles(response) == ["Published statement", "Someone's draft"]


def test_editor_publishes_a_new_article_through_the_admin(client):
    category, office = make_category(), make_office()
    log_in(client, make_editor())

    response = client.post(
        admin_url("add"),
        article_form_data(
            title="Published from the desk",
            category=category,
            office=office,
            status="published",
            published_at=timezone.now() - timedelta(minutes=5),
            authors=[make_author(office=office)],
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(title="Published from the desk")
    assert article.state == "published"
    assert article.reference_number == 1
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_publishes_an_existing_draft_through_the_change_form(client):
    draft = draft_by(make_author(), title="Waiting for the editor")
    log_in(client, make_editor())

    response = client.post(
        admin_url("change", draft.pk),
        article_form_data(
            title=draft.title,
            slug=draft.slug,
            category=draft.category,
            office=draft.office,
            status="published",
            published_at=timezone.now() - timedelta(minutes=1),
            existing_links=draft.article_authors.all(),
        ),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.reference


# Authors -----------------------------------------------------------------------


def test_author_sees_only_their_own_drafts_in_the_changelist(client):
    user = make_author_user()
    draft_by(user.author, title="My draft")
    make_article(authors=[user.author], title="My published statement")
    draft_by(make_author(), title="A colleague's draft")
    log_in(client, user)

    response = client.get(admin_url("changelist"))

    assert response.status_code == 200
    assert changelist_titles(response) == ["My draft"]


def test_author_opens_their_own_draft(client):
    user = make_author_user()
    draft = draft_by(user.author, title="My draft")
    log_in(client, user)

    response = client.get(admin_url("change", draft.pk))

    assert response.status_code == 200
    assert "My draft" in response.content.decode()


def test_author_cannot_open_someone_elses_draft(client):
    other = draft_by(make_author(), title="A colleague's draft")
    log_in(client, make_author_user())

    response = client.get(admin_url("change", other.pk))

    # The admin treats an object outside the queryset as missing.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert "A colleague" not in client.get(response["Location"]).content.decode()


def test_author_cannot_change_someone_elses_draft_by_posting(client):
    other = draft_by(make_author(), title="A colleague's draft")
    log_in(client, make_author_user())

    client.post(
        admin_url("change", other.pk),
        article_form_data(
            title="Overwritten",
            category=other.category,
            office=other.office,
            existing_links=other.article_authors.all(),
        ),
    )

    other.refresh_from_db()
    assert other.title == "A colleague's draft"


def test_author_cannot_open_their_own_article_once_published(client):
    user = make_author_user()
    published = make_article(authors=[user.author], title="Already out")
    log_in(client, user)

    response = client.get(admin_url("change", published.pk))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_author_change_form_has_no_status_choice(client):
    user = make_author_user()
    draft = draft_by(user.author)
    log_in(client, user)

    response = client.get(admin_url("change", draft.pk))

    names = {el.get("name") for el in parse(response).iter() if el.get("name")}
    assert "status" not in names
    assert "unpublish_at_0" not in names


def test_author_posting_published_status_still_saves_a_draft(client):
    user = make_author_user()
    category = make_category()
    log_in(client, user)

    response = client.post(
        admin_url("add"),
        article_form_data(
            title="Trying to publish",
            category=category,
            office=user.author.office,
            status="published",
            published_at=timezone.now() - timedelta(minutes=5),
        ),
    )

    assert response.status_code == 302
    article = Article.objects.get(title="Trying to publish")
    assert article.status == Article.Status.DRAFT
    assert article.reference == ""
    assert client.get(article.get_absolute_url()).status_code == 404


def test_author_saving_their_draft_with_published_status_keeps_it_a_draft(client):
    user = make_author_user()
    draft = draft_by(user.author, title="My draft")
    log_in(client, user)

    response = client.post(
        admin_url("change", draft.pk),
        article_form_data(
            title="My draft, revised",
            slug=draft.slug,
            category=draft.category,
            office=draft.office,
            status="published",
            existing_links=draft.article_authors.all(),
        ),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "My draft, revised"
    assert draft.status == Article.Status.DRAFT
    assert draft.reference_number is None


@pytest.mark.parametrize(
    "hijri_field", ["publication_hijri_date", "unpublication_hijri_date"]
)
def test_author_posting_a_hijri_date_field_hidden_from_them_changes_nothing(
    client, hijri_field
):
    user = make_author_user()
    draft = draft_by(user.author, title="My dated draft")
    kept_time = draft.published_at
    log_in(client, user)

    response = client.post(
        admin_url("change", draft.pk),
        article_form_data(
            title="My dated draft, revised",
            slug=draft.slug,
            category=draft.category,
            office=draft.office,
            existing_links=draft.article_authors.all(),
            **{hijri_field: "1 Ramadan 1448"},
        ),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "My dated draft, revised"
    assert draft.published_at == kept_time
    assert draft.unpublish_at is None


def test_the_hijri_date_inputs_are_on_the_editor_form_only(client):
    user = make_author_user()
    draft = draft_by(user.author)
    hijri_inputs = {"publication_hijri_date", "unpublication_hijri_date"}

    def input_names():
        response = client.get(admin_url("change", draft.pk))
        return {el.get("name") for el in parse(response).iter() if el.get("name")}

    log_in(client, user)
    assert not hijri_inputs & input_names()
    log_in(client, make_editor())
    assert hijri_inputs <= input_names()


def test_author_new_article_gets_their_author_profile_as_author(client):
    user = make_author_user()
    log_in(client, user)

    response = client.post(
        admin_url("add"),
        article_form_data(
            title="Written by me",
            category=make_category(),
            office=user.author.office,
        ),
    )

    assert response.status_code == 302
    article = Article.objects.get(title="Written by me")
    assert article.byline_authors == [user.author]
    # …so the author finds it in their list afterwards.
    assert "Written by me" in client.get(admin_url("changelist")).content.decode()


def test_editor_new_article_without_byline_has_no_author_when_editor_has_no_profile(
    client,
):
    log_in(client, make_editor())

    client.post(
        admin_url("add"),
        article_form_data(
            title="Unsigned", category=make_category(), office=make_office()
        ),
    )

    assert Article.objects.get(title="Unsigned").byline_authors == []


def test_author_cannot_reach_site_settings_or_menu(client):
    log_in(client, make_author_user())

    settings_page = client.get(
        reverse("admin:cms_sitesettings_changelist"), follow=True
    )
    assert settings_page.status_code == 403
    assert client.get(reverse("admin:cms_menuitem_add")).status_code == 403


def test_site_settings_list_refuses_a_user_without_permission(client):
    """A 403 at once, as every other admin list, not a redirect to the form."""
    log_in(client, make_author_user())

    response = client.get(reverse("admin:cms_sitesettings_changelist"))

    assert response.status_code == 403


def test_editor_opens_site_settings_and_menu(client):
    log_in(client, make_editor())

    response = client.get(reverse("admin:cms_sitesettings_changelist"), follow=True)
    assert response.status_code == 200
    assert client.get(reverse("admin:cms_menuitem_add")).status_code == 200


# Comments ----------------------------------------------------------------------


def comments_url(name, **kwargs):
    """A comments URL, or skip while the comments app does not have it yet."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        pytest.skip(f"the comments app has no {name} yet")


def test_an_editor_may_moderate_comments(client):
    """Editors moderate too; the Moderators group is for those who only moderate."""
    log_in(client, make_editor())

    assert client.get(comments_url("comments:moderation")).status_code == 200
    url = comments_url("admin:comments_comment_changelist")
    assert client.get(url).status_code == 200
