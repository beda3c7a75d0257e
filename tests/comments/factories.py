"""Comment factories and helpers: invented, neutral readers and remarks."""

import itertools
import time

from django.contrib.auth.models import Group, User
from django.utils import translation

from comments.forms import sign_timestamp
from comments.models import Comment, Status
from tests.factories import make_article

_counter = itertools.count(1)


def make_comment(*, article=None, **fields):
    """An approved comment (unless told otherwise) on a new or given article."""
    n = next(_counter)
    fields.setdefault("name", f"Reader {n}")
    fields.setdefault("email", f"reader{n}@example.org")
    fields.setdefault("body", f"A neutral remark, number {n}.")
    fields.setdefault("status", Status.APPROVED)
    return Comment.objects.create(article=article or make_article(), **fields)


def make_user(group=None, **fields):
    """A staff user, in ``group`` (e.g. "Moderators") if given."""
    n = next(_counter)
    fields.setdefault("username", f"user{n}")
    fields.setdefault("email", f"user{n}@example.org")
    fields.setdefault("is_staff", True)
    user = User.objects.create_user(password=None, **fields)  # logged in by force
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_moderator(**fields):
    return make_user("Moderators", **fields)


def comment_data(**overrides):
    """A valid comment form, handed out a minute ago."""
    data = {
        "name": "Samira Haddad",
        "email": "samira@example.org",
        "website": "",
        "body": "Thank you for the clear statement.\nIt answers my question.",
        "parent": "",
        "issued": sign_timestamp(time.time() - 60),
        "fax": "",
    }
    data.update(overrides)
    return data


def article_url(article, language="en"):
    with translation.override(language):
        return article.get_absolute_url()


def post_url(article, language="en"):
    return f"/{language}/comments/post/{article.slug}/"


def queue_url(language="en"):
    return f"/{language}/comments/moderation/"


def post_comment(
    client, article, language="en", address="192.0.2.10", follow=False, **overrides
):
    """Send the reader's form for ``article`` from ``address``."""
    return client.post(
        post_url(article, language),
        comment_data(**overrides),
        REMOTE_ADDR=address,
        follow=follow,
    )
