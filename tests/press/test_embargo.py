"""Journalists under embargo: the statement mailed before it is public, with
when it may be published, and nothing public knowing of it until then."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from articles.models import Article
from delivery import services as delivery
from mailing.models import Subscriber
from press import services
from press.models import Contact, Embargo, PressList, PressMail
from tests.articles.desk import log_in, make_editor
from tests.factories import make_article, make_category
from tests.jobs.running import run_jobs, worked

pytestmark = pytest.mark.django_db

TITLE = "Statement on the regional water programme"


@pytest.fixture(autouse=True)
def site(settings):
    settings.CMS_SITE_URL = "https://media.example.org"


@pytest.fixture
def lists():
    agencies, papers = (
        PressList.objects.create(name="Agencies"),
        PressList.objects.create(name="Papers"),
    )
    both = Contact.objects.create(
        name="Layla", outlet="A wire agency", email="layla@example.org"
    )
    arabic = Contact.objects.create(
        name="سلمى", outlet="صحيفة", email="salma@example.org", language="ar"
    )
    resting = Contact.objects.create(
        name="Away", email="away@example.org", is_active=False
    )
    agencies.contacts.set([both, resting])
    papers.contacts.set([both, arabic])
    return [agencies, papers]


def draft(**fields):
    return make_article(
        title=TITLE,
        status=Article.Status.DRAFT,
        body="<p>The programme's next steps, one by one.</p>",
        **fields,
    )


def embargoed(lists, until=None):
    until = until or timezone.now() + datetime.timedelta(hours=3)
    article = draft()
    with worked():
        embargo = services.embargo_send(article=article, lists=lists, until=until)
    return embargo


def by_address():
    return {message.to[0]: message for message in mail.outbox}


def test_the_statement_goes_to_each_contact_once_with_its_embargo(lists):
    embargo = embargoed(lists)

    sent = by_address()
    assert sorted(sent) == ["layla@example.org", "salma@example.org"]
    english = sent["layla@example.org"]
    utc = embargo.until.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    assert english.subject == f"EMBARGOED UNTIL {utc}: {TITLE}"
    assert "EMBARGOED UNTIL" in english.body
    assert "|" in english.body  # the time in both calendars
    assert utc in english.body
    assert "The programme's next steps, one by one." in english.body
    arabic_html, _kind = sent["salma@example.org"].alternatives[0]
    assert '<html lang="ar" dir="rtl">' in arabic_html
    assert '<div lang="en" dir="ltr">' in arabic_html  # the statement as written
    assert set(PressMail.objects.values_list("state", flat=True)) == {"sent"}
    article = embargo.article
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == embargo.until  # the site's own schedule


def test_nothing_public_knows_of_it_until_its_time(client, lists, settings):
    category = make_category(slug="news", name_en="News")
    make_article(title="An older statement", category=category)
    article = draft(category=category)
    subscriber = Subscriber.objects.create(
        email="reader@example.org",
        language="en",
        state=Subscriber.State.CONFIRMED,
        confirmed_at=timezone.now() - datetime.timedelta(days=1),
    )
    until = timezone.now() + datetime.timedelta(hours=3)
    with worked():
        services.embargo_send(article=article, lists=lists, until=until)
    mail.outbox.clear()
    surfaces = [
        "/en/",
        "/en/category/news/",
        "/en/feed/",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        "/api/v1/articles",
        "/en/search/?q=regional+water+programme",
        "/api/v1/search?q=regional+water+programme",
    ]
    for path in surfaces:
        assert TITLE not in client.get(path).content.decode(), path
    assert client.get(f"/en/article/{article.slug}/").status_code == 404
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404
    assert delivery.plan_article(article.pk) == []

    with freeze_time(until + datetime.timedelta(seconds=30)):
        run_jobs()
        assert client.get(f"/en/article/{article.slug}/").status_code == 200
        assert TITLE in client.get("/en/").content.decode()
    assert [message.to for message in mail.outbox] == [[subscriber.email]]


def test_moving_the_end_tells_everyone_and_reschedules(lists):
    embargo = embargoed(lists)
    mail.outbox.clear()
    later = embargo.until + datetime.timedelta(days=1)
    with worked():
        services.embargo_move(embargo=embargo, until=later)

    sent = by_address()
    assert sorted(sent) == ["layla@example.org", "salma@example.org"]
    assert sent["layla@example.org"].subject.startswith("Embargo moved to")
    assert sent["salma@example.org"].subject.startswith("تغيّر موعد الحظر إلى")
    embargo.article.refresh_from_db()
    assert embargo.article.published_at == later


def test_lifting_publishes_now_and_says_so(lists):
    embargo = embargoed(lists)
    mail.outbox.clear()
    with worked():
        services.embargo_lift(embargo=embargo)
    assert by_address()["layla@example.org"].subject == f"Embargo lifted: {TITLE}"
    assert by_address()["salma@example.org"].subject == f"رُفع الحظر: {TITLE}"
    embargo.article.refresh_from_db()
    assert embargo.article.is_published


def test_cancelling_withdraws_and_says_do_not_publish(lists):
    embargo = embargoed(lists)
    mail.outbox.clear()
    with worked():
        services.embargo_cancel(embargo=embargo)
    sent = by_address()
    assert sent["layla@example.org"].subject.startswith("WITHDRAWN, DO NOT PUBLISH")
    assert "do not publish it" in sent["layla@example.org"].body
    assert "لا تنشره" in sent["salma@example.org"].body
    embargo.article.refresh_from_db()
    assert embargo.article.status == Article.Status.DRAFT
    with pytest.raises(ValidationError, match="has ended"):
        services.embargo_lift(embargo=embargo)


def test_an_end_in_the_past_and_a_public_statement_are_refused(lists):
    with pytest.raises(ValidationError, match="in the future"):
        services.embargo_send(
            article=draft(),
            lists=lists,
            until=timezone.now() - datetime.timedelta(minutes=1),
        )
    with pytest.raises(ValidationError, match="public already"):
        services.embargo_send(
            article=make_article(),
            lists=lists,
            until=timezone.now() + datetime.timedelta(hours=1),
        )
    assert not Embargo.objects.exists()
    assert mail.outbox == []


def test_an_editor_sends_under_embargo_from_the_admin(client, lists):
    log_in(client, make_editor())
    article = draft()
    until = (timezone.localtime() + datetime.timedelta(hours=5)).replace(
        second=0, microsecond=0
    )
    data = {
        "article": article.pk,
        "lists": [press_list.pk for press_list in lists],
        "until_0": until.strftime("%Y-%m-%d"),
        "until_1": until.strftime("%H:%M:%S"),
        "mails-TOTAL_FORMS": "0",
        "mails-INITIAL_FORMS": "0",
    }
    with worked():
        response = client.post("/admin/press/embargo/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    embargo = Embargo.objects.get()
    assert embargo.until == until
    assert len(mail.outbox) == 2

    past = {**data, "until_0": "2020-01-01", "article": draft().pk}
    refused = client.post("/admin/press/embargo/add/", past)
    assert refused.status_code == 200
    assert "An embargo ends in the future" in refused.content.decode()
    assert Embargo.objects.count() == 1


def test_a_mail_server_away_for_a_day_leaves_the_mails_failed(lists, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    from jobs import queue

    def away(self, messages):
        raise ConnectionRefusedError("mail server away")

    monkeypatch.setattr(EmailBackend, "send_messages", away)
    embargoed(lists)
    moment = timezone.now()
    for _ in range(queue.TRIES):
        moment += datetime.timedelta(hours=9)
        with freeze_time(moment):
            run_jobs()
    states = set(PressMail.objects.values_list("state", "last_error"))
    assert states == {("failed", "mail server away")}
