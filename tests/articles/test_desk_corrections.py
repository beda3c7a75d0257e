"""The desk's side of corrections and withdrawals: a correction note on a
published statement's form, and a page to withdraw it with a reason."""

import pytest
from django.test import Client

from articles import services
from articles.models import Article, Correction
from tests.articles.desk import (
    admin_url,
    form_data,
    log_in,
    make_author_user,
    make_editor,
)
from tests.factories import make_article
from tests.markup import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement():
    article = make_article(title="Water supply statement", status=Article.Status.DRAFT)
    return services.article_publish(article=article, user=None)


def test_an_editor_corrects_through_the_form(client, statement):
    log_in(client, make_editor())
    url = admin_url("change", statement.pk)
    data = form_data(client.get(url))
    data.update(body="<p>Corrected text.</p>", correction_note="The day was wrong.")

    response = client.post(url, data)

    assert response.status_code == 302
    assert [c.note for c in Correction.objects.all()] == ["The day was wrong."]
    page = Client().get(statement.get_absolute_url()).content.decode()
    assert "The day was wrong." in page and "Corrected text." in page


def test_a_save_without_a_note_is_no_correction(client, statement):
    log_in(client, make_editor())
    url = admin_url("change", statement.pk)
    data = form_data(client.get(url))
    data.update(title="A typo fixed")

    assert client.post(url, data).status_code == 302

    assert not Correction.objects.exists()
    assert Article.objects.get(pk=statement.pk).title == "A typo fixed"


def test_a_draft_offers_no_correction_note(client):
    draft = make_article(status=Article.Status.DRAFT)
    log_in(client, make_editor())

    page = client.get(admin_url("change", draft.pk)).content.decode()

    assert 'name="correction_note"' not in page
    assert "Withdraw…" not in page


def test_an_editor_withdraws_with_a_reason(client, statement):
    log_in(client, make_editor())
    change = client.get(admin_url("change", statement.pk)).content.decode()
    assert admin_url("withdraw", statement.pk) in change

    response = client.post(
        admin_url("withdraw", statement.pk), {"reason": "Issued in error."}
    )

    assert response.status_code == 302
    stored = Article.objects.get(pk=statement.pk)
    assert stored.status == Article.Status.WITHDRAWN
    assert stored.withdrawal_reason == "Issued in error."
    assert Client().get(statement.get_absolute_url()).status_code == 410
    page = client.get(admin_url("change", statement.pk)).content.decode()
    assert "Withdrawn on" in page and "Issued in error." in page
    assert 'name="status"' not in page  # read-only: for good
    assert 'name="correction_note"' not in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_without_a_reason_is_refused_in_its_page(
    client, statement, reason
):
    log_in(client, make_editor())

    response = client.post(admin_url("withdraw", statement.pk), {"reason": reason})

    assert response.status_code == 200
    assert "Say why the statement is withdrawn." in response.content.decode() or (
        "This field is required." in response.content.decode()
    )
    assert Article.objects.get(pk=statement.pk).status == Article.Status.PUBLISHED


def test_a_long_reason_is_refused_with_the_text_kept(client, statement):
    log_in(client, make_editor())
    reason = "Too long. " * 300

    response = client.post(admin_url("withdraw", statement.pk), {"reason": reason})

    assert response.status_code == 200
    (area,) = [t for t in parse(response).iter("textarea") if t.get("name") == "reason"]
    assert area.text.strip() == reason.strip()
    assert Article.objects.get(pk=statement.pk).status == Article.Status.PUBLISHED


def test_an_author_may_not_withdraw(client, statement):
    log_in(client, make_author_user())

    response = client.post(admin_url("withdraw", statement.pk), {"reason": "Mine."})

    assert response.status_code in (403, 404)
    assert Article.objects.get(pk=statement.pk).status == Article.Status.PUBLISHED


def test_a_draft_is_not_withdrawn(client):
    draft = make_article(status=Article.Status.DRAFT)
    log_in(client, make_editor())

    response = client.post(admin_url("withdraw", draft.pk), {"reason": "No."})

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
