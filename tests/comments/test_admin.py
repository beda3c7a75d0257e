"""Comments in the admin: filters, search, dual dates and bulk decisions."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from comments.models import Comment, ModerationDecision, Reason, Status
from tests.comments.factories import make_comment, make_moderator, make_user
from tests.factories import make_article
from tests.markup import parse, text

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/comments/comment/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def listed_names(response):
    table = next(
        t for t in parse(response).iter("table") if t.get("id") == "result_list"
    )
    cells = [cell for cell in table.iter("th") if "field-name" in cell.get("class", "")]
    return sorted(text(cell) for cell in cells)


def action(client, name, comments):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [c.pk for c in comments], "index": 0},
    )


def test_a_moderator_sees_the_changelist_with_dual_dates():
    make_comment(
        name="Dated", created_at=datetime.datetime(2023, 12, 3, 9, tzinfo=datetime.UTC)
    )
    response = logged_in(make_moderator()).get(CHANGELIST)
    assert response.status_code == 200
    assert "19 Jumada al-awwal 1445 | 2023/12/03" in response.text


def test_the_changelist_filters_by_status_article_and_date():
    article = make_article()
    make_comment(name="Held", status=Status.PENDING, article=article)
    make_comment(name="Shown")
    client = logged_in(make_moderator())
    assert listed_names(client.get(f"{CHANGELIST}?status__exact=pending")) == ["Held"]
    assert listed_names(
        client.get(f"{CHANGELIST}?article__id__exact={article.pk}")
    ) == ["Held"]
    page = client.get(CHANGELIST).text
    assert "By status" in page and "By article" in page and "By written" in page


@pytest.mark.parametrize("address", [CHANGELIST, "/admin/comments/moderationdecision/"])
@pytest.mark.parametrize(
    "typed",
    ["year=99999999999", "year=9999&month=12&day=31", "year=2023&month=13", "day=1"],
)
def test_a_hand_typed_date_filter_shows_the_list_with_a_message(address, typed):
    make_comment(name="Dated", status=Status.PENDING)
    field = "created_at" if address == CHANGELIST else "decided_at"
    typed = "&".join(f"{field}__{part}" for part in typed.split("&"))
    client = logged_in(make_moderator())

    response = client.get(f"{address}?status__exact=pending&{typed}")

    assert response.status_code == 200
    assert "The date filter was left out:" in response.text


@pytest.mark.parametrize(
    ("query", "found"),
    [("water", "Text"), ("Layla", "Layla Nasser"), ("findme@example", "By email")],
)
def test_the_changelist_searches_text_name_and_email(query, found):
    make_comment(name="Text", body="About the water project.")
    make_comment(name="Layla Nasser")
    make_comment(name="By email", email="findme@example.org")
    response = logged_in(make_moderator()).get(f"{CHANGELIST}?q={query}")
    assert listed_names(response) == [found]


def test_bulk_approve_goes_through_the_service_and_is_recorded():
    moderator = make_moderator()
    comments = [make_comment(status=Status.PENDING) for _ in range(2)]
    response = action(logged_in(moderator), "approve_selected", comments)
    assert response.status_code == 302
    assert Comment.objects.filter(status=Status.APPROVED).count() == 2
    assert set(ModerationDecision.objects.values_list("moderator", flat=True)) == {
        moderator.pk
    }


def test_bulk_reject_with_a_canned_reason():
    comments = [make_comment(status=Status.PENDING) for _ in range(2)]
    action(logged_in(make_moderator()), "reject_abusive", comments)
    assert set(ModerationDecision.objects.values_list("status", "reason")) == {
        (Status.REJECTED, Reason.ABUSIVE)
    }


def test_bulk_mark_as_spam():
    comments = [make_comment(status=Status.PENDING) for _ in range(2)]
    action(logged_in(make_moderator()), "mark_selected_as_spam", comments)
    assert Comment.objects.filter(status=Status.SPAM).count() == 2


def test_bulk_delete_after_confirmation():
    comments = [make_comment() for _ in range(2)]
    client = logged_in(make_moderator())
    confirm = action(client, "delete_selected", comments)
    assert confirm.status_code == 200
    client.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [c.pk for c in comments],
            "post": "yes",
        },
    )
    assert not Comment.objects.exists()


def test_a_staff_user_without_the_permission_cannot_decide():
    user = make_user()
    user.user_permissions.add(
        *Group.objects.get(name="Moderators").permissions.exclude(
            codename="can_moderate"
        )
    )
    client = logged_in(user)
    comment = make_comment(status=Status.PENDING)
    page = client.get(CHANGELIST).text
    assert "approve_selected" not in page
    action(client, "approve_selected", [comment])
    assert Comment.objects.get().status == Status.PENDING


def test_comments_cannot_be_added_in_the_admin():
    assert logged_in(make_moderator()).get(f"{CHANGELIST}add/").status_code == 403


def test_the_change_page_shows_the_decisions():
    moderator = make_moderator(username="moderator-one")
    comment = make_comment(status=Status.PENDING)
    action(logged_in(moderator), "reject_off_topic", [comment])
    page = logged_in(moderator).get(f"{CHANGELIST}{comment.pk}/change/").text
    assert "moderator-one" in page and "off topic" in page


def test_the_moderation_record_is_read_only():
    moderator = make_moderator()
    comment = make_comment(status=Status.PENDING)
    action(logged_in(moderator), "mark_selected_as_spam", [comment])
    client = logged_in(moderator)
    response = client.get("/admin/comments/moderationdecision/")
    assert response.status_code == 200
    decision = ModerationDecision.objects.get()
    assert (
        client.get(
            f"/admin/comments/moderationdecision/{decision.pk}/delete/"
        ).status_code
        == 403
    )
