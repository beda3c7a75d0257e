"""Revisions: every save keeps one (who, when); editors compare and restore them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision

from articles import services
from articles.models import Article
from tests.articles.desk import (
    admin_url,
    article_form_data,
    form_data,
    log_in,
    make_author_user,
    make_editor,
    versions_of,
)
from tests.factories import make_article, make_author, make_category, make_office
from tests.markup import parse, text

pytestmark = pytest.mark.django_db


def local(*parts):
    """A moment in the site's time zone (Makkah)."""
    return timezone.make_aware(datetime.datetime(*parts))


def edit(article, user, **changes):
    """Change fields and save through the desk service (a new revision)."""
    for name, value in changes.items():
        setattr(article, name, value)
    return services.article_save(article=article, user=user)


def change_data(article, **overrides):
    """The admin change form's data for ``article`` as it is stored."""
    fields = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category,
        "office": article.office,
        "body": article.body,
        "status": article.status,
        "published_at": article.published_at,
        "language": article.language,
        "existing_links": list(article.article_authors.all()),
    }
    fields.update(overrides)
    return article_form_data(**fields)


def compare_url(article, **params):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


# Keeping revisions -------------------------------------------------------------


def test_every_desk_save_keeps_a_revision_with_its_user():
    editor = make_editor()
    article = make_article(title="First wording")

    edit(article, editor, title="Second wording")
    edit(article, editor, title="Third wording")

    versions = versions_of(article)
    assert len(versions) == 2
    assert [v.field_dict["title"] for v in versions] == [
        "Third wording",
        "Second wording",
    ]
    assert {v.revision.user for v in versions} == {editor}


def test_publishing_keeps_a_revision_saying_so():
    editor = make_editor()
    draft = make_article(status=Article.Status.DRAFT)

    services.article_publish(article=draft, user=editor)

    (version,) = versions_of(draft)
    assert version.revision.user == editor
    assert version.revision.comment == "Published"
    assert version.field_dict["status"] == Article.Status.PUBLISHED


def test_revision_keeps_the_byline_too():
    author = make_author()
    article = make_article(authors=[author])

    edit(article, make_editor(), title="Reworded")

    (version,) = versions_of(article)
    authors_in_revision = [
        v.field_dict["author_id"]
        for v in version.revision.version_set.all()
        if v.content_type.model == "articleauthor"
    ]
    assert authors_in_revision == [author.pk]


def test_every_admin_save_keeps_one_revision_with_the_editor(client):
    editor = make_editor()
    log_in(client, editor)

    client.post(
        admin_url("add"),
        article_form_data(
            title="Written in the admin", category=make_category(), office=make_office()
        ),
    )
    article = Article.objects.get(title="Written in the admin")
    client.post(admin_url("change", article.pk), change_data(article, title="Fixed"))
    client.post(admin_url("change", article.pk), change_data(article, title="Again"))

    versions = versions_of(article)
    assert [v.field_dict["title"] for v in versions] == [
        "Again",
        "Fixed",
        "Written in the admin",
    ]
    assert {v.revision.user for v in versions} == {editor}


# Comparing ---------------------------------------------------------------------


def diff_boxes(response):
    """``{field label: its change box}`` of a comparison page."""
    root = parse(response)
    content = next(el for el in root.iter("div") if el.get("id") == "content-main")
    boxes, label = {}, None
    for element in content:
        if element.tag == "h2":
            label = text(element)
        elif "revision-diff" in (element.get("class") or "") and label:
            boxes[label] = element
    return boxes


def changes_shown(response):
    """``{field label: (words deleted, words inserted)}`` of a comparison page."""
    return {
        label: ([text(d) for d in box.iter("del")], [text(i) for i in box.iter("ins")])
        for label, box in diff_boxes(response).items()
    }


def test_compare_shows_the_changed_field_old_and_new(client):
    editor = make_editor()
    article = make_article(title="Old wording", body="<p>Same body.</p>")
    edit(article, editor)
    edit(article, editor, title="New wording")
    log_in(client, editor)

    response = client.get(compare_url(article))

    assert response.status_code == 200
    shown = changes_shown(response)
    assert shown["Title"] == (["Old"], ["New"])  # the words that changed
    assert "Body" not in shown


