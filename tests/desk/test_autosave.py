"""What an editor types is kept as they type, and offered back after a closed
tab or a crash (``desk.autosave``).

Keeping writes one row per person and form: never the article, never a
revision. The copy is offered back to its writer only, while it is newer than
the article's last save; restoring draws the form with it, and saving it meets
the edit-conflict check like any save.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from reversion.models import Version

from articles.models import Article
from desk import autosave
from desk.models import Autosave
from tests.articles.desk import (
    admin_url,
    form_data,
    input_value,
    log_in,
    make_author_user,
    make_editor,
)
from tests.comments.factories import make_moderator
from tests.factories import make_article, make_category, make_office
from tests.jobs.running import run_jobs
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db

KEY = "a1b2c3d4e5f60718"


@pytest.fixture
def article():
    return make_article(
        language="en",
        title="Water works resume",
        excerpt="The works resume on Sunday.",
        body="<p>The works on the northern pipe resume on Sunday morning.</p>",
    )


def editor(username="editor1", **headers):
    return log_in(Client(**headers), make_editor(username=username))


def keep_url(article=None):
    if article is None:
        return admin_url("autosave_add")
    return admin_url("autosave", article.pk)


def typed(client, article, **changes):
    """The article's form as ``client`` opened it, with ``changes`` typed."""
    return {**form_data(client.get(admin_url("change", article.pk))), **changes}


def offer(response):
    """The offer above the form, or ``None``."""
    found = find_by_class(parse(response), "section", "autosave-offer")
    return found[0] if found else None


def restore_link(response):
    links = [a.get("href") for a in offer(response).iter("a")]
    (link,) = [href for href in links if autosave.RESTORE_VAR in href]
    return link


def stored_row(article):
    return Article.objects.filter(pk=article.pk).values().get()


# Keeping ------------------------------------------------------------------------


def test_what_is_typed_is_kept_without_a_revision_or_a_change_of_the_article(
    article,
):
    client = editor()
    before, revisions = stored_row(article), Version.objects.count()
    data = typed(client, article, title="Water works resume on Monday")

    response = client.post(keep_url(article), data)

    assert response.status_code == 200
    answer = response.json()
    assert answer["kept"] is True
    assert re.fullmatch(r"Kept at \d\d:\d\d", answer["status"])
    row = Autosave.objects.get()
    assert row.user.username == "editor1"
    assert (row.object_id, row.form_key) == (str(article.pk), "")
    assert row.data["title"] == ["Water works resume on Monday"]
    assert "Sunday morning" in row.data["body"][0]
    assert row.based_on == data["based_on"]
    # Neither the token, nor the admin's own inputs, nor the inlines' counts.
    assert "csrfmiddlewaretoken" not in row.data
    assert not [name for name in row.data if name.endswith("_FORMS")]
    # The published text is as it was: no save, no revision.
    assert stored_row(article) == before
    assert Version.objects.count() == revisions


def test_each_keep_writes_over_the_same_row(article):
    client = editor()
    data = typed(client, article)
    client.post(keep_url(article), {**data, "title": "First words"})
    client.post(keep_url(article), {**data, "title": "Second words"})

    row = Autosave.objects.get()
    assert row.data["title"] == ["Second words"]


def test_a_new_articles_form_is_kept_under_the_key_its_page_made():
    client = editor()
    data = form_data(client.get(admin_url("add")))
    assert input_value(client.get(admin_url("add")), autosave.KEY_FIELD) == ""

    first = client.post(keep_url(), {**data, "title": "A", "_autosave_key": KEY})
    other = client.post(
        keep_url(), {**data, "title": "B", "_autosave_key": "ffffeeeeddddcccc"}
    )
    keyless = client.post(keep_url(), {**data, "title": "C"})

    assert (first.status_code, other.status_code) == (200, 200)
    assert keyless.status_code == 400
    assert keyless.json()["kept"] is False
    rows = {row.form_key: row for row in Autosave.objects.all()}
    assert set(rows) == {KEY, "ffffeeeeddddcccc"}
    assert rows[KEY].object_id == ""
    assert rows[KEY].data["title"] == ["A"]
    assert not Article.objects.exists()


