"""Management commands: erasing a reader's comments, telling moderators."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from comments import services
from comments.models import Comment, ModerationDecision, Status
from tests.comments.factories import make_comment, make_moderator
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_erase_removes_every_comment_of_the_email_whatever_its_status():
    article = make_article()
    for status in Status.values:
        make_comment(article=article, email="leaving@example.org", status=status)
    kept = make_comment(article=article, email="staying@example.org")
    output = run("erase_comments", "Leaving@Example.org")
    assert "Erased 4 comment(s)" in output
    assert list(Comment.objects.all()) == [kept]


def test_erase_takes_decisions_and_reports_along_but_keeps_others_replies():
    top = make_comment(email="leaving@example.org")
    services.comment_mark_spam(comment=top, moderator=make_moderator())
    top.reports.create(reporter="a")
    reply = make_comment(article=top.article, parent=top, email="other@example.org")
    run("erase_comments", "leaving@example.org")
    assert not ModerationDecision.objects.exists()
    reply.refresh_from_db()
    assert reply.parent is None


def test_erase_dry_run_changes_nothing():
    make_comment(email="leaving@example.org")
    assert "1 comment(s) of leaving@example.org would be erased" in run(
        "erase_comments", "leaving@example.org", "--dry-run"
    )
    assert Comment.objects.count() == 1


def test_erase_refuses_something_that_is_not_an_email():
    with pytest.raises(CommandError):
        run("erase_comments", "not an email")


def test_erase_of_an_unknown_email_erases_nothing():
    make_comment()
    assert "Erased 0 comment(s)" in run("erase_comments", "nobody@example.org")
    assert Comment.objects.count() == 1


def test_notify_command_sends_what_is_untold():
    make_comment(status=Status.PENDING)
    assert "about 1 comment(s)" in run("notify_moderators")
    assert len(mail.outbox) == 1
    assert "about 0 comment(s)" in run("notify_moderators", "--force")
