"""The daily digest: the day's statements at the site's hour, once, nothing
on a day with none, and the next day's job queued by itself."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from core import hijri
from mailing import digests, services, tokens
from mailing.models import Digest, Subscriber
from tests.factories import make_article, make_category
from tests.jobs.running import run_jobs, worked

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.CMS_SITE_URL = "https://media.example.org"
    settings.CMS_DIGEST_HOUR = 18


def at(day, hour):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour)), hijri.site_time_zone()
    )


def daily_subscriber(**fields):
    subscriber = Subscriber.objects.create(
        email=fields.pop("email", "daily@example.org"),
        language="en",
        state=Subscriber.State.PENDING,
        frequency=Subscriber.Frequency.DAILY,
    )
    subscriber.sections.set(fields.pop("sections", []))
    with worked():
        services.confirm(subscriber)
    return subscriber


def queued_digests():
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path="mailing.digests.send_digests"
    )


def test_the_days_statements_come_together_at_the_hour_once():
    day = datetime.date(2026, 12, 3)
    with freeze_time(at(day, 9)):
        subscriber = daily_subscriber()
        (job,) = queued_digests()
        assert job.run_after == at(day, 18)
        make_article(title="Morning statement", published_at=at(day, 8))
        make_article(title="Noon statement", published_at=at(day, 12))
        make_article(title="Arabic one", language="ar", published_at=at(day, 12))
        make_article(title="Tomorrow's", published_at=at(day, 20))

    with freeze_time(at(day, 18) + datetime.timedelta(seconds=5)):
        run_jobs()
        (message,) = mail.outbox
        assert message.to == ["daily@example.org"]
        assert "The day's statements" in message.subject
        assert "Morning statement" in message.body
        assert "Noon statement" in message.body
        assert "Arabic one" not in message.body
        assert "Tomorrow's" not in message.body
        manage = tokens.make(subscriber, tokens.MANAGE)
        assert f"/en/subscribe/manage/{manage}/" in message.body
        assert message.extra_headers["List-Unsubscribe-Post"]
        # The next day's job is queued, and a second run sends nothing again.
        (tomorrow,) = queued_digests()
        assert tomorrow.run_after == at(day + datetime.timedelta(days=1), 18)
        digests.send_digests.call(at(day, 18).isoformat())
    assert len(mail.outbox) == 1
    assert Digest.objects.get().sent_at is not None


def test_a_day_with_nothing_new_sends_nothing():
    day = datetime.date(2026, 12, 4)
    with freeze_time(at(day, 9)):
        daily_subscriber()
    with freeze_time(at(day, 18) + datetime.timedelta(seconds=5)):
        run_jobs()
    assert mail.outbox == []
    assert not Digest.objects.exists()


def test_a_digest_keeps_to_the_chosen_sections():
    water, roads = make_category(name_en="Water"), make_category(name_en="Roads")
    day = datetime.date(2026, 12, 5)
    with freeze_time(at(day, 9)):
        daily_subscriber(sections=[water])
        make_article(title="About water", category=water, published_at=at(day, 10))
        make_article(title="About roads", category=roads, published_at=at(day, 10))
    with freeze_time(at(day, 18) + datetime.timedelta(seconds=5)):
        run_jobs()
    (message,) = mail.outbox
    assert "About water" in message.body
    assert "About roads" not in message.body


def test_the_digest_is_queued_once_however_many_choose_it():
    day = datetime.date(2026, 12, 6)
    with freeze_time(at(day, 19)):  # past today's hour: tomorrow's
        daily_subscriber(email="one@example.org")
        daily_subscriber(email="two@example.org")
        (job,) = queued_digests()
    assert job.run_after == at(day + datetime.timedelta(days=1), 18)
