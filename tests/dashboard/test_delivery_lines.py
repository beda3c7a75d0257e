"""The dashboard's red lines for where statements stopped going: a Telegram
channel whose bot Telegram refuses, a partner's endpoint disabled after a
delivery failed for good; each links to its page in the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from delivery.models import Channel, Endpoint
from tests.articles.desk import make_editor
from tests.comments.factories import make_moderator
from tests.dashboard.test_dashboard import front_page, panel_titles
from tests.markup import find_by_class, parse, parse_strict, text

pytestmark = pytest.mark.django_db

TITLE = "Where statements stopped going"


def broken_channel(**fields):
    fields.setdefault("chat", "@water_news")
    return Channel.objects.create(
        name="News",
        language="en",
        broken_since=timezone.now() - datetime.timedelta(hours=2),
        broken_reason="Forbidden: bot was kicked from the channel chat",
        **fields,
    )


def disabled_endpoint(**fields):
    return Endpoint.objects.create(
        name="Partner agency",
        url="https://partner.example.org/hooks",
        secret="whsec_unused",
        disabled_at=timezone.now() - datetime.timedelta(hours=5),
        disabled_reason="The server refused the connection <again>.",
        **fields,
    )


def stopped_lines(response):
    """The section's lines: ``[(text, link)]``; ``None`` without the section."""
    sections = [
        s
        for s in find_by_class(parse(response), "section", "desk-panel")
        if s.get("aria-labelledby") == "desk-stopped"
    ]
    if not sections:
        return None
    (section,) = sections
    assert "desk-failed" in section.get("class").split()  # the red edge
    return [(text(li), li.find("a").get("href")) for li in section.iter("li")]


def test_an_editor_sees_a_failing_channel_and_a_disabled_endpoint(client):
    channel = broken_channel()
    endpoint = disabled_endpoint()

    response = front_page(client, make_editor())

    assert TITLE in panel_titles(response)
    (telegram, webhook) = stopped_lines(response)
    assert telegram[0].startswith("Telegram: the bot cannot post to @water_news since ")
    assert telegram[0].endswith(": Forbidden: bot was kicked from the channel chat")
    assert telegram[1] == reverse("admin:delivery_channel_change", args=[channel.pk])
    assert webhook[0].startswith("Webhook to Partner agency disabled on ")
    assert webhook[0].endswith(": The server refused the connection <again>.")
    assert webhook[1] == reverse("admin:delivery_endpoint_change", args=[endpoint.pk])
    # Both dates in both calendars, with their time.
    times = [
        element
        for section in find_by_class(parse(response), "ul", "desk-stopped")
        for element in section.iter("time")
    ]
    assert len(times) == 2
    assert all("|" in text(element) for element in times)


def test_the_lines_are_valid_html_in_english_and_arabic(client):
    broken_channel()
    disabled_endpoint()
    editor = make_editor()
    for language in ("en", "ar"):
        html = front_page(client, editor, language).content.decode()
        start = html.index('<section class="module desk-panel desk-failed" ')
        start = html.index('aria-labelledby="desk-stopped"', start)
        start = html.rindex("<section", 0, start)
        end = html.index("</section>", start) + len("</section>")
        root = parse_strict(
            f"<!DOCTYPE html><html lang={language}><title>x</title>"
            f"{html[start:end]}</html>"
        )
        assert len(list(root.iter("li"))) == 2
        assert len(list(root.iter("time"))) == 2


def test_no_line_when_all_is_well(client):
    Channel.objects.create(name="News", chat="@water_news", language="en")
    Endpoint.objects.create(
        name="Partner agency",
        url="https://partner.example.org/hooks",
        secret="whsec_unused",
    )
    broken_channel(chat="@old_news", is_active=False)  # switched off on purpose

    response = front_page(client, make_editor())

    assert stopped_lines(response) is None
    assert TITLE not in panel_titles(response)


def test_moderators_see_no_delivery_lines(client):
    broken_channel()
    disabled_endpoint()
    assert stopped_lines(front_page(client, make_moderator())) is None