def test_compare_lists_only_what_the_editor_changed(client):
    """The save time changes at every save; it is not an editor's change."""
    editor = make_editor()
    article = make_article(title="Old wording")
    edit(article, editor)
    edit(article, editor, title="New wording")
    log_in(client, editor)

    assert list(changes_shown(client.get(compare_url(article)))) == ["Title"]


def test_compare_of_two_identical_wordings_says_nothing_changed(client):
    editor = make_editor()
    article = make_article()
    edit(article, editor)
    edit(article, editor)
    log_in(client, editor)

    response = client.get(compare_url(article))

    assert "These two revisions have the same text and settings." in (
        response.content.decode()
    )


def test_compare_between_two_chosen_revisions(client):
    editor = make_editor()
    article = make_article(title="One", body="<p>First text.</p>")
    edit(article, editor)
    edit(article, editor, body="<p>Second text.</p>")
    edit(article, editor, title="Three")
    newest, middle, oldest = versions_of(article)
    log_in(client, editor)

    response = client.get(compare_url(article, **{"from": oldest.pk, "to": middle.pk}))

    shown = changes_shown(response)
    assert shown["Body"] == (["First"], ["Second"])  # the text, not the HTML
    assert "Title" not in shown


def test_compare_with_a_single_revision_says_there_is_nothing_to_compare(client):
    editor = make_editor()
    article = make_article()
    edit(article, editor)
    log_in(client, editor)

    response = client.get(compare_url(article))

    assert response.status_code == 200
    assert "nothing to compare" in response.content.decode()


def test_change_page_links_to_the_comparison(client):
    article = make_article()
    log_in(client, make_editor())

    root = parse(client.get(admin_url("change", article.pk)))

    assert compare_url(article) in [a.get("href") for a in root.iter("a")]


def test_author_gets_no_compare_page_for_someone_elses_article(client):
    editor = make_editor()
    article = make_article(status=Article.Status.DRAFT, title="Old wording")
    edit(article, editor)
    edit(article, editor, title="New wording")
    log_in(client, make_author_user())

    response = client.get(compare_url(article))

    assert response.status_code == 404
    assert "Old wording" not in response.content.decode()


def test_author_gets_no_history_of_someone_elses_article(client):
    editor = make_editor()
    article = make_article(status=Article.Status.DRAFT, title="Confidential draft")
    edit(article, editor, title="Confidential draft, revised")
    log_in(client, make_author_user())

    response = client.get(admin_url("history", article.pk))

    assert response.status_code in (302, 403, 404)
    assert "Confidential" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_the_login_page_for_a_comparison(client):
    article = make_article()

    response = client.get(compare_url(article))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


# Restoring ---------------------------------------------------------------------


def revision_url(article, version):
    return admin_url("revision", article.pk, version.pk)


def test_revision_page_shows_the_older_wording_in_the_form(client):
    editor = make_editor()
    article = make_article(title="Old wording")
    edit(article, editor)
    edit(article, editor, title="New wording")
    older = versions_of(article)[1]
    log_in(client, editor)

    response = client.get(revision_url(article, older))

    assert response.status_code == 200
    assert form_data(response)["title"] == "Old wording"
    # Looking is not restoring.
    assert Article.objects.get(pk=article.pk).title == "New wording"


def test_restoring_an_older_revision_brings_the_old_title_back(client):
    editor = make_editor()
    article = make_article(title="Old wording", body="<p>Old body.</p>")
    edit(article, editor)
    edit(article, editor, title="New wording", body="<p>New body.</p>")
    older = versions_of(article)[1]
    log_in(client, editor)

    shown = client.get(revision_url(article, older))
    response = client.post(revision_url(article, older), form_data(shown))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Old wording"
    assert article.body == "<p>Old body.</p>"
    newest = versions_of(article)[0]
    assert newest.field_dict["title"] == "Old wording"
    assert newest.revision.user == editor
    assert "Reverted" in newest.revision.comment


