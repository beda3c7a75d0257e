"""The review of a draft: an author marks it ready, the editors are told by
mail, and an editor publishes it or sends it back with a note.

Who takes which step is ``articles.permissions.REVIEW_STEPS``' to say (its
truth table first); then the steps through the real admin, their history,
the list and the form, and the editors' mail through a local SMTP server.
"""

import email
import email.policy
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time
from reversion.models import Version

from articles import permissions, services
from articles.models import Article
from core import cache as cms_cache
from tests.articles.desk import (
    admin_url,
    field_errors,
    form_data,
    log_in,
    make_author_user,
    make_editor,
    make_staff,
    versions_of,
)
from tests.factories import make_article
from tests.jobs.running import run_jobs
from tests.markup import find_by_class, parse, text
from tests.smtp import LocalSmtpServer

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


# The truth table --------------------------------------------------------------------


def user_for(role):
    """A user of ``role``; all but the anonymous one may be on a byline."""
    return {
        "editor": lambda: make_staff("Editors", author=True),
        "author": make_author_user,
        "moderator": lambda: make_staff("Moderators", author=True),
        "staff without a group": lambda: make_staff(author=True),
        "anonymous": AnonymousUser,
        "inactive editor": lambda: make_staff("Editors", author=True, is_active=False),
    }[role]()


def states():
    now = timezone.now()
    draft = {"status": Article.Status.DRAFT}
    return {
        "being written": draft,
        "in review": {**draft, "review_requested_at": now - HOUR},
        "sent back": {
            **draft,
            "sent_back_at": now - HOUR,
            "sent_back_note": "Shorter.",
        },
        "scheduled": {"published_at": now + timedelta(days=1)},
        "published": {},
        "expired": {
            "published_at": now - timedelta(days=2),
            "unpublish_at": now - timedelta(days=1),
        },
        "withdrawn": {"status": Article.Status.WITHDRAWN},
    }


ROLES = [
    "editor",
    "author",
    "moderator",
    "staff without a group",
    "anonymous",
    "inactive editor",
]
STEPS = {
    "request": permissions.can_request_review,
    "cancel": permissions.can_withdraw_review_request,
    "send_back": permissions.can_send_back,
}


def expected(role, step, byline, state):
    if step == "send_back":
        return role == "editor" and state == "in review"
    if role not in {"editor", "author"} or byline != "own":
        return False
    if step == "request":
        return state in {"being written", "sent back"}
    return state == "in review"  # cancel: withdraw the request


@pytest.mark.parametrize("state", list(states()))
@pytest.mark.parametrize("byline", ["own", "other's"])
@pytest.mark.parametrize("role", ROLES)
def test_review_steps_truth_table(role, byline, state):
    user = user_for(role)
    own = byline == "own" and hasattr(user, "author")
    made = make_article(authors=[user.author] if own else None, **states()[state])
    article = Article.objects.get(pk=made.pk)

    for step, check in STEPS.items():
        allowed = expected(role, step, byline, state)
        assert check(user, article) is allowed, step
        assert permissions.can_take_review_step(user, article, step) is allowed


@pytest.mark.parametrize("state", ["scheduled", "published", "expired", "withdrawn"])
def test_an_article_that_is_not_a_draft_is_in_no_review_state(state):
    article = make_article(**states()[state])

    assert article.review_state is None
    assert not Article.objects.filter(pk=article.pk).in_review().exists()


def test_the_database_refuses_a_released_article_in_review():
    article = make_article(status=Article.Status.DRAFT)
    services.article_review_step(
        article=article, step="request", user=author_of(article)
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)


@pytest.mark.parametrize(
    "step, before",
    [
        ("request", "being written"),
        ("request", "sent back"),
        ("cancel", "in review"),
        ("send_back", "in review"),
    ],
)
def test_each_step_gives_the_state_the_table_says(step, before):
    user = make_staff("Editors", author=True)
    article = make_article(authors=[user.author], **states()[before])

    services.article_review_step(article=article, step=step, user=user, note="Why.")

    stored = Article.objects.get(pk=article.pk)
    assert stored.review_state == permissions.REVIEW_STEPS[step].gives


