"""The moderators' queue outside the admin: who may see it, and deciding there."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, ModerationDecision, Reason, Status
from tests.comments.factories import (
    comment_data,
    make_comment,
    make_moderator,
    make_user,
    post_url,
    queue_url,
)
from tests.factories import make_article
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def moderator_client(**fields):
    client = Client()
    client.force_login(make_moderator(**fields))
    return client


def queue_names(response):
    root = parse(response)
    return [
        text(label)
        for item in find_by_class(root, "li", "queue-item")
        for label in item.iter("label")
        if label.get("for", "").startswith("select-")
    ]


# Who may see it ------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_admin_login():
    response = Client().get(queue_url())
    assert response.status_code == 302
    assert response["Location"].startswith(
        "/admin/login/?next=/en/comments/moderation/"
    )


def test_a_logged_in_user_who_is_not_a_moderator_is_refused():
    client = Client()
    client.force_login(make_user())
    assert client.get(queue_url()).status_code == 403


def test_an_editor_works_the_queue():
    """Defect: editors got 403 on the moderation queue."""
    editor = make_user("Editors")
    comment = make_comment(status=Status.PENDING)
    client = Client()
    client.force_login(editor)
    assert client.get(queue_url()).status_code == 200
    response = client.post(queue_url(), {"decide": f"approve:{comment.pk}"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_staff_without_a_moderating_role_gets_403_on_the_queue():
    client = Client()
    client.force_login(make_user())
    assert client.get(queue_url()).status_code == 403


def test_a_moderator_sees_the_queue():
    assert moderator_client().get(queue_url()).status_code == 200


def test_a_non_moderator_cannot_decide():
    comment = make_comment(status=Status.PENDING)
    client = Client()
    client.force_login(make_user())
    response = client.post(queue_url(), {"decide": f"approve:{comment.pk}"})
    assert response.status_code == 403
    assert Comment.objects.get().status == Status.PENDING


def test_anonymous_visitors_cannot_decide():
    comment = make_comment(status=Status.PENDING)
    response = Client().post(queue_url(), {"decide": f"approve:{comment.pk}"})
    assert response.status_code == 302
    assert Comment.objects.get().status == Status.PENDING


# What it shows ---------------------------------------------------------------------


def test_the_queue_lists_pending_comments_oldest_first_with_their_article():
    now = timezone.now()
    newer = make_comment(
        name="Newer", status=Status.PENDING, created_at=now - timedelta(hours=1)
    )
    make_comment(
        name="Older", status=Status.PENDING, created_at=now - timedelta(days=2)
    )
    make_comment(name="Approved")
    make_comment(name="Spam", status=Status.SPAM)
    response = moderator_client().get(queue_url())
    assert queue_names(response) == ["Comment by Older", "Comment by Newer"]
    assert newer.article.title in response.text


def test_the_queue_shows_the_count_and_the_age_of_the_oldest():
    now = timezone.now()
    make_comment(status=Status.PENDING, created_at=now - timedelta(days=2, minutes=5))
    make_comment(status=Status.PENDING, created_at=now - timedelta(hours=1))
    summary = text(
        find_by_class(parse(moderator_client().get(queue_url())), "p", "queue-summary")[
            0
        ]
    )
    assert "2 comments are waiting." in summary
    assert "The oldest has waited 2" in summary and "days" in summary


def test_an_empty_queue_says_so():
    response = moderator_client().get(queue_url())
    assert "No comment is waiting for a decision." in response.text


def test_every_decision_is_a_real_button_in_a_post_form_with_labels():
    comment = make_comment(status=Status.PENDING)
    root = parse(moderator_client().get(queue_url()))
    form = find_by_class(root, "form", "moderation-queue")[0]
    assert form.get("method") == "post"
    assert any(el.get("name") == "csrfmiddlewaretoken" for el in form.iter("input"))
    values = {b.get("value") for b in form.iter("button")}
    assert {
        f"approve:{comment.pk}",
        f"reject:{comment.pk}",
        f"spam:{comment.pk}",
    } <= values
    assert {"approve", "reject", "spam"} <= values
    labelled = {label.get("for") for label in form.iter("label")}
    for control in [*form.iter("input"), *form.iter("select")]:
        if control.get("type") != "hidden":
            assert control.get("id") in labelled


def test_a_comment_back_from_reports_says_so():
    comment = make_comment(status=Status.PENDING)
    comment.reports.create(reporter="a")
    comment.reports.create(reporter="b")
    assert "Back after 2 reports" in moderator_client().get(queue_url()).text


# Deciding ---------------------------------------------------------------------------


def test_one_click_approve_records_the_moderator_and_redirects_back():
    moderator = make_moderator()
    client = Client()
    client.force_login(moderator)
    comment = make_comment(status=Status.PENDING)
    response = client.post(queue_url(), {"decide": f"approve:{comment.pk}"})
    assert response.status_code == 302
    assert response["Location"] == queue_url()
    assert Comment.objects.get().status == Status.APPROVED
    assert ModerationDecision.objects.get().moderator == moderator
    assert "1 comment approved." in client.get(response["Location"]).text


def test_reject_with_a_canned_reason():
    comment = make_comment(status=Status.PENDING)
    moderator_client().post(
        queue_url(),
        {"decide": f"reject:{comment.pk}", f"reason-{comment.pk}": Reason.OFF_TOPIC},
    )
    decision = ModerationDecision.objects.get()
    assert (decision.status, decision.reason) == (Status.REJECTED, Reason.OFF_TOPIC)


def test_reject_without_a_reason_is_refused_with_a_message():
    comment = make_comment(status=Status.PENDING)
    response = moderator_client().post(queue_url(), {"decide": f"reject:{comment.pk}"})
    assert response.status_code == 400
    assert "Choose a reason for rejecting" in response.text
    assert Comment.objects.get().status == Status.PENDING


def test_one_click_spam():
    comment = make_comment(status=Status.PENDING)
    moderator_client().post(queue_url(), {"decide": f"spam:{comment.pk}"})
    assert Comment.objects.get().status == Status.SPAM


def test_bulk_decisions_act_on_the_ticked_comments():
    ticked = [make_comment(status=Status.PENDING) for _ in range(3)]
    untouched = make_comment(status=Status.PENDING)
    response = moderator_client().post(
        queue_url(), {"bulk": "spam", "selected": [c.pk for c in ticked]}
    )
    assert response.status_code == 302
    assert Comment.objects.filter(status=Status.SPAM).count() == 3
    assert Comment.objects.get(pk=untouched.pk).status == Status.PENDING


def test_bulk_reject_uses_the_bulk_reason():
    ticked = [make_comment(status=Status.PENDING) for _ in range(2)]
    moderator_client().post(
        queue_url(),
        {
            "bulk": "reject",
            "bulk_reason": Reason.DUPLICATE,
            "selected": [c.pk for c in ticked],
        },
    )
    assert set(ModerationDecision.objects.values_list("reason", flat=True)) == {
        Reason.DUPLICATE
    }


def test_bulk_reject_without_a_reason_keeps_the_ticks():
    ticked = make_comment(status=Status.PENDING)
    response = moderator_client().post(
        queue_url(), {"bulk": "reject", "selected": [ticked.pk]}
    )
    assert response.status_code == 400
    box = next(
        el
        for el in parse(response).iter("input")
        if el.get("id") == f"select-{ticked.pk}"
    )
    assert box.get("checked") is not None


def test_a_bulk_button_with_nothing_ticked_says_so():
    make_comment(status=Status.PENDING)
    response = moderator_client().post(queue_url(), {"bulk": "approve"})
    assert response.status_code == 400
    assert "Tick at least one comment first." in response.text


@pytest.mark.parametrize(
    "data",
    [
        {"decide": "approve:999999"},
        {"decide": "approve:abc"},
        {"decide": "approve:99999999999999999999"},
        {"decide": "publish:1"},
        {"bulk": "everything", "selected": ["1"]},
        {},
    ],
)
def test_bad_decision_data_is_refused_cleanly(data):
    make_comment(status=Status.PENDING)
    response = moderator_client().post(queue_url(), data)
    assert response.status_code == 400
    assert Comment.objects.get().status == Status.PENDING


def test_deciding_the_last_comment_of_the_last_page_does_not_404():
    comments = [make_comment(status=Status.PENDING) for _ in range(51)]
    client = moderator_client()
    last = comments[-1]
    response = client.post(f"{queue_url()}?page=2", {"decide": f"approve:{last.pk}"})
    assert response["Location"] == f"{queue_url()}?page=2"
    assert client.get(response["Location"]).status_code == 200


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_the_queue_is_never_kept_by_a_cache():
    """It shows readers' emails and addresses (an attack found it cacheable)."""
    make_comment(status=Status.PENDING, email="private@example.org")
    client = Client()
    client.force_login(make_moderator())

    response = client.get(queue_url())

    assert "private@example.org" in response.content.decode()
    assert {"private", "no-store"} <= cache_control(response)