def test_restoring_a_revision_from_before_publication_keeps_the_reference(client):
    """A reference number belongs to the statement, not to one of its wordings."""
    editor = make_editor()
    article = make_article(status=Article.Status.DRAFT, title="Draft wording")
    edit(article, editor)
    services.article_publish(article=article, user=editor)
    reference = Article.objects.get(pk=article.pk).reference
    draft_version = versions_of(article)[-1]
    log_in(client, editor)

    shown = client.get(revision_url(article, draft_version))
    client.post(revision_url(article, draft_version), form_data(shown))
    restored = Article.objects.get(pk=article.pk)
    services.article_publish(article=restored, user=editor)

    assert reference.endswith("/001")
    assert Article.objects.get(pk=article.pk).reference == reference


def test_author_cannot_restore_a_revision_of_someone_elses_article(client):
    editor = make_editor()
    article = make_article(status=Article.Status.DRAFT, title="Old wording")
    edit(article, editor)
    edit(article, editor, title="New wording")
    older = versions_of(article)[1]
    log_in(client, make_author_user())

    client.post(revision_url(article, older), change_data(article, title="Old wording"))

    assert Article.objects.get(pk=article.pk).title == "New wording"


def test_author_cannot_restore_an_older_revision_of_a_published_article(client):
    editor = make_editor()
    user = make_author_user()
    article = make_article(authors=[user.author], title="Approved wording")
    edit(article, editor, title="Approved wording, corrected")
    edit(article, editor, title="Approved wording, final")
    older = versions_of(article)[1]
    log_in(client, user)

    client.post(revision_url(article, older), change_data(article))

    assert Article.objects.get(pk=article.pk).title == "Approved wording, final"


def deleted_article(editor):
    article = make_article(title="Withdrawn statement")
    edit(article, editor)
    version = versions_of(article)[0]
    pk = article.pk
    article.delete()
    return pk, version


def test_author_does_not_see_deleted_articles_to_recover(client):
    deleted_article(make_editor())
    log_in(client, make_author_user())

    response = client.get(admin_url("recoverlist"))

    assert "Withdrawn statement" not in response.content.decode()


def test_author_cannot_recover_a_deleted_article(client):
    editor = make_editor()
    pk, version = deleted_article(editor)
    log_in(client, editor)
    shown = form_data(client.get(admin_url("recover", version.pk)))
    log_in(client, make_author_user())

    client.post(admin_url("recover", version.pk), shown)

    assert not Article.objects.filter(pk=pk).exists()


def test_editor_recovers_a_deleted_article(client):
    editor = make_editor()
    pk, version = deleted_article(editor)
    log_in(client, editor)

    shown = client.get(admin_url("recover", version.pk))
    response = client.post(admin_url("recover", version.pk), form_data(shown))

    assert response.status_code == 302
    assert Article.objects.get(pk=pk).title == "Withdrawn statement"


# Reading a comparison -------------------------------------------------------------


def revisions_saved_at(article, *moments):
    """Give the article's revisions (oldest first) these creation times."""
    for version, moment in zip(reversed(versions_of(article)), moments, strict=True):
        Revision.objects.filter(pk=version.revision_id).update(date_created=moment)


def test_compare_shows_the_words_a_reader_sees_not_the_html(client):
    editor = make_editor()
    article = make_article(body="<p>The library opens <b>on Sunday</b>.</p>")
    edit(article, editor)
    edit(article, editor, body="<p>The library opens <b>on Monday</b>.</p><p>Free.</p>")
    log_in(client, editor)

    box = diff_boxes(client.get(compare_url(article)))["Body"]

    assert [text(d) for d in box.iter("del")] == ["Sunday."]
    assert [text(i) for i in box.iter("ins")] == ["Monday. Free."]
    assert "<b>" not in text(box) and "&lt;" not in text(box)
    assert text(box).startswith("The library opens on")


def test_a_change_of_formatting_only_says_so(client):
    editor = make_editor()
    article = make_article(body="<p>Same words.</p>")
    edit(article, editor)
    edit(article, editor, body="<p><strong>Same</strong> words.</p>")
    log_in(client, editor)

    box = diff_boxes(client.get(compare_url(article)))["Body"]

    assert text(box) == "Only the formatting changed; the text reads the same."


