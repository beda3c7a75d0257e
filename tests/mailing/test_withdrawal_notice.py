"""A withdrawal told by mail: when the office asks, each subscriber who was
sent the statement gets one short notice (when, by which office, why, and
its address), in the statement's language, by a job tried again until the
mail server takes it, and never twice."""

import datetime
import email
import email.policy
import socket

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone, translation
from django.utils.translation import gettext
from freezegun import freeze_time

from articles import services as articles
from articles.models import Article
from core import hijri
from delivery import services as delivery
from mailing import digests, sending
from mailing.models import Digest, Mail, Subscriber, WithdrawalNotice
from tests.factories import make_article, make_category, make_office
from tests.jobs.running import run_jobs, worked
from tests.markup import parse_strict
from tests.smtp import LocalSmtpServer

pytestmark = pytest.mark.django_db

REASON = "Issued in error before the meeting."
TITLE = "Statement on the regional water programme"


@pytest.fixture(autouse=True)
def site(settings):
    settings.CMS_SITE_URL = "https://media.example.org"


def subscriber(address="reader@example.org", *, sections=(), **fields):
    fields.setdefault("language", "en")
    fields.setdefault("state", Subscriber.State.CONFIRMED)
    fields.setdefault("confirmed_at", timezone.now() - datetime.timedelta(days=1))
    made = Subscriber.objects.create(email=address, **fields)
    made.sections.set(sections)
    return made


def publish(**fields):
    fields.setdefault("title", TITLE)
    fields.setdefault("excerpt", "The office sets out the programme's next steps.")
    fields.setdefault(
        "office", make_office(name_en="Water office", name_ar="مكتب المياه")
    )
    with worked():
        return make_article(**fields)


def withdraw(article, *, tell=True, reason=REASON):
    with worked():
        articles.article_withdraw(
            article=article, reason=reason, user=None, tell_subscribers=tell
        )
    return Article.objects.get(pk=article.pk)


def notices():
    return [message for message in mail.outbox if "Withdrawn" in message.subject]


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


def test_those_who_were_sent_it_get_one_notice_each():
    water = make_category(name_en="Water")
    subscriber("reader@example.org")
    subscriber("roads@example.org", sections=[make_category(name_en="Roads")])
    leaving = subscriber("leaving@example.org")
    digested = subscriber("daily@example.org", frequency=Subscriber.Frequency.DAILY)
    article = publish(category=water)
    assert recipients(mail.outbox) == ["leaving@example.org", "reader@example.org"]
    Digest.objects.create(
        subscriber=digested,
        due_at=article.published_at + datetime.timedelta(hours=5),
        articles=[article.pk],
        sent_at=timezone.now(),
    )
    subscriber("newcomer@example.org")  # after the statement went out
    Subscriber.objects.filter(pk=leaving.pk).update(state=Subscriber.State.UNSUBSCRIBED)
    mail.outbox.clear()

    withdrawn = withdraw(article)

    assert recipients(mail.outbox) == ["daily@example.org", "reader@example.org"]
    message = next(m for m in mail.outbox if m.to == ["reader@example.org"])
    assert message.subject == f"Withdrawn: {TITLE}"
    when = hijri.format_dual(withdrawn.withdrawn_at, "en")
    url = f"https://media.example.org/en/article/{article.slug}/"
    for part in (TITLE, f"Withdrawn on {when} by Water office.", REASON, url):
        assert part in message.body
    assert "next steps" not in message.body  # the text is not sent again
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert f"Withdrawn on {when} by Water office." in html
    assert f'<a href="{url}" dir="ltr">' in html
    assert "/en/subscribe/leave/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["Content-Language"] == "en"
    assert sorted(
        WithdrawalNotice.objects.values_list("subscriber__email", "state")
    ) == [
        ("daily@example.org", WithdrawalNotice.State.SENT),
        ("reader@example.org", WithdrawalNotice.State.SENT),
    ]


def test_nothing_is_sent_twice():
    subscriber()
    article = publish()
    withdrawn = withdraw(article)
    assert len(notices()) == 1

    # The job run again, the planning run again, a later save.
    with worked():
        sending.send_withdrawal_notices.enqueue(article.pk)
    assert delivery.plan_article(article.pk) == []
    withdrawn.title = "Retitled"
    with worked():
        articles.article_save(article=withdrawn, user=None)

    assert len(notices()) == 1
    assert WithdrawalNotice.objects.count() == 1


def test_nobody_is_told_when_the_office_did_not_ask():
    subscriber()
    article = publish()
    withdraw(article, tell=False)

    assert notices() == []
    assert not WithdrawalNotice.objects.exists()
    assert len(mail.outbox) == 1  # the statement itself, when it was published


