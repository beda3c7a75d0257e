"""Who may link an article to its translation, and the histories that show it.

The link is kept both ways, so linking or unlinking changes other articles:
a user may do it only where they may edit every article it changes
(``permissions.can_link_translation``).
"""

import pytest
from django.core.exceptions import PermissionDenied

from articles import services
from articles.models import Article, ArticleAuthor
from tests.articles.desk import (
    admin_url,
    form_data,
    log_in,
    make_author_user,
    make_editor,
    versions_of,
)
from tests.factories import make_article, make_office

pytestmark = pytest.mark.django_db


def own_draft(user, **fields):
    fields.setdefault("office", user.author.office)
    article = make_article(status=Article.Status.DRAFT, **fields)
    ArticleAuthor.objects.create(article=article, author=user.author)
    return article


def save_link_in_the_admin(client, user, article, partner):
    log_in(client, user)
    url = admin_url("change", article.pk)
    data = form_data(client.get(url))
    data["translation"] = str(partner.pk) if partner else ""
    return client.post(url, data)


def test_an_author_cannot_link_someone_elses_published_article(client):
    """The autocomplete offered only their drafts, but the field took any id,
    and the published article was changed with no check and no revision."""
    author = make_author_user()
    draft = own_draft(author, language="ar", title="مسودة")
    published = make_article(language="en", title="Someone else's statement")

    response = save_link_in_the_admin(client, author, draft, published)

    assert response.status_code == 200
    assert "You may link only articles you may edit" in response.content.decode()
    assert Article.objects.get(pk=published.pk).translation_id is None
    assert Article.objects.get(pk=draft.pk).translation_id is None
    assert versions_of(published) == []


def test_an_author_cannot_unlink_an_article_an_editor_linked(client):
    author = make_author_user()
    draft = own_draft(author, language="ar", title="مسودة")
    published = make_article(language="en", title="A published statement")
    draft.translation = published
    services.article_save(article=draft, user=make_editor())

    response = save_link_in_the_admin(client, author, draft, None)

    assert response.status_code == 200
    assert "You may link only articles you may edit" in response.content.decode()
    assert Article.objects.get(pk=published.pk).translation_id == draft.pk


def test_an_author_keeps_a_link_an_editor_made_when_saving_other_changes(client):
    author = make_author_user()
    draft = own_draft(author, language="ar", title="مسودة")
    published = make_article(language="en", title="A published statement")
    draft.translation = published
    services.article_save(article=draft, user=make_editor())
    log_in(client, author)
    url = admin_url("change", draft.pk)
    data = form_data(client.get(url))
    data["title"] = "مسودة منقحة"

    response = client.post(url, data)

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).translation_id == published.pk


def test_an_author_links_two_of_their_own_drafts(client):
    author = make_author_user()
    arabic = own_draft(author, language="ar", title="مسودة")
    english = own_draft(author, language="en", title="A draft")

    response = save_link_in_the_admin(client, author, arabic, english)

    assert response.status_code == 302
    assert Article.objects.get(pk=english.pk).translation_id == arabic.pk


def test_the_service_refuses_what_the_form_would_refuse():
    """Commands and other callers go through the same rule."""
    author = make_author_user()
    draft = own_draft(author, language="ar", title="مسودة")
    published = make_article(language="en", title="Someone else's statement")
    draft.translation = published

    with pytest.raises(PermissionDenied):
        services.article_save(article=draft, user=author)

    assert Article.objects.get(pk=published.pk).translation_id is None


def test_a_link_made_in_the_admin_is_one_revision_of_both_articles(client):
    editor = make_editor(username="editor1")
    office = make_office()  # a statement and its translation: one office
    arabic = make_article(language="ar", title="بيان عن المياه", office=office)
    english = make_article(language="en", title="Statement on water", office=office)

    save_link_in_the_admin(client, editor, arabic, english)

    [own] = versions_of(arabic)
    [partners] = versions_of(english)
    assert partners.revision == own.revision
    assert own.revision.user == editor
    assert "Translation" in own.revision.comment
    assert partners.field_dict["translation_id"] == arabic.pk


def test_each_article_a_link_changes_says_so_in_its_history():
    editor = make_editor()
    arabic = make_article(language="ar", title="بيان")
    first = make_article(language="en", title="First translation")
    second = make_article(language="en", title="Second translation")
    arabic.translation = first
    services.article_save(article=arabic, user=editor)
    assert versions_of(first)[0].revision.comment == (
        "Linked as the translation of “بيان”."
    )

    arabic.translation = second
    services.article_save(article=arabic, user=editor)

    let_go, linked = versions_of(first)[0], versions_of(second)[0]
    assert let_go.revision.comment == "No longer linked to its translation “بيان”."
    assert let_go.revision.user == editor
    assert let_go.field_dict["translation_id"] is None
    assert linked.field_dict["translation_id"] == arabic.pk
