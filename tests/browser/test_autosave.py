"""Autosave in a real browser: what is typed in the article form is kept while
the editor types, offered back after the tab is closed, restored and saved;
leaving the form with unsaved changes asks first, saving it does not
(``desk.autosave``, ``static/js/desk_autosave.js``)."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from articles.models import Article
from desk.models import Autosave
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PASSWORD = "a-long-editor-password-41"
# A keep follows a pause in typing by a couple of seconds.
KEPT_WITHIN = 15_000


@pytest.fixture
def editor(transactional_db):
    # A live server's database is emptied between tests, the groups made by
    # data migrations with it: a superuser may do what an editor does.
    return User.objects.create_superuser("desk", "desk@example.org", PASSWORD)


@pytest.fixture
def article(transactional_db):
    return make_article(
        language="en",
        title="Water works resume",
        body="<p>The works on the northern pipe resume on Sunday.</p>",
    )


def watch(page, errors):
    """Collect ``page``'s script errors in ``errors`` (the browser's own look
    for a ``/favicon.ico``, which the admin does not name, aside)."""

    def on_console(message):
        if message.type == "error" and "favicon" not in message.location["url"]:
            errors.append(message.text)

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", on_console)
    return page


def watched_page(new_page, **options):
    """``(page, errors)``: a new tab whose script errors are collected."""
    errors = []
    return watch(new_page(**options), errors), errors


def sign_in(page, user):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def type_in_the_body(page, words):
    page.locator(".tiptap.ProseMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(words)


def test_what_is_typed_is_offered_back_after_the_tab_is_closed(
    new_page, editor, article
):
    page, errors = watched_page(new_page)
    sign_in(page, editor)
    change = f"/admin/articles/article/{article.pk}/change/"
    page.goto(change)
    page.fill("#id_title", "Water works resume on Monday")
    type_in_the_body(page, " Typed before the tab was closed.")
    status = page.locator(".autosave-status")
    expect(status).to_have_attribute("data-state", "kept", timeout=KEPT_WITHIN)
    expect(status).to_have_text(re.compile(r"^Kept at [0-9]{2}:[0-9]{2}$"))
    assert Article.objects.get(pk=article.pk).title == "Water works resume"

    context = page.context
    page.close()  # as a crash: nothing asked, nothing saved
    again = watch(context.new_page(), errors)
    again.goto(change)
    offer = again.locator(".autosave-offer")
    expect(offer).to_contain_text("Unsaved changes from")
    expect(offer).to_contain_text("were kept.")
    offer.get_by_role("link", name="Restore them").click()

    expect(again.locator("#id_title")).to_have_value("Water works resume on Monday")
    expect(again.locator(".tiptap.ProseMirror")).to_contain_text(
        "Typed before the tab was closed."
    )
    # Saving asks nothing (a dialog left unanswered would stop it).
    again.click("input[name=_continue]")
    expect(again.locator(".messagelist")).to_be_visible()
    expect(again.locator(".autosave-offer")).to_have_count(0)

    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Water works resume on Monday"
    assert "Typed before the tab was closed." in stored.body
    assert not Autosave.objects.exists()
    assert errors == []


def test_leaving_the_form_with_unsaved_changes_asks_first(new_page, editor, article):
    page, errors = watched_page(new_page)
    sign_in(page, editor)
    change = f"/admin/articles/article/{article.pk}/change/"
    page.goto(change)
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay

    page.on("dialog", answer)
    page.fill("#id_title", "A title not saved yet")
    page.get_by_role("link", name="History").click()
    page.wait_for_timeout(500)

    assert asked == ["beforeunload"]
    assert page.url.endswith(change)
    expect(page.locator("#id_title")).to_have_value("A title not saved yet")

    # Once the form holds what is saved again, leaving asks nothing.
    page.fill("#id_title", "Water works resume")
    page.get_by_role("link", name="History").click()
    page.wait_for_url("**/history/")
    assert asked == ["beforeunload"]
    assert errors == []


def test_the_arabic_desk_keeps_a_new_article_and_says_so_in_its_digits(
    new_page, editor
):
    page, errors = watched_page(new_page, locale="ar")
    sign_in(page, editor)
    page.goto("/admin/articles/article/add/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#id_title", "بيان لم يُحفظ بعد")
    type_in_the_body(page, "فقرة أولى.")

    status = page.locator(".autosave-status")
    expect(status).to_have_attribute("data-state", "kept", timeout=KEPT_WITHIN)
    expect(status).to_have_text(re.compile(r"[٠-٩]{2}:[٠-٩]{2}$"))
    row = Autosave.objects.get()
    assert row.object_id == ""
    assert row.data["title"] == ["بيان لم يُحفظ بعد"]
    assert "فقرة أولى." in row.data["body"][0]
    assert errors == []