def test_the_withdrawal_only_queues_the_notices():
    subscriber()
    article = publish()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        articles.article_withdraw(
            article=article, reason=REASON, user=None, tell_subscribers=True
        )
    assert mail.outbox == []  # nothing was mailed in the editor's request
    run_jobs()
    assert recipients(notices()) == ["reader@example.org"]


def test_a_statement_still_waiting_to_be_mailed_is_neither_mailed_nor_told():
    subscriber()
    with TestCase.captureOnCommitCallbacks(execute=True):
        article = make_article(title="Too soon")
    run_jobs(only=delivery.plan_article_job)
    assert Mail.objects.filter(state=Mail.State.PENDING).count() == 1
    withdraw(article)

    assert mail.outbox == []
    assert not Mail.objects.exists()
    assert not WithdrawalNotice.objects.exists()


def closed_port():
    """A port on 127.0.0.1 where nothing listens (a mail server away)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_server_away_is_tried_again_and_the_notice_sent_once(settings):
    subscriber()
    article = publish()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()

    withdraw(article)
    notice = WithdrawalNotice.objects.get()
    assert notice.state == WithdrawalNotice.State.PENDING

    server = LocalSmtpServer()
    settings.EMAIL_PORT = server.port
    try:
        with freeze_time(timezone.now() + datetime.timedelta(minutes=1)):
            run_jobs()
        with freeze_time(timezone.now() + datetime.timedelta(hours=1)):
            run_jobs()
    finally:
        server.close()

    (raw,) = server.messages
    message = email.message_from_bytes(raw.encode(), policy=email.policy.default)
    assert message["Subject"].strip() == f"Withdrawn: {TITLE}"
    notice.refresh_from_db()
    assert notice.state == WithdrawalNotice.State.SENT
    assert notice.sent_at is not None


def test_an_arabic_statement_is_told_in_arabic(settings):
    subscriber("qari@example.org", language="ar")
    article = publish(
        title="بيان حول برنامج المياه الإقليمي", language="ar", excerpt="نص."
    )
    server = LocalSmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    try:
        withdrawn = withdraw(article, reason="صدر خطأً قبل الاجتماع.")
    finally:
        server.close()

    (raw,) = server.messages
    message = email.message_from_bytes(raw.encode(), policy=email.policy.default)
    with translation.override("ar"):
        subject = gettext("Withdrawn: %(title)s") % {"title": withdrawn.title}
        said = gettext("Withdrawn on %(when)s by %(office)s.") % {
            "when": hijri.format_dual(withdrawn.withdrawn_at, "ar"),
            "office": "مكتب المياه",
        }
        url = "https://media.example.org" + article.get_absolute_url()
    assert url.startswith("https://media.example.org/ar/article/")
    assert message["Subject"].strip() == subject
    assert message["Content-Language"].strip() == "ar"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    for body in (text, html):
        assert "بيان حول برنامج المياه الإقليمي" in body
        assert said in body
        assert "صدر خطأً قبل الاجتماع." in body
        assert url in body
    assert "Water office" not in text
    assert '<html lang="ar" dir="rtl">' in html


def test_the_notice_is_valid_html_in_both_languages():
    for language in ("en", "ar"):
        reader = subscriber(f"{language}@example.org", language=language)
        article = make_article(
            language=language,
            title="A <short> title & more",
            status=Article.Status.WITHDRAWN,
            withdrawn_at=timezone.now(),
            withdrawal_reason="In <error> & more.",
        )
        html, _kind = sending.withdrawal_mail(article, reader).alternatives[0]
        root = parse_strict(html)
        assert root.get("lang") == language
        assert root.get("dir") == ("rtl" if language == "ar" else "ltr")
        assert "A &lt;short&gt; title &amp; more" in html


def test_a_digest_made_before_the_withdrawal_leaves_the_statement_out():
    daily = subscriber("daily@example.org", frequency=Subscriber.Frequency.DAILY)
    kept = publish(title="A statement that stands")
    article = publish()
    due = timezone.now() + datetime.timedelta(hours=1)
    Digest.objects.create(subscriber=daily, due_at=due, articles=[kept.pk, article.pk])
    withdraw(article, tell=False)

    digests.send_digests.call(due.isoformat())

    (message,) = mail.outbox
    assert "A statement that stands" in message.body
    assert TITLE not in message.body
    # What the digest carried is what it lists: its reader was not sent it.
    assert Digest.objects.get().articles == [kept.pk]