# Marking a draft ready for review ---------------------------------------------------


def author_of(article):
    """A user in the Authors group on ``article``'s byline."""
    user = make_author_user()
    article.article_authors.create(author=user.author, position=9)
    return user


@pytest.fixture
def writer():
    return make_author_user(username="samira", first_name="Samira", last_name="Haddad")


@pytest.fixture
def draft(writer):
    return make_article(
        title="Water works resume",
        authors=[writer.author],
        status=Article.Status.DRAFT,
        body="<p>The works resume on Sunday.</p>",
    )


def review_url(article, step):
    return admin_url("review", article.pk, step)


def post_step(client, article, step, capture, **changes):
    """Send the article's form, as drawn, with ``changes``, through ``step``'s
    button (the form's changes are saved with it)."""
    data = form_data(client.get(admin_url("change", article.pk)))
    data.update(changes)
    with capture(execute=True):
        return client.post(review_url(article, step), data)


def listed_states(client, query=""):
    """``{title: state column}`` of the desk's list."""
    root = parse(client.get(admin_url("changelist") + query))
    table = next((t for t in root.iter("table") if t.get("id") == "result_list"), None)
    if table is None:  # nothing listed
        return {}
    rows = {}
    for row in table.find("tbody"):
        cells = {(cell.get("class") or "").split()[0]: text(cell) for cell in row}
        rows[cells["field-title"]] = cells["field-state_label"]
    return rows


def mail_jobs():
    return DBTaskResult.objects.filter(
        task_path=services.tell_editors_of_review.module_path
    )


def test_an_author_marks_their_draft_ready_for_review_with_the_form(
    client, writer, draft, django_capture_on_commit_callbacks
):
    log_in(client, writer)

    response = post_step(
        client,
        draft,
        "request",
        django_capture_on_commit_callbacks,
        body="<p>The works resume on Monday.</p>",
    )

    assert response.status_code == 302
    stored = Article.objects.get(pk=draft.pk)
    assert stored.review_state == Article.Review.IN_REVIEW
    assert stored.status == Article.Status.DRAFT  # never public
    assert stored.review_requested_by == writer
    assert "Monday" in stored.body  # the form was saved too
    page = client.get(response["Location"]).content.decode()
    assert "is marked ready for review: the editors are told." in page
    assert listed_states(client) == {"Water works resume": "in review"}
    assert listed_states(client, "?state=in_review") == {
        "Water works resume": "in review"
    }
    newest = versions_of(stored)[0].revision
    assert newest.user == writer
    assert "Marked ready for review." in newest.comment
    assert mail_jobs().count() == 1  # told by a job, not in the request


def test_the_form_says_it_waits_for_review_and_offers_to_withdraw(
    client, writer, draft
):
    services.article_review_step(article=draft, step="request", user=writer)
    log_in(client, writer)

    response = client.get(admin_url("change", draft.pk))

    page = response.content.decode()
    assert "Waiting for review since" in page
    assert "marked ready by <bdi>Samira Haddad</bdi>" in page
    buttons = find_by_class(parse(response), "div", "desk-review-row")[0]
    assert [b.get("value") for b in buttons.iter("input")] == [
        "Withdraw the request for review"
    ]
    assert buttons.find("input").get("formaction") == review_url(draft, "cancel")


def test_a_draft_being_written_offers_its_author_the_button_beside_save(
    client, writer, draft
):
    response = log_in(client, writer).get(admin_url("change", draft.pk))

    row = find_by_class(parse(response), "div", "desk-review-row")[0]
    assert [b.get("value") for b in row.iter("input")] == ["Mark ready for review"]
    assert 'name="review_note"' not in response.content.decode()