def test_a_form_too_large_is_refused_with_a_clear_answer_and_nothing_is_kept(
    article,
):
    client = editor()
    data = typed(client, article, title="Kept before")
    client.post(keep_url(article), data)
    huge = "<p>" + "word " * (autosave.AutosaveAdmin.autosave_max_bytes // 5) + "</p>"

    response = client.post(keep_url(article), {**data, "body": huge})

    assert response.status_code == 413
    assert response.json() == {
        "kept": False,
        "status": "Not kept: the form is too large to keep as you type. "
        "Save it to keep your work.",
    }
    assert Autosave.objects.get().data["title"] == ["Kept before"]


def test_only_a_post_keeps(article):
    client = editor()

    assert client.get(keep_url(article)).status_code == 405
    assert not Autosave.objects.exists()


# Who may keep -------------------------------------------------------------------


def test_an_author_keeps_their_own_draft():
    user = make_author_user(username="author1")
    draft = make_article(authors=[user.author], status=Article.Status.DRAFT)
    client = log_in(Client(), user)

    response = client.post(keep_url(draft), typed(client, draft, title="Mine"))

    assert response.status_code == 200
    assert Autosave.objects.get().data["title"] == ["Mine"]


@pytest.mark.parametrize(
    "whose", ["someone_elses_draft", "own_published", "moderator", "anonymous"]
)
def test_who_may_not_edit_the_article_is_refused(whose):
    author = make_author_user(username="author1")
    other = make_author_user(username="author2")
    if whose == "someone_elses_draft":
        user = author
        target = make_article(authors=[other.author], status=Article.Status.DRAFT)
    elif whose == "own_published":
        user = author
        target = make_article(authors=[author.author])
    else:
        user = make_moderator() if whose == "moderator" else AnonymousUser()
        target = make_article(authors=[other.author], status=Article.Status.DRAFT)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user.is_authenticated:
        client.force_login(user)
    before = stored_row(target)

    response = client.post(
        keep_url(target), {"title": "Not mine", "body": "<p>Not mine.</p>"}
    )

    assert response.status_code == 403
    assert response.json()["kept"] is False
    assert response.json()["status"].startswith("Not kept: ")
    assert not Autosave.objects.exists()
    assert stored_row(target) == before


@pytest.mark.parametrize("whose", ["moderator", "anonymous"])
def test_who_may_not_write_articles_keeps_no_new_one(whose):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if whose == "moderator":
        client.force_login(make_moderator())

    response = client.post(keep_url(), {"title": "A", "_autosave_key": KEY})

    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_an_article_that_is_gone_is_not_found():
    client = editor()

    response = client.post(admin_url("autosave", 987654), {"title": "A"})

    assert response.status_code == 404
    assert response.json()["kept"] is False


def test_keeping_needs_the_pages_csrf_token(article):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_editor(username="editor1"))
    data = typed(client, article, title="Typed")
    token = data.pop("csrfmiddlewaretoken")

    refused = client.post(keep_url(article), data)
    kept = client.post(keep_url(article), data, HTTP_X_CSRFTOKEN=token)

    assert refused.status_code == 403
    assert refused.json() == {
        "kept": False,
        "status": "Not kept: this page has expired. Copy what you typed, "
        "then reload the page.",
    }
    assert kept.status_code == 200
    assert Autosave.objects.get().data["title"] == ["Typed"]


def test_the_arabic_desk_says_it_in_arabic_with_its_digits(article):
    client = editor()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"

    response = client.post(keep_url(article), typed(client, article, title="نص"))

    status = response.json()["status"]
    assert re.fullmatch(r"احتُفظ بنسخة مؤقتة الساعة [٠-٩]{2}:[٠-٩]{2}", status), status
    offered = text(offer(client.get(admin_url("change", article.pk))))
    assert offered.startswith("احتُفظ بتغييرات غير محفوظة من ")
    assert re.search(r"[٠-٩]{4}/[٠-٩]{2}/[٠-٩]{2}", offered)
    assert "استعِدها" in offered


# Offered back -------------------------------------------------------------------


def test_the_kept_copy_is_offered_to_its_writer_only(article):
    first, second = editor("editor1"), editor("editor2")
    first.post(keep_url(article), typed(first, article, title="Typed by the first"))
    change = admin_url("change", article.pk)

    mine, theirs = first.get(change), second.get(change)

    assert offer(theirs) is None
    shown = text(offer(mine))
    assert shown.startswith("Unsaved changes from ")
    assert "were kept." in shown
    assert "Restore them" in shown and "Discard" in shown
    # The time kept, in both calendars.
    assert offer(mine).find(".//time") is not None
    # The other editor cannot draw the form from it, nor discard it.
    row = Autosave.objects.get()
    drawn = second.get(f"{change}?{autosave.RESTORE_VAR}={row.pk}")
    assert form_data(drawn)["title"] == "Water works resume"
    assert "no longer there" in text(parse(drawn))
    assert second.post(admin_url("autosave_discard", row.pk)).status_code == 404
    assert Autosave.objects.filter(pk=row.pk).exists()


def test_a_copy_older_than_the_last_save_is_not_offered(article):
    first, second = editor("editor1"), editor("editor2")
    first.post(keep_url(article), typed(first, article, title="Typed by the first"))
    assert (
        second.post(
            admin_url("change", article.pk), typed(second, article, excerpt="Newer.")
        ).status_code
        == 302
    )

    assert offer(first.get(admin_url("change", article.pk))) is None


def test_a_copy_older_than_the_days_kept_is_not_offered(article):
    client = editor()
    client.post(keep_url(article), typed(client, article, title="Long ago"))
    Autosave.objects.update(
        updated_at=timezone.now() - datetime.timedelta(days=autosave.KEPT_DAYS + 1)
    )

    assert offer(client.get(admin_url("change", article.pk))) is None


