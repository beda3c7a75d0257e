"""The Moderators group made by the data migration."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.comments.factories import make_moderator

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_the_moderators_group_can_moderate():
    assert "can_moderate" in codenames("Moderators")


def test_moderators_cannot_edit_articles():
    assert not {c for c in codenames("Moderators") if c.endswith("_article")}


def test_editors_can_moderate():
    assert "can_moderate" in codenames("Editors")


def test_a_moderator_is_refused_the_articles_admin():
    client = Client()
    client.force_login(make_moderator())
    assert client.get("/admin/articles/article/").status_code == 403
    assert client.get("/admin/comments/comment/").status_code == 200
