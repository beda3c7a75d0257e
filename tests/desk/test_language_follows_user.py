"""The desk speaks the language its user works in.

The admin's addresses carry no language (``/admin/``); the moderation queue's
do (``/ar/comments/moderation/``). A moderator working in the Arabic queue
whose browser prefers English follows its links into the admin, the admin's
sign-in page included, and stays in Arabic; the admin's links lead back to
the queue in the same language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from comments.models import Status
from tests.comments.factories import make_comment, make_moderator
from tests.markup import find_by_class, parse

pytestmark = pytest.mark.django_db

OTHER = {"ar": "en", "en": "ar"}
DIRECTION = {"ar": "rtl", "en": "ltr"}


def browser(prefers):
    """A browser whose own language is ``prefers``."""
    return Client(HTTP_ACCEPT_LANGUAGE=prefers)


def interface(response):
    """The page's language and direction, as ``<html>`` says."""
    root = parse(response)
    return root.get("lang"), root.get("dir")


def queue_links(response):
    (links,) = find_by_class(parse(response), "p", "queue-links")
    return [link.get("href") for link in links.iter("a")]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_queues_links_open_the_admin_in_the_queues_language(language):
    """ "Review the comments marked as spam" opened the admin in English."""
    make_comment(status=Status.PENDING)
    client = browser(prefers=OTHER[language])
    client.force_login(make_moderator())

    queue = client.get(f"/{language}/comments/moderation/")
    links = queue_links(queue)

    assert interface(queue) == (language, DIRECTION[language])
    assert len(links) == 2
    for link in links:
        page = client.get(link)
        assert page.status_code == 200
        assert interface(page) == (language, DIRECTION[language]), link


def test_a_moderator_signing_in_from_the_arabic_queue_signs_in_in_arabic():
    client = browser(prefers="en")

    answer = client.get("/ar/comments/moderation/")

    assert answer.status_code == 302
    sign_in = client.get(answer["Location"])
    assert sign_in.status_code == 200
    assert interface(sign_in) == ("ar", "rtl")


def test_the_admins_link_to_the_queue_keeps_the_language():
    client = browser(prefers="en")
    client.force_login(make_moderator())
    client.get("/ar/comments/moderation/")

    dashboard = client.get(reverse("admin:index"))

    assert interface(dashboard) == ("ar", "rtl")
    (panel,) = [
        section
        for section in find_by_class(parse(dashboard), "section", "desk-panel")
        if section.get("aria-labelledby") == "desk-moderators"
    ]
    (queue_link,) = [a.get("href") for a in panel.iter("a")]
    assert queue_link == "/ar/comments/moderation/"


def test_the_language_last_worked_in_wins():
    client = browser(prefers="ar")
    client.force_login(make_moderator())
    client.get("/ar/comments/moderation/")
    client.get("/en/comments/moderation/")

    assert interface(client.get(reverse("admin:index"))) == ("en", "ltr")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_readers_page_leaves_the_desks_language_alone():
    """Reading the other edition (or previewing an article in its own
    language) is not working in that language."""
    client = browser(prefers="en")
    client.force_login(make_moderator())
    client.get("/en/comments/moderation/")

    client.get("/ar/")

    assert interface(client.get(reverse("admin:index"))) == ("en", "ltr")
