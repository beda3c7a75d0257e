"""A reader sends a comment: held, redirected, and every error path kept readable.

Every refused form comes back inside the article page, with the error at its
field (or on top for the form as a whole) and everything typed still in it.
"""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.forms import sign_timestamp
from comments.models import Comment, Status
from tests.comments.factories import (
    article_url,
    comment_data,
    make_comment,
    post_comment,
    post_url,
)
from tests.factories import make_article
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def comment_form(response):
    """The comment form's section of the page (other forms share field names:
    the subscription's email)."""
    root = parse(response)
    for section in root.iter("section"):
        if section.get("id") == "comment-form":
            return section
    raise AssertionError("no comment form in the page")


def field_value(response, name):
    """What the form's field ``name`` holds in the page (textarea or input)."""
    for element in comment_form(response).iter():
        if element.tag in ("textarea", "input") and element.get("name") == name:
            if element.tag == "textarea":
                return element.text or ""
            return element.get("value", "")
    raise AssertionError(f"no field {name!r} in the page")


def field_errors(response, name):
    """The error messages shown with the form's field ``name``."""
    for block in find_by_class(comment_form(response), "div", "field"):
        if any(el.get("name") == name for el in block.iter() if el.tag != "label"):
            return [text(item) for item in block.iter("li")]
    raise AssertionError(f"no field {name!r} in the page")


def form_alert(response):
    root = parse(response)
    alerts = find_by_class(root, "div", "form-errors")
    return text(alerts[0]) if alerts else ""


def assert_everything_kept(response, data):
    for name in ("name", "email", "website", "body"):
        # Browsers drop the first newline of a textarea; the text is the same.
        assert field_value(response, name).replace("\r\n", "\n") == data[name]


def test_valid_comment_is_held_and_the_reader_is_told():
    article = make_article()
    response = post_comment(Client(), article)
    assert response.status_code == 302
    assert response["Location"] == f"{article_url(article)}#comments"
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert comment.email == "samira@example.org"
    assert comment.ip_address == "192.0.2.10"


def test_after_posting_the_article_page_shows_the_moderation_message_not_the_comment():
    article = make_article()
    client = Client()
    response = post_comment(client, article, follow=True)
    assert response.status_code == 200
    assert "will appear once a moderator has approved it" in response.text
    assert "Thank you for the clear statement" not in response.text


def test_get_on_the_post_address_goes_to_the_article():
    article = make_article()
    response = Client().get(post_url(article))
    assert response.status_code == 302
    assert response["Location"] == article_url(article)


def test_posting_to_an_unpublished_article_is_not_found():
    article = make_article(status="draft")
    response = post_comment(Client(), article)
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_html_is_refused_with_a_message_naming_html_and_the_text_kept():
    article = make_article()
    data = comment_data(body='I agree <b>strongly</b>, see <a href="x">this</a>.')
    response = Client().post(post_url(article), data)
    assert response.status_code == 200
    assert not Comment.objects.exists()
    errors = field_errors(response, "body")
    assert len(errors) == 1 and "HTML" in errors[0]
    assert_everything_kept(response, data)


@pytest.mark.parametrize(
    "body",
    [
        "<svg/onload=alert(1)>",
        "<img/src=x/onerror=alert(1)>",
        "Nice. <img src=x onerror=alert(1)",
    ],
)
def test_html_that_slipped_past_the_first_rule_is_refused(body):
    """An attack found these accepted (output stayed escaped: a policy hole)."""
    data = comment_data(body=body)
    response = Client().post(post_url(make_article()), data)
    assert response.status_code == 200
    assert "HTML" in field_errors(response, "body")[0]
    assert_everything_kept(response, data)
    assert not Comment.objects.exists()


