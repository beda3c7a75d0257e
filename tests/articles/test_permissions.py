"""``articles.permissions``: who may do what, as one truth table.

Role × action × the article's byline (the user's own or another's) × its state.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles import permissions
from articles.models import Article
from tests.articles.desk import make_author_user, make_editor, make_staff
from tests.factories import make_article

pytestmark = pytest.mark.django_db

STATES = {
    "draft": {"status": Article.Status.DRAFT},
    "scheduled": {"published_at": timezone.now() + timedelta(days=1)},
    "published": {},
    "expired": {
        "published_at": timezone.now() - timedelta(days=2),
        "unpublish_at": timezone.now() - timedelta(days=1),
    },
}


def user_for(role):
    return {
        "editor": make_editor,
        "author": make_author_user,
        "moderator": lambda: make_staff("Moderators"),
        "staff without a group": make_staff,
        "anonymous": AnonymousUser,
        "inactive editor": lambda: make_editor(is_active=False),
    }[role]()


def article_for(user, byline, state):
    own = byline == "own" and hasattr(user, "author")
    authors = [user.author] if own else None
    return make_article(authors=authors, **STATES[state])


ROLES = [
    "editor",
    "author",
    "moderator",
    "staff without a group",
    "anonymous",
    "inactive editor",
]


def expected(role, action, byline, state):
    if role == "editor":
        return True
    if role == "author":
        if action in {"edit", "restore"}:
            return byline == "own" and state == "draft"
        return action == "preview" and byline == "own"
    if role == "moderator":
        return action == "moderate"
    return False


ACTIONS = {
    "edit": lambda user, article: permissions.can_edit(user, article),
    "listed as editable": lambda user, article: (
        permissions.editable_articles(user).filter(pk=article.pk).exists()
    ),
    "restore": lambda user, article: permissions.can_restore(user, article),
    "preview": lambda user, article: permissions.can_preview(user, article),
    "publish": lambda user, article: permissions.can_publish(user),
    "recover": lambda user, article: permissions.can_recover(user),
    "moderate": lambda user, article: permissions.can_moderate(user),
}


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("byline", ["own", "other's"])
@pytest.mark.parametrize("role", ROLES)
def test_permissions_truth_table(role, byline, state):
    user = user_for(role)
    article = Article.objects.get(pk=article_for(user, byline, state).pk)

    for action, check in ACTIONS.items():
        rule = "edit" if action == "listed as editable" else action
        assert check(user, article) is expected(role, rule, byline, state), action


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_may_publish_change_the_publication_fields(role):
    locked = permissions.locked_fields(user_for(role))
    if role == "editor":
        assert locked == ()
    else:
        assert set(locked) == {
            "status", "published_at", "unpublish_at", "is_featured", "breaking_until",
        }  # fmt: skip
