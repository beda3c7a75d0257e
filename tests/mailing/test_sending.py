"""Statements mailed as they are published: to whom, once, in batches that a
failure does not repeat, with the headers a mail client reads."""

import datetime
import email
import email.policy
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from freezegun import freeze_time

from articles.models import Article
from delivery import services as delivery
from mailing.models import Mail, Subscriber
from tests.factories import make_article, make_category
from tests.jobs.running import run_jobs, worked
from tests.smtp import LocalSmtpServer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.CMS_SITE_URL = "https://media.example.org"


def subscriber(email="reader@example.org", *, sections=(), **fields):
    fields.setdefault("language", "en")
    fields.setdefault("state", Subscriber.State.CONFIRMED)
    fields.setdefault("confirmed_at", timezone.now() - datetime.timedelta(days=1))
    made = Subscriber.objects.create(email=email, **fields)
    made.sections.set(sections)
    return made


def publish(**fields):
    fields.setdefault("title", "Statement on the regional water programme")
    fields.setdefault("excerpt", "The office sets out the programme's next steps.")
    with worked():
        return make_article(**fields)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_statement_is_mailed_once_to_its_subscribers():
    subscriber()
    article = publish()

    (message,) = mail.outbox
    assert message.subject == "Statement on the regional water programme"
    assert "The office sets out the programme's next steps." in message.body
    assert f"https://media.example.org/en/article/{article.slug}/" in message.body
    assert "|" in message.body  # the dual date
    assert "/en/subscribe/leave/" in message.extra_headers["List-Unsubscribe"]

    assert delivery.plan_article(article.pk) == []  # planned again: nothing new
    with worked():
        article.save()
    assert len(mail.outbox) == 1
    assert Mail.objects.get().state == Mail.State.SENT


def test_only_those_who_asked_for_it_at_once_get_it():
    water = make_category(name_en="Water")
    wells = make_category(name_en="Wells", parent=water)
    roads = make_category(name_en="Roads")
    subscriber("all@example.org")
    subscriber("water@example.org", sections=[water])
    subscriber("roads@example.org", sections=[roads])
    subscriber("pending@example.org", state=Subscriber.State.PENDING)
    subscriber("left@example.org", state=Subscriber.State.UNSUBSCRIBED)
    subscriber("digest@example.org", frequency=Subscriber.Frequency.DAILY)
    subscriber("arabic@example.org", language="ar")
    subscriber("late@example.org", confirmed_at=timezone.now() + datetime.timedelta(1))

    publish(category=wells)

    assert recipients() == ["all@example.org", "water@example.org"]


def test_a_statement_published_long_ago_and_saved_again_is_not_mailed():
    subscriber()
    publish(published_at=timezone.now() - datetime.timedelta(days=3))
    assert mail.outbox == []
    assert not Mail.objects.exists()


def test_a_scheduled_statement_is_mailed_at_its_time():
    subscriber()
    moment = timezone.now() + datetime.timedelta(minutes=10)
    publish(published_at=moment)
    assert mail.outbox == []
    with freeze_time(moment + datetime.timedelta(seconds=30)):
        run_jobs()
    assert recipients() == ["reader@example.org"]


def test_publishing_only_queues_the_mails():
    for number in range(20):
        subscriber(f"reader{number}@example.org")
    with worked():
        pass
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        make_article(title="Queued")
    assert mail.outbox == []  # nothing was sent in the editor's request
    run_jobs()
    assert len(mail.outbox) == 20


def test_a_mail_server_failing_mid_batch_resends_only_what_was_not_sent(
    monkeypatch,
):
    for number in range(5):
        subscriber(f"reader{number}@example.org")
    sent = []
    real = EmailBackend.send_messages

    def third_fails(self, messages):
        if len(sent) == 2:
            raise smtplib.SMTPServerDisconnected("mail server away")
        sent.extend(messages)
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", third_fails)
    publish()
    assert len(mail.outbox) == 2
    assert Mail.objects.filter(state=Mail.State.SENT).count() == 2

    monkeypatch.setattr(EmailBackend, "send_messages", real)
    with freeze_time(timezone.now() + datetime.timedelta(minutes=1)):
        run_jobs()
    assert recipients() == [f"reader{number}@example.org" for number in range(5)]
    assert Mail.objects.filter(state=Mail.State.SENT).count() == 5


def test_the_mail_as_a_mail_client_reads_it(settings):
    """Through a real SMTP server: the RFC 8058 headers, plain text and HTML
    in the subscriber's language and direction."""
    server = LocalSmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    try:
        subscriber("qari@example.org", language="ar")
        publish(title="بيان حول برنامج المياه الإقليمي", language="ar", excerpt="نص.")
    finally:
        server.close()

    (raw,) = server.messages
    message = email.message_from_bytes(raw.encode(), policy=email.policy.default)
    assert message["To"] == "qari@example.org"
    assert message["Subject"].strip() == "بيان حول برنامج المياه الإقليمي"
    assert message["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://media.example.org/ar/subscribe/leave/")
    )
    assert message["Content-Language"].strip() == "ar"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "بيان حول برنامج المياه الإقليمي" in text
    assert '<html lang="ar" dir="rtl">' in html


def test_a_subscriber_who_left_meanwhile_is_not_mailed():
    leaving = subscriber("leaving@example.org")
    subscriber("staying@example.org")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        article = make_article()
    run_jobs(only=delivery.plan_article_job)
    Subscriber.objects.filter(pk=leaving.pk).update(state=Subscriber.State.UNSUBSCRIBED)
    run_jobs()
    assert recipients() == ["staying@example.org"]
    assert not Mail.objects.filter(subscriber=leaving, article=article).exists()
    assert Article.objects.count() == 1


def test_every_mail_is_valid_html_in_both_languages(client):
    """The confirmation, the statement and the press mails parse as HTML5
    without an error, with their language and direction."""
    import datetime as dt

    from mailing import digests, mails, sending
    from press.models import Contact, Embargo, PressList, PressMail
    from press.services import press_mail
    from tests.markup import parse_strict

    for language in ("en", "ar"):
        reader = subscriber(f"{language}@example.org", language=language)
        article = make_article(language=language, excerpt="A <short> summary & more.")
        built = [
            mails.build(mails.CONFIRM, reader),
            mails.build(mails.MANAGE, reader),
            sending.statement_mail(article, reader),
            digests.digest_mail(reader, [article], timezone.now()),
        ]
        contact = Contact.objects.create(
            name="Layla", email=f"press-{language}@example.org", language=language
        )
        embargo = Embargo.objects.create(
            article=article, until=timezone.now() + dt.timedelta(hours=1)
        )
        embargo.lists.add(PressList.objects.create(name=f"List {language}"))
        for kind in PressMail.Kind.values:
            built.append(
                press_mail(
                    PressMail(
                        embargo=embargo, contact=contact, kind=kind, until=embargo.until
                    )
                )
            )
        for message in built:
            html, _kind = message.alternatives[0]
            root = parse_strict(html)
            assert root.get("lang") == language
            assert root.get("dir") == ("rtl" if language == "ar" else "ltr")