def test_an_authors_save_keeps_the_article_in_review(client, writer, draft):
    services.article_review_step(article=draft, step="request", user=writer)
    log_in(client, writer)
    data = form_data(client.get(admin_url("change", draft.pk)))
    data["title"] = "Water works resume on Monday"

    assert client.post(admin_url("change", draft.pk), data).status_code == 302

    stored = Article.objects.get(pk=draft.pk)
    assert stored.title == "Water works resume on Monday"
    assert stored.review_state == Article.Review.IN_REVIEW


def test_an_author_withdraws_their_request(
    client, writer, draft, django_capture_on_commit_callbacks
):
    services.article_review_step(article=draft, step="request", user=writer)
    log_in(client, writer)

    response = post_step(client, draft, "cancel", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    stored = Article.objects.get(pk=draft.pk)
    assert stored.review_state == Article.Review.WRITING
    assert stored.review_requested_at is None
    assert "The request for review was withdrawn." in (
        versions_of(stored)[0].revision.comment
    )


def test_an_author_may_not_mark_someone_elses_draft_ready(
    client, draft, django_capture_on_commit_callbacks
):
    other = make_author_user()
    log_in(client, other)
    revisions = Version.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(draft, "request"), {"title": "Taken over"})

    assert response.status_code == 403
    assert "Only its authors mark a draft ready for review." in (
        response.content.decode()
    )
    assert "Nothing was changed." in response.content.decode()
    stored = Article.objects.get(pk=draft.pk)
    assert stored.title == "Water works resume"
    assert stored.review_state == Article.Review.WRITING
    assert Version.objects.count() == revisions
    assert not mail_jobs().exists()