def test_pages_for_signed_in_staff_are_private_everywhere(client):
    client.force_login(make_moderator())
    for url in ("/en/", "/admin/"):
        assert {"private", "no-store"} <= cache_control(client.get(url)), url


def test_a_comment_form_sent_back_with_errors_is_not_cached():
    article = make_article()
    data = comment_data(body="<b>bold</b>", email="typed@example.org")
    response = Client().post(post_url(article), data, REMOTE_ADDR="192.0.2.1")

    assert "typed@example.org" in response.content.decode()
    assert {"private", "no-store"} <= cache_control(response)


# Numbers and times in Arabic ------------------------------------------------------


def arabic_queue(client=None):
    return (client or moderator_client()).get(queue_url("ar"))


def test_the_arabic_queue_says_how_long_ago_in_arabic_indic_digits():
    make_comment(
        status=Status.PENDING,
        created_at=timezone.now() - timedelta(minutes=6, seconds=10),
    )

    meta = text(find_by_class(parse(arabic_queue()), "p", "queue-meta")[0])

    assert "(منذ ٦ دقائق)" in meta
    assert "6" not in meta.split("@")[-1]  # no Western digit outside the email


def test_a_comment_of_the_last_minute_is_just_now_not_zero_minutes():
    make_comment(status=Status.PENDING, created_at=timezone.now())

    response = arabic_queue()

    assert "(الآن)" in response.text
    assert "٠ دقيقة" not in response.text and "0 دقيقة" not in response.text


def test_the_arabic_summary_and_report_counts_use_arabic_indic_digits():
    comment = make_comment(
        status=Status.PENDING, created_at=timezone.now() - timedelta(days=3)
    )
    for reporter in "abc":
        comment.reports.create(reporter=reporter)

    response = arabic_queue()

    summary = text(find_by_class(parse(response), "p", "queue-summary")[0])
    assert "أقدمها ينتظر منذ ٣ أيام." in summary
    assert "أُعيد للمراجعة بعد ٣ بلاغات" in response.text


def test_a_moderator_who_prefers_western_digits_gets_them_in_the_queue():
    make_comment(
        status=Status.PENDING, created_at=timezone.now() - timedelta(minutes=6)
    )
    client = moderator_client()
    client.cookies["cms_digits"] = "western"

    assert "(منذ 6 دقائق)" in arabic_queue(client).text


def test_a_decision_message_in_arabic_uses_arabic_indic_digits():
    comments = [make_comment(status=Status.PENDING) for _ in range(3)]
    client = moderator_client()
    data = {"bulk": "approve", "selected": [str(c.pk) for c in comments]}

    response = client.post(queue_url("ar"), data, follow=True)

    assert "قُبلت ٣ تعليقات." in response.text