def test_restoring_draws_the_form_as_kept_and_saving_it_saves_it(article):
    client = editor()
    client.post(
        keep_url(article),
        typed(
            client,
            article,
            title="Water works resume on Monday",
            body="<p>The works resume on <strong>Monday</strong>.</p>",
            comments_enabled="",
        ),
    )
    link = restore_link(client.get(admin_url("change", article.pk)))

    restored = client.get(link)

    data = form_data(restored)
    assert data["title"] == "Water works resume on Monday"
    assert data["body"] == "<p>The works resume on <strong>Monday</strong>.</p>"
    assert "comments_enabled" not in data  # the box left unticked stays so
    assert "holds the unsaved changes from" in text(offer(restored))
    # Nothing is saved until Save is pressed.
    assert Article.objects.get(pk=article.pk).title == "Water works resume"
    response = client.post(link, {**data, "_continue": "Save and continue editing"})
    assert response.status_code == 302
    # Back to the saved form, not to the copy the save deleted.
    assert response["Location"] == admin_url("change", article.pk)
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Water works resume on Monday"
    assert "<strong>Monday</strong>" in stored.body
    assert stored.comments_enabled is False
    assert not Autosave.objects.exists()  # a save deletes the kept copy


def test_a_restored_copy_saved_after_someone_elses_save_meets_the_conflict_check(
    article,
):
    first, second = editor("editor1"), editor("editor2")
    opened = typed(first, article)  # the first editor opens the form …
    assert (
        second.post(
            admin_url("change", article.pk), typed(second, article, excerpt="Monday.")
        ).status_code
        == 302
    )
    # … and goes on typing after the second one saved; then the tab closes.
    first.post(keep_url(article), {**opened, "title": "Typed by the first"})
    link = restore_link(first.get(admin_url("change", article.pk)))

    refused = first.post(link, form_data(first.get(link)))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "editor2 saved this article" in page
    assert "nothing was saved" in page
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.excerpt) == ("Water works resume", "Monday.")
    again = form_data(refused)
    assert again["title"] == "Typed by the first"
    assert again["excerpt"] == "Monday."
    assert first.post(admin_url("change", article.pk), again).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.excerpt) == ("Typed by the first", "Monday.")


def test_a_new_articles_kept_form_is_restored_with_its_byline_and_saved():
    client = editor()
    category, office = make_category(), make_office()
    author = make_author_user(username="author1").author
    data = form_data(client.get(admin_url("add")))
    data.update(
        {
            "title": "A statement begun before the crash",
            "body": "<p>Its first paragraph.</p>",
            "category": str(category.pk),
            "office": str(office.pk),
            "article_authors-0-author": str(author.pk),
            "article_authors-0-position": "0",
            "_autosave_key": KEY,
        }
    )
    client.post(keep_url(), data)
    link = restore_link(client.get(admin_url("add")))

    restored = client.get(link)

    again = form_data(restored)
    assert again["title"] == "A statement begun before the crash"
    assert again["body"] == "<p>Its first paragraph.</p>"
    assert again["article_authors-0-author"] == str(author.pk)
    assert again["article_authors-TOTAL_FORMS"] == "1"
    assert again[autosave.KEY_FIELD] == KEY  # later keeps write the same row
    response = client.post(link, again)
    assert response.status_code == 302
    saved = Article.objects.get()
    assert saved.title == "A statement begun before the crash"
    assert [link.author for link in saved.article_authors.all()] == [author]
    assert not Autosave.objects.exists()


def test_discarding_deletes_the_kept_copy(article):
    client = editor()
    client.post(keep_url(article), typed(client, article, title="Not wanted"))
    row = Autosave.objects.get()

    assert client.get(admin_url("autosave_discard", row.pk)).status_code == 405
    response = client.post(admin_url("autosave_discard", row.pk), follow=True)

    assert response.redirect_chain[-1][0] == admin_url("change", article.pk)
    assert "The kept changes were discarded." in text(parse(response))
    assert offer(response) is None
    assert not Autosave.objects.exists()
    assert Article.objects.get(pk=article.pk).title == "Water works resume"


def test_a_save_deletes_only_the_savers_kept_copy(article):
    first, second = editor("editor1"), editor("editor2")
    first.post(keep_url(article), typed(first, article, title="The first's"))
    second.post(keep_url(article), typed(second, article, title="The second's"))

    first.post(admin_url("change", article.pk), typed(first, article, title="Saved"))

    assert [row.user.username for row in Autosave.objects.all()] == ["editor2"]


# Purged -------------------------------------------------------------------------


def test_a_new_kept_copy_queues_the_purge_of_the_old_ones(
    article, django_capture_on_commit_callbacks
):
    client = editor()
    client.post(keep_url(article), typed(client, article, title="Old"))
    old = timezone.now() - datetime.timedelta(days=autosave.KEPT_DAYS + 1)
    Autosave.objects.update(updated_at=old)
    other = make_article(title="Another statement")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(keep_url(other), typed(client, other, title="Fresh"))
        client.post(keep_url(other), typed(client, other, title="Fresher"))

    queued = DBTaskResult.objects.filter(
        task_path=autosave.purge_kept_copies.module_path
    )
    assert queued.count() == 1  # a new copy queues it, not each keep
    assert run_jobs(only=autosave.purge_kept_copies) == 1
    assert [row.data["title"] for row in Autosave.objects.all()] == [["Fresher"]]