def test_a_name_with_an_unclosed_direction_override_is_refused():
    data = comment_data(name="\u202eSamira Haddad")
    response = Client().post(post_url(make_article()), data)
    assert response.status_code == 200
    assert "direction marks" in field_errors(response, "name")[0]
    assert_everything_kept(response, data)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("name", "error"),
    [
        # Character references a browser reads without their ";".
        ("&#60script&#62alert(1)&#60/script&#62", "HTML"),
        ("&ltscript&gtalert(1)&lt/script&gt", "HTML"),
        ("Samira &#x3c", "HTML"),
        # Closed, an override still shows "evil" as "live".
        ("\u202eevil\u202c", "direction marks"),
        ("Samira \u202dحداد\u202c", "direction marks"),
        # Letters that show nothing.
        ("\u3164", "invisible characters"),
        ("\u3164 \uffa0", "invisible characters"),
        ("\u2800\u2800", "invisible characters"),
        # A name is one line.
        ("Samira\r\nHaddad", "one line"),
        ("Samira\nHaddad", "one line"),
        ("Samira\u2028Haddad", "one line"),
        ("Samira\u2029Haddad", "one line"),
    ],
)
def test_a_name_that_does_not_read_as_typed_is_refused_with_the_text_kept(name, error):
    """An attack found these accepted (shown escaped: nothing ran, but the
    name was blank, on two lines, or read otherwise than it was written)."""
    data = comment_data(name=name)
    response = Client().post(post_url(make_article()), data)
    assert response.status_code == 200
    (message,) = field_errors(response, "name")
    assert error in message
    # The page's parser reads a line break in a value as "\n".
    kept = {**data, "name": name.replace("\r\n", "\n")}
    assert_everything_kept(response, kept)
    assert not Comment.objects.exists()


def test_html_in_the_name_is_refused_at_the_name():
    data = comment_data(name="<script>alert(1)</script>")
    response = Client().post(post_url(make_article()), data)
    assert "HTML" in field_errors(response, "name")[0]
    assert_everything_kept(response, data)
    assert "<script>alert(1)</script>" not in response.text


def test_comparison_signs_are_not_taken_for_html():
    response = post_comment(Client(), make_article(), body="If 3 < 5 and 7 > 4, fine.")
    assert response.status_code == 302
    assert Comment.objects.get().body == "If 3 < 5 and 7 > 4, fine."


@pytest.mark.parametrize("name", ["name", "email", "body"])
def test_a_missing_required_field_is_refused_at_that_field(name):
    data = comment_data(**{name: ""})
    response = Client().post(post_url(make_article()), data)
    assert response.status_code == 200
    assert field_errors(response, name) == ["This field is required."]
    assert_everything_kept(response, data)
    assert not Comment.objects.exists()


def test_a_bad_email_is_refused_at_the_email():
    data = comment_data(email="samira-at-example")
    response = Client().post(post_url(make_article()), data)
    assert field_errors(response, "email") == ["Enter a valid email address."]
    assert_everything_kept(response, data)


def test_a_bad_website_is_refused_at_the_website():
    data = comment_data(website="not a web address")
    response = Client().post(post_url(make_article()), data)
    assert field_errors(response, "website") == ["Enter a valid URL."]
    assert_everything_kept(response, data)


def test_a_too_long_comment_is_refused_with_the_text_kept(settings):
    settings.COMMENTS_MAX_LENGTH = 50
    data = comment_data(body="x" * 51)
    response = Client().post(post_url(make_article()), data)
    assert "at most 50 characters" in field_errors(response, "body")[0]
    assert_everything_kept(response, data)
    assert not Comment.objects.exists()


def test_the_form_says_which_fields_are_required_and_that_html_is_not_allowed():
    response = Client().get(article_url(make_article()))
    assert (
        "Make sure you enter the (*) required information where indicated. "
        "HTML code is not allowed." in response.text
    )
    root = parse(response)
    form = next(f for f in root.iter("form") if "/comments/post/" in f.get("action"))
    assert form.get("method") == "post"
    assert [el.get("name") for el in form.iter("textarea")] == ["body"]
    labels = {el.get("for"): text(el) for el in form.iter("label")}
    assert labels["comment-name"] == "Name (*)"
    assert labels["comment-email"] == "Email (*)"
    assert labels["comment-website"] == "Website"
    assert labels["comment-body"] == "Comment (*)"


