"""Restoring a revision follows the rule of saving (an attack found it did not).

An editor publishes an author's draft, then sets it back to draft; the author
restores the revision in which it was published. Before the fix, one POST with
only the CSRF token made the article public again.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import permissions, services
from articles.models import Article
from tests.articles.desk import (
    admin_url,
    form_data,
    log_in,
    make_author_user,
    make_editor,
    versions_of,
)
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def published_then_withdrawn(author_user):
    """An author's article an editor published, then set back to draft.

    Returns the article and the revision in which it was published.
    """
    editor = make_editor()
    article = make_article(
        authors=[author_user.author],
        status=Article.Status.DRAFT,
        title="Draft wording",
        unpublish_at=None,
    )
    services.article_save(article=article, user=author_user)
    article.unpublish_at = timezone.now() + timedelta(days=30)
    article.is_featured = True
    services.article_publish(article=article, user=editor)
    published_version = versions_of(article)[0]
    article.status = Article.Status.DRAFT
    article.is_featured = False
    article.unpublish_at = None
    article.published_at = timezone.now() + timedelta(days=3)
    services.article_save(article=article, user=editor)
    return Article.objects.get(pk=article.pk), published_version


def stored(article):
    return Article.objects.values(
        "status", "published_at", "unpublish_at", "is_featured", "breaking_until",
        "title", "reference_year", "reference_number",
    ).get(pk=article.pk)  # fmt: skip


def test_an_authors_bare_post_to_a_published_revision_changes_nothing(client):
    user = make_author_user()
    article, published = published_then_withdrawn(user)
    before = stored(article)
    log_in(client, user)

    client.get(admin_url("changelist"))  # a CSRF cookie, as a browser has
    response = client.post(admin_url("revision", article.pk, published.pk), {})

    assert response.status_code in (200, 302, 403)
    assert stored(article) == before
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_an_authors_restore_brings_back_the_text_but_not_the_publication(client):
    user = make_author_user()
    article, published = published_then_withdrawn(user)
    before = stored(article)
    log_in(client, user)
    url = admin_url("revision", article.pk, published.pk)

    response = client.post(url, form_data(client.get(url)))

    assert response.status_code == 302
    after = stored(article)
    assert after["title"] == "Draft wording"  # the revision's text
    for name in ("status", "published_at", "unpublish_at", "is_featured"):
        assert after[name] == before[name], name
    assert (after["reference_year"], after["reference_number"]) == (
        before["reference_year"],
        before["reference_number"],
    )
    assert Article.objects.get(pk=article.pk).state == Article.State.DRAFT


def test_an_editors_restore_may_publish_again(client):
    """The rule is the rule of saving: an editor may publish, so may restore it."""
    editor = make_editor()
    article, published = published_then_withdrawn(make_author_user())
    log_in(client, editor)
    url = admin_url("revision", article.pk, published.pk)

    client.post(url, form_data(client.get(url)))

    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_a_restore_that_would_take_the_article_away_from_the_author_is_refused(
    client,
):
    """A revision from before the author was on the byline: restoring it would
    give them an article that is not theirs. Nothing changes."""
    user = make_author_user()
    editor = make_editor()
    article = make_article(
        authors=[make_author()], status=Article.Status.DRAFT, title="Theirs"
    )
    services.article_save(article=article, user=editor)
    old = versions_of(article)[0]
    article.article_authors.create(author=user.author, position=1)
    article.title = "Now shared"
    services.article_save(article=article, user=editor)
    log_in(client, user)
    url = admin_url("revision", article.pk, old.pk)
    data = form_data(client.get(admin_url("change", article.pk)))

    assert client.get(url).status_code == 302  # not even shown
    response = client.post(url, data, follow=True)

    assert Article.objects.get(pk=article.pk).title == "Now shared"
    assert article.article_authors.filter(author=user.author).exists()
    assert "cannot be restored by you" in response.content.decode()


def test_an_authors_save_keeps_the_publication_fields_too():
    """The service applies the same rule to a plain save."""
    user = make_author_user()
    article, _published = published_then_withdrawn(user)
    before = stored(article)
    article.status = Article.Status.PUBLISHED
    article.is_featured = True
    article.breaking_until = timezone.now() + timedelta(hours=1)
    article.published_at = timezone.now() - timedelta(days=1)

    services.article_save(article=article, user=user)

    after = stored(article)
    for name in permissions.PUBLICATION_FIELDS:
        assert after[name] == before[name], name
