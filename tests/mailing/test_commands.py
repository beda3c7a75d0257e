"""Subscribers exported and erased, like commenters."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from mailing.models import Mail, Subscriber
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_export_lists_every_subscription_with_its_sections():
    water = make_category(name_en="Water", slug="water")
    one = Subscriber.objects.create(email="one@example.org", language="en")
    one.sections.set([water])
    Subscriber.objects.create(email="two@example.org", language="ar")

    rows = list(csv.DictReader(io.StringIO(run("export_subscribers"))))

    assert [(r["email"], r["edition"], r["sections"]) for r in rows] == [
        ("one@example.org", "en", "water"),
        ("two@example.org", "ar", ""),
    ]
    only = list(
        csv.DictReader(
            io.StringIO(run("export_subscribers", "--email", "TWO@example.org"))
        )
    )
    assert [r["email"] for r in only] == ["two@example.org"]


def test_erasing_an_address_removes_its_subscriptions_and_their_log():
    article = make_article()
    for language in ("en", "ar"):
        subscriber = Subscriber.objects.create(
            email="reader@example.org", language=language
        )
    Mail.objects.create(subscriber=subscriber, article=article)
    Subscriber.objects.create(email="other@example.org", language="en")

    assert "2 subscription(s)" in run(
        "erase_subscriber", "reader@example.org", "--dry-run"
    )
    assert Subscriber.objects.count() == 3
    assert "Erased 2 subscription(s)" in run("erase_subscriber", " Reader@Example.org")
    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "other@example.org"
    ]
    assert not Mail.objects.exists()


def test_a_wrong_address_is_refused():
    with pytest.raises(CommandError, match="Not an email address"):
        run("erase_subscriber", "nobody")