def test_a_filled_honeypot_is_refused_and_nothing_saved():
    data = comment_data(fax="+1 555 0100")
    response = Client().post(post_url(make_article()), data)
    assert response.status_code == 200
    assert "looked automated" in form_alert(response)
    assert not Comment.objects.exists()
    assert_everything_kept(response, data)
    # The trap comes back empty, so a person can simply send again.
    assert field_value(response, "fax") == ""


def test_a_form_sent_back_too_fast_is_refused_with_the_text_kept():
    data = comment_data(issued=sign_timestamp())
    response = Client().post(post_url(make_article()), data)
    assert "very quickly" in form_alert(response)
    assert not Comment.objects.exists()
    assert_everything_kept(response, data)


def test_the_form_sent_back_after_an_error_carries_a_fresh_timestamp(settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    article = make_article()
    client = Client()
    first = client.post(post_url(article), comment_data(issued="tampered"))
    assert "could not be checked" in form_alert(first)
    data = comment_data(issued=field_value(first, "issued"))
    assert client.post(post_url(article), data).status_code == 302


def test_a_form_without_its_timestamp_is_refused_with_a_clear_message():
    data = comment_data()
    del data["issued"]
    response = Client().post(post_url(make_article()), data)
    assert "could not be checked" in form_alert(response)
    assert_everything_kept(response, data)


def test_a_form_left_open_for_days_is_refused_with_the_text_kept():
    data = comment_data(issued=sign_timestamp(time.time() - 3 * 24 * 3600))
    response = Client().post(post_url(make_article()), data)
    assert "open for a long time" in form_alert(response)
    assert_everything_kept(response, data)


def test_the_rate_limit_refuses_the_next_comment_with_429_and_the_text_kept(settings):
    settings.COMMENTS_RATE_LIMIT_POSTS = 2
    article = make_article()
    client = Client()
    for _ in range(2):
        assert post_comment(client, article, address="198.51.100.7").status_code == 302
    data = comment_data(body="One more thought.")
    response = client.post(post_url(article), data, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "several comments in a short time" in form_alert(response)
    assert_everything_kept(response, data)
    assert Comment.objects.count() == 2


def test_the_rate_limit_is_per_client_address(settings):
    settings.COMMENTS_RATE_LIMIT_POSTS = 1
    article = make_article()
    assert post_comment(Client(), article, address="198.51.100.7").status_code == 302
    assert post_comment(Client(), article, address="198.51.100.8").status_code == 302
    assert post_comment(Client(), article, address="198.51.100.7").status_code == 429


def test_the_rate_limit_window_passes(settings):
    settings.COMMENTS_RATE_LIMIT_POSTS = 1
    settings.COMMENTS_RATE_LIMIT_SECONDS = 1
    article = make_article()
    assert post_comment(Client(), article).status_code == 302
    time.sleep(1.1)
    assert post_comment(Client(), article).status_code == 302


def test_comments_closed_on_an_article_refuse_a_post_cleanly():
    article = make_article(comments_enabled=False)
    response = post_comment(Client(), article)
    assert response.status_code == 403
    assert "Comments are closed for this article" in response.text
    assert not Comment.objects.exists()


def test_a_closed_article_shows_a_note_and_no_form():
    response = Client().get(article_url(make_article(comments_enabled=False)))
    assert "Comments are closed for this article." in response.text
    assert "/comments/post/" not in response.text


def test_comments_close_after_the_configured_number_of_days(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 10
    old = make_article(published_at=timezone.now() - timedelta(days=11))
    recent = make_article(published_at=timezone.now() - timedelta(days=9))
    assert post_comment(Client(), old).status_code == 403
    assert post_comment(Client(), recent).status_code == 302
    assert "Comments are closed" in Client().get(article_url(old)).text


def test_no_closing_age_keeps_old_articles_open(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    old = make_article(published_at=timezone.now() - timedelta(days=4000))
    assert post_comment(Client(), old).status_code == 302


def test_a_post_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = post_comment(client, make_article())
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_reply_is_attached_to_its_approved_parent():
    parent = make_comment()
    response = post_comment(Client(), parent.article, parent=str(parent.pk))
    assert response.status_code == 302
    assert Comment.objects.get(status=Status.PENDING).parent == parent


def test_a_reply_to_a_reply_is_attached_to_the_top_level_comment():
    top = make_comment()
    reply = make_comment(article=top.article, parent=top)
    post_comment(Client(), top.article, parent=str(reply.pk))
    assert Comment.objects.get(status=Status.PENDING).parent == top


@pytest.mark.parametrize("parent_status", [Status.PENDING, Status.SPAM])
def test_a_reply_to_a_comment_not_shown_is_refused_with_the_text_kept(parent_status):
    parent = make_comment(status=parent_status)
    data = comment_data(parent=str(parent.pk))
    response = Client().post(post_url(parent.article), data)
    assert "no longer shown" in form_alert(response)
    assert_everything_kept(response, data)
    assert field_value(response, "parent") == ""


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-5"])
def test_a_forged_reply_target_is_refused_with_the_text_kept(value):
    data = comment_data(parent=value)
    response = Client().post(post_url(make_article()), data)
    assert response.status_code == 200
    assert "no longer shown" in form_alert(response)
    assert_everything_kept(response, data)
    assert not Comment.objects.exists()


def test_null_characters_are_refused_not_a_server_error():
    data = comment_data(body="Fine\x00text")
    response = Client().post(post_url(make_article()), data)
    assert response.status_code == 200
    assert field_errors(response, "body") == ["Null characters are not allowed."]


def test_a_reply_to_a_comment_of_another_article_is_refused():
    parent = make_comment()
    response = post_comment(Client(), make_article(), parent=str(parent.pk))
    assert response.status_code == 200
    assert Comment.objects.count() == 1


def test_a_reply_link_prepares_the_form_as_a_reply():
    parent = make_comment(name="Karim Saleh")
    response = Client().get(f"{article_url(parent.article)}?reply_to={parent.pk}")
    assert "You are replying to Karim Saleh." in response.text
    assert field_value(response, "parent") == str(parent.pk)


@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_a_bad_reply_to_parameter_is_ignored(value):
    response = Client().get(f"{article_url(make_article())}?reply_to={value}")
    assert response.status_code == 200
    assert field_value(response, "parent") == ""


def test_the_arabic_page_takes_comments_too():
    article = make_article(language="ar", title="بيان للتجربة")
    response = post_comment(
        Client(), article, language="ar", name="سميرة", body="شكرا على البيان."
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/ar/")
    assert Comment.objects.get().name == "سميرة"


@pytest.mark.parametrize("field", ["name", "body"])
@pytest.mark.parametrize("invisible", ["\u200b\u200b", "\u200f \u200e", "\u0640\u064e"])
def test_a_name_or_comment_of_invisible_characters_only_is_refused(field, invisible):
    data = comment_data(**{field: invisible})
    response = Client().post(post_url(make_article()), data)
    assert response.status_code == 200
    assert "invisible characters" in field_errors(response, field)[0]
    assert not Comment.objects.exists()


def test_a_comment_with_a_zero_width_joiner_between_letters_is_kept_as_written():
    response = post_comment(Client(), make_article(), body="می\u200cخواهم")
    assert response.status_code == 302
    assert Comment.objects.get().body == "می\u200cخواهم"