def test_an_author_may_not_mark_their_published_article_ready(
    client, writer, django_capture_on_commit_callbacks
):
    published = make_article(title="Harbour opens", authors=[writer.author])
    log_in(client, writer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(published, "request"), {"title": "Changed"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "“Harbour opens” is published: only a draft being written" in page
    stored = Article.objects.get(pk=published.pk)
    assert stored.title == "Harbour opens"
    assert stored.review_state is None and stored.review_requested_at is None
    assert not mail_jobs().exists()


def test_an_unknown_step_or_article_is_not_found(client, draft):
    log_in(client, make_editor())

    assert client.post(review_url(draft, "approve")).status_code == 404
    assert client.post(admin_url("review", 999999, "request")).status_code == 404


def test_a_stale_form_meets_the_conflict_page_and_nothing_is_asked(
    client, writer, draft, django_capture_on_commit_callbacks
):
    """The button saves the form as Save does, with the version it started from."""
    log_in(client, writer)
    mine = form_data(client.get(admin_url("change", draft.pk)))
    editor = log_in(Client(), make_editor(username="nadia"))
    theirs = form_data(editor.get(admin_url("change", draft.pk)))
    theirs["title"] = "Water works resume next week"
    assert editor.post(admin_url("change", draft.pk), theirs).status_code == 302
    mine["body"] = "<p>The works resume on Monday.</p>"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(draft, "request"), mine)

    assert response.status_code == 200
    assert "nadia saved this article" in response.content.decode()
    stored = Article.objects.get(pk=draft.pk)
    assert stored.review_state == Article.Review.WRITING
    assert "Sunday" in stored.body
    assert not mail_jobs().exists()
    # Sent again, it is saved on the newer version and asked for review: the
    # form's own address is the change form's, the button's the step's.
    again = form_data(response)
    assert form_action(response) == admin_url("change", draft.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(review_url(draft, "request"), again).status_code == 302
    stored = Article.objects.get(pk=draft.pk)
    assert stored.review_state == Article.Review.IN_REVIEW
    assert stored.title == "Water works resume next week"


def form_action(response):
    root = parse(response)
    form = next(f for f in root.iter("form") if f.get("id") == "article_form")
    return form.get("action")


# The editors' mail ---------------------------------------------------------------


@pytest.fixture
def smtp(settings):
    server = LocalSmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.LANGUAGE_CODE = "en"
    settings.CMS_SITE_URL = "https://media.example.org"
    yield server
    server.close()


def received(server):
    return [
        email.message_from_bytes(raw.encode(), policy=email.policy.default)
        for raw in server.messages
    ]


def test_the_editors_are_mailed_once_by_a_job_never_in_the_request(
    client, smtp, writer, draft, django_capture_on_commit_callbacks
):
    make_editor(username="nadia", email="nadia@example.org")
    make_editor(username="omar", email="omar@example.org")
    make_editor(username="absent", email="")
    make_author_user(email="another.author@example.org")
    log_in(client, writer)

    post_step(client, draft, "request", django_capture_on_commit_callbacks)
    assert smtp.messages == []  # never in the author's request

    assert run_jobs(only=services.tell_editors_of_review) == 1

    (message,) = received(smtp)
    assert [a.addr_spec for a in message["To"].addresses] == [
        "nadia@example.org",
        "omar@example.org",
    ]
    assert message["Subject"].strip().endswith("Ready for review: “Water works resume”")
    body = message.get_content()
    assert "Samira Haddad marked “Water works resume” ready for review" in body
    assert "1 article waits for review in all." in body
    assert f"https://media.example.org{admin_url('change', draft.pk)}" in body
    assert f"https://media.example.org{admin_url('changelist')}?state=in_review" in body
    assert Article.objects.get(pk=draft.pk).review_mailed_at is not None


def test_a_job_run_again_mails_no_one_twice(smtp, writer, draft):
    make_editor(email="nadia@example.org")
    services.article_review_step(article=draft, step="request", user=writer)

    assert services.notify_editors_of_review(article_id=draft.pk) == 1
    services.tell_editors_of_review.enqueue(draft.pk)  # a retry, or a duplicate
    run_jobs(only=services.tell_editors_of_review)

    assert len(smtp.messages) == 1


def test_a_failed_mail_is_tried_again_and_sent_once(
    settings, writer, draft, django_capture_on_commit_callbacks
):
    make_editor(email="nadia@example.org")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_review_step(article=draft, step="request", user=writer)
    run_jobs(only=services.tell_editors_of_review)
    assert Article.objects.get(pk=draft.pk).review_mailed_at is None

    # The back-off after the failure is over (in Redis its lifetime runs on
    # the real clock, which freeze_time does not move).
    cms_cache.release(cms_cache.MAIL_BACKOFF)
    server = LocalSmtpServer()
    settings.EMAIL_PORT = server.port
    try:
        # Past the retry's own pause.
        for hours in (1, 2, 3):
            with freeze_time(timezone.now() + hours * HOUR):
                run_jobs(only=services.tell_editors_of_review)
    finally:
        server.close()

    assert len(server.messages) == 1
    assert Article.objects.get(pk=draft.pk).review_mailed_at is not None


def closed_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_request_withdrawn_before_the_job_runs_mails_no_one(smtp, writer, draft):
    make_editor(email="nadia@example.org")
    services.article_review_step(article=draft, step="request", user=writer)
    services.article_review_step(article=draft, step="cancel", user=writer)

    assert services.notify_editors_of_review(article_id=draft.pk) == 0
    assert smtp.messages == []


def test_each_new_request_is_told_once(smtp, writer, draft):
    editor = make_editor(email="nadia@example.org")
    services.article_review_step(article=draft, step="request", user=writer)
    services.notify_editors_of_review(article_id=draft.pk)
    services.article_review_step(
        article=draft, step="send_back", user=editor, note="Add the dates."
    )
    services.article_review_step(article=draft, step="request", user=writer)

    services.notify_editors_of_review(article_id=draft.pk)
    services.notify_editors_of_review(article_id=draft.pk)

    assert len(smtp.messages) == 2


def test_an_editor_asking_for_review_is_not_told_of_their_own_request(smtp):
    asking = make_staff("Editors", author=True, email="asking@example.org")
    make_editor(email="nadia@example.org")
    article = make_article(authors=[asking.author], status=Article.Status.DRAFT)
    services.article_review_step(article=article, step="request", user=asking)

    services.notify_editors_of_review(article_id=article.pk)

    (message,) = received(smtp)
    assert [a.addr_spec for a in message["To"].addresses] == ["nadia@example.org"]


# Sending back, and publishing -------------------------------------------------------


@pytest.fixture
def in_review(writer, draft):
    services.article_review_step(article=draft, step="request", user=writer)
    return Article.objects.get(pk=draft.pk)


@pytest.fixture
def editor(client):
    user = make_editor(username="nadia", first_name="Nadia", last_name="Karim")
    log_in(client, user)
    return user


def test_an_editor_sends_it_back_with_a_note(
    client, editor, in_review, django_capture_on_commit_callbacks
):
    response = post_step(
        client,
        in_review,
        "send_back",
        django_capture_on_commit_callbacks,
        review_note="Name the districts, and add the minister's words.",
    )

    assert response.status_code == 302
    stored = Article.objects.get(pk=in_review.pk)
    assert stored.review_state == Article.Review.SENT_BACK
    assert stored.sent_back_by == editor
    assert stored.sent_back_note == "Name the districts, and add the minister's words."
    assert stored.status == Article.Status.DRAFT
    newest = versions_of(stored)[0].revision
    assert newest.user == editor
    assert "Sent back to its authors: Name the districts" in newest.comment
    assert listed_states(client) == {"Water works resume": "sent back"}
    assert listed_states(client, "?state=sent_back") == {
        "Water works resume": "sent back"
    }


def test_sending_back_needs_a_note_and_keeps_what_was_typed(
    client, editor, in_review, django_capture_on_commit_callbacks
):
    response = post_step(
        client,
        in_review,
        "send_back",
        django_capture_on_commit_callbacks,
        title="Water works resume on Monday",
        review_note="   ",
    )

    assert response.status_code == 200
    assert field_errors(response, "review_note") == [
        "Say what to change: its authors read this note."
    ]
    assert form_data(response)["title"] == "Water works resume on Monday"
    stored = Article.objects.get(pk=in_review.pk)
    assert stored.review_state == Article.Review.IN_REVIEW
    assert stored.title == "Water works resume"


def test_a_note_is_kept_in_the_form_when_another_field_is_wrong(
    client, editor, in_review, django_capture_on_commit_callbacks
):
    response = post_step(
        client,
        in_review,
        "send_back",
        django_capture_on_commit_callbacks,
        title="",
        review_note="Shorter, please.",
    )

    assert response.status_code == 200
    assert form_data(response)["review_note"] == "Shorter, please."
    assert Article.objects.get(pk=in_review.pk).review_state == (
        Article.Review.IN_REVIEW
    )


def test_a_note_saved_without_the_send_back_button_is_refused_not_lost(
    client, editor, in_review
):
    data = form_data(client.get(admin_url("change", in_review.pk)))
    data["review_note"] = "Shorter, please."

    response = client.post(admin_url("change", in_review.pk), data)

    assert response.status_code == 200
    assert (
        "press “Send back to its authors”" in field_errors(response, "review_note")[0]
    )
    assert form_data(response)["review_note"] == "Shorter, please."
    assert Article.objects.get(pk=in_review.pk).review_state == (
        Article.Review.IN_REVIEW
    )


def test_an_article_not_in_review_is_not_sent_back(client, editor, draft):
    response = client.post(review_url(draft, "send_back"), {"review_note": "No."})

    assert response.status_code == 400
    assert "only an article in review is sent back" in response.content.decode()
    assert Article.objects.get(pk=draft.pk).review_state == Article.Review.WRITING


def test_an_author_may_not_send_back(client, writer, in_review):
    log_in(client, writer)

    response = client.post(review_url(in_review, "send_back"), {"review_note": "No"})

    assert response.status_code == 403
    assert "Only editors send an article back" in response.content.decode()
    assert Article.objects.get(pk=in_review.pk).review_state == (
        Article.Review.IN_REVIEW
    )


def test_the_author_sees_the_note_until_they_mark_it_ready_again(
    client, writer, in_review, django_capture_on_commit_callbacks
):
    editor = make_editor(first_name="Nadia", last_name="Karim")
    services.article_review_step(
        article=in_review, step="send_back", user=editor, note="Add the dates."
    )
    log_in(client, writer)

    page = client.get(admin_url("change", in_review.pk)).content.decode()
    assert "Sent back by <bdi>Nadia Karim</bdi>" in page
    assert "Add the dates." in page
    assert listed_states(client) == {"Water works resume": "sent back"}

    post_step(client, in_review, "request", django_capture_on_commit_callbacks)

    page = client.get(admin_url("change", in_review.pk)).content.decode()
    assert "Add the dates." not in page
    assert listed_states(client) == {"Water works resume": "in review"}


def test_publishing_ends_the_review(client, editor, in_review):
    data = form_data(client.get(admin_url("change", in_review.pk)))
    data["status"] = Article.Status.PUBLISHED

    assert client.post(admin_url("change", in_review.pk), data).status_code == 302

    stored = Article.objects.get(pk=in_review.pk)
    assert stored.state == Article.State.PUBLISHED
    assert stored.review_state is None
    assert stored.review_requested_at is None
    assert "Its review ended: it is published." in (
        versions_of(stored)[0].revision.comment
    )
    assert listed_states(client, "?state=in_review") == {}


def test_publishing_through_the_service_ends_the_review_too(editor, in_review):
    services.article_publish(article=in_review, user=editor)

    assert Article.objects.in_review().count() == 0


def test_the_send_back_button_asks_for_a_draft(
    client, editor, in_review, django_capture_on_commit_callbacks
):
    response = post_step(
        client,
        in_review,
        "send_back",
        django_capture_on_commit_callbacks,
        status=Article.Status.PUBLISHED,
        review_note="Fine as it is?",
    )

    assert response.status_code == 200
    assert field_errors(response, "status")
    assert Article.objects.get(pk=in_review.pk).status == Article.Status.DRAFT


def test_restoring_an_earlier_revision_leaves_the_review_as_it_stands(
    client, writer, draft
):
    services.article_save(article=draft, user=writer)
    data = form_data(log_in(client, writer).get(admin_url("change", draft.pk)))
    data["title"] = "Water works resume soon"
    client.post(admin_url("change", draft.pk), data)
    first = versions_of(draft)[-1]
    services.article_review_step(article=draft, step="request", user=writer)

    url = admin_url("revision", draft.pk, first.pk)
    assert client.post(url, form_data(client.get(url))).status_code == 302

    stored = Article.objects.get(pk=draft.pk)
    assert stored.title == "Water works resume"
    assert stored.review_state == Article.Review.IN_REVIEW


def test_the_editors_mail_is_in_the_sites_language(smtp, settings, writer):
    settings.LANGUAGE_CODE = "ar"
    make_editor(email="nadia@example.org")
    article = make_article(
        title="بيان حول برنامج المياه",
        language="ar",
        authors=[writer.author],
        status=Article.Status.DRAFT,
    )
    services.article_review_step(article=article, step="request", user=writer)

    services.notify_editors_of_review(article_id=article.pk)

    (message,) = received(smtp)
    assert "جاهز للمراجعة: «بيان حول برنامج المياه»" in message["Subject"]
    body = message.get_content()
    assert "طلب Samira Haddad مراجعة «بيان حول برنامج المياه»" in body
    assert "مقال واحد بانتظار المراجعة إجمالًا." in body