def test_an_arabic_articles_wording_is_compared_right_to_left(client):
    editor = make_editor()
    article = make_article(language="ar", title="بيان بشأن المكتبة")
    edit(article, editor)
    edit(article, editor, title="بيان حول المكتبة")
    log_in(client, editor)

    box = diff_boxes(client.get(compare_url(article)))["Title"]

    assert (box.get("lang"), box.get("dir")) == ("ar", "rtl")
    assert [text(d) for d in box.iter("del")] == ["بشأن"]
    assert [text(i) for i in box.iter("ins")] == ["حول"]


def test_field_names_and_settings_are_in_the_interface_language(client):
    editor = make_editor()
    article = make_article(
        title="Old wording",
        category=make_category(name_en="Statements", name_ar="البيانات"),
        status=Article.Status.DRAFT,
    )
    edit(article, editor)
    edit(
        article,
        editor,
        title="New wording",
        category=make_category(name_en="Press releases", name_ar="البلاغات الصحفية"),
        status=Article.Status.PUBLISHED,
    )
    log_in(client, editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"

    shown = changes_shown(client.get(compare_url(article)))

    assert shown["العنوان"] == (["Old"], ["New"])
    assert shown["القسم"] == (["البيانات"], ["البلاغات الصحفية"])
    assert shown["الحالة"] == (["مسودة"], ["منشور"])
    # The English article's wording keeps its own direction.
    box = diff_boxes(client.get(compare_url(article)))["العنوان"]
    assert (box.get("lang"), box.get("dir")) == ("en", "ltr")


def test_a_changed_time_is_shown_in_both_calendars_to_the_second(client):
    editor = make_editor()
    article = make_article(published_at=local(2023, 12, 3, 9, 0, 0))
    edit(article, editor)
    edit(article, editor, published_at=local(2023, 12, 3, 9, 0, 30))
    log_in(client, editor)

    shown = changes_shown(client.get(compare_url(article)))

    assert shown["Publication time"] == (
        ["Sunday, 19 Jumada al-awwal 1445 | 2023/12/03 09:00:00"],
        ["Sunday, 19 Jumada al-awwal 1445 | 2023/12/03 09:00:30"],
    )


@pytest.fixture
def saved_twice_in_a_minute(client):
    """An article saved at 14:05:09 and 14:05:41, its editor logged in."""
    editor = make_editor()
    article = make_article()
    edit(article, editor)
    edit(article, editor, title="Second wording")
    revisions_saved_at(
        article, local(2023, 12, 3, 14, 5, 9), local(2023, 12, 3, 14, 5, 41)
    )
    log_in(client, editor)
    return article


def test_two_saves_in_one_minute_are_told_apart_in_the_revision_lists(
    client, saved_twice_in_a_minute
):
    article = saved_twice_in_a_minute

    root = parse(client.get(compare_url(article)))

    choices = [text(o) for o in root.iter("option")][:2]
    assert choices[0].startswith(
        "Sunday, 19 Jumada al-awwal 1445 | 2023/12/03 14:05:41"
    )
    assert choices[1].startswith(
        "Sunday, 19 Jumada al-awwal 1445 | 2023/12/03 14:05:09"
    )


def test_the_history_lists_revisions_with_dual_dates_to_the_second(
    client, saved_twice_in_a_minute
):
    article = saved_twice_in_a_minute
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"

    root = parse(client.get(admin_url("history", article.pk)))

    dates = [text(t) for t in root.iter("time")]
    assert "الأحد، ١٩ جمادى الأولى ١٤٤٥ | ٢٠٢٣/١٢/٠٣ ١٤:٠٥:٤١" in dates
    assert "الأحد، ١٩ جمادى الأولى ١٤٤٥ | ٢٠٢٣/١٢/٠٣ ١٤:٠٥:٠٩" in dates


def test_the_deleted_articles_list_has_dual_dates_to_the_second(client):
    editor = make_editor()
    article = make_article(title="To be deleted")
    edit(article, editor)
    log_in(client, editor)
    client.post(admin_url("delete", article.pk), {"post": "yes"})
    Revision.objects.update(date_created=local(2023, 12, 3, 14, 5, 9))

    root = parse(client.get(admin_url("recoverlist")))

    assert "Sunday, 19 Jumada al-awwal 1445 | 2023/12/03 14:05:09" in [
        text(t) for t in root.iter("time")
    ]
