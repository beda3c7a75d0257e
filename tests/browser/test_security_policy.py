"""Zero Content-Security-Policy violations in a real browser, the admin and the
rich-text editor included, and everything still works under the policy."""

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment, Status
from tests.comments.factories import make_comment
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PASSWORD = "a-long-editor-password-41"

# Recorded in the page as the browser reports each violation; kept across
# navigations by the binding.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile}:${event.lineNumber} on ${document.location.pathname}`
  );
});
"""


@pytest.fixture
def watched(new_page):
    """``(page, problems)``: a tab whose CSP violations and CSP console errors
    are collected in ``problems``."""
    page = new_page()
    problems = []
    page.expose_binding("reportViolation", lambda source, text: problems.append(text))
    page.add_init_script(LISTEN)

    def on_console(message):
        if message.type == "error" and (
            "Content Security Policy" in message.text
            or "Permissions-Policy" in message.text
        ):
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return page, problems


@pytest.fixture
def editor(transactional_db):
    # A live server's database is emptied between tests, the groups made by
    # data migrations with it: a superuser may do what an editor does.
    return User.objects.create_superuser("desk", "desk@example.org", PASSWORD)


def sign_in(page, user):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def settle(page):
    page.wait_for_load_state("networkidle")


def test_reading_pages_and_the_comment_form_break_no_rule(watched, settings):
    page, problems = watched
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    make_article(title="A statement open to comments", slug="open")
    for url in ("/en/", "/ar/", "/en/article/open/"):
        page.goto(url)
        settle(page)

    # Typing fetches the form's token (forms.js), then the comment is sent.
    page.fill("#comment-name", "Samira Haddad")
    page.fill("#comment-email", "samira@example.org")
    page.fill("#comment-body", "A question about the meeting.")
    settle(page)
    assert page.locator("#comment-form input[data-csrf-token]").get_attribute("value")
    page.click("text=Send comment")
    expect(page.locator(".messages")).to_contain_text("will appear once a moderator")

    assert Comment.objects.get().body == "A question about the meeting."
    assert problems == []


def test_the_desk_and_its_editor_break_no_rule_and_save_what_is_typed(watched, editor):
    page, problems = watched
    article = make_article(title="A statement to edit", slug="edit-me")

    sign_in(page, editor)
    settle(page)
    page.goto("/admin/articles/article/add/")
    settle(page)
    expect(page.locator(".tiptap.ProseMirror")).to_be_visible()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    settle(page)

    body = page.locator(".tiptap.ProseMirror")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("Typed under the policy.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()
    settle(page)

    assert "Typed under the policy." in Article.objects.get(pk=article.pk).body
    assert problems == []


def test_every_page_of_the_desk_breaks_no_rule(watched, editor):
    """Every list and form of the admin (Django's own, the apps', django-axes'),
    the article's history and comparison, the dashboard and the queue."""
    page, problems = watched
    article = make_article(title="A statement to compare", slug="compare-me")
    make_comment(article=article, status=Status.PENDING)
    sign_in(page, editor)
    with reversion.create_revision():
        article.title = "A statement compared"
        article.save()
    urls = ["/admin/", "/en/comments/moderation/", "/ar/comments/moderation/"]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
    history = reverse("admin:articles_article_history", args=[article.pk])
    urls += [history, f"{history}compare/"]
    for url in urls:
        page.goto(url)
        settle(page)

    assert problems == []


def test_the_api_documentation_works_under_the_policy(watched):
    page, problems = watched
    make_article(title="An article the API lists", language="en")
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()

    # "Try it out" asks the API from the page (connect-src 'self').
    page.click(".opblock-summary-path[data-path='/api/v1/articles']")
    page.click("text=Try it out")
    page.click("text=Execute")
    expect(
        page.locator(".live-responses-table tbody .response-col_status")
    ).to_have_text("200")
    expect(page.locator(".live-responses-table")).to_contain_text(
        "An article the API lists"
    )
    settle(page)
    assert problems == []


def test_the_lockout_page_breaks_no_rule(watched, editor):
    """Five wrong passwords, then the right one: the lockout page, under the policy."""
    page, problems = watched
    for password in ["wrong"] * 5 + [PASSWORD]:
        page.goto("/admin/login/?next=/admin/")
        page.fill("#id_username", editor.username)
        page.fill("#id_password", password)
        with page.expect_navigation() as navigation:
            page.click("input[type=submit]")

    assert navigation.value.status == 429
    expect(page.locator("h1")).to_have_text("Signing in is paused")
    settle(page)
    assert problems == []
