"""The article's share links: plain links to the networks of
``CMS_SHARE_NETWORKS`` and email, with the article's canonical address."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.articles.desk import log_in, make_editor
from tests.factories import make_article
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def share_section(response):
    found = find_by_class(parse(response), "section", "share")
    return found[0] if found else None


def share_links(response):
    return {
        a.get("class").split()[-1].removeprefix("share-"): a
        for a in share_section(response).iter("a")
    }


def query(href):
    return {name: values[0] for name, values in parse_qs(urlsplit(href).query).items()}


def test_an_article_offers_each_network_with_its_title_and_address(client):
    article = make_article(language="en", title='Roads & "bridges" reopen')
    url = f"http://testserver{article.get_absolute_url()}"

    links = share_links(client.get(article.get_absolute_url()))

    assert list(links) == ["whatsapp", "telegram", "x", "facebook", "email"]
    assert links["whatsapp"].get("href").startswith("https://wa.me/?")
    assert query(links["whatsapp"].get("href")) == {
        "text": f'Roads & "bridges" reopen\n{url}'
    }
    assert query(links["telegram"].get("href")) == {
        "url": url,
        "text": 'Roads & "bridges" reopen',
    }
    assert query(links["x"].get("href")) == {
        "text": 'Roads & "bridges" reopen',
        "url": url,
    }
    assert query(links["facebook"].get("href")) == {"u": url}
    email = links["email"].get("href")
    assert email.startswith("mailto:?") and "+" not in email  # spaces as %20
    assert query(email) == {"subject": 'Roads & "bridges" reopen', "body": url}


def test_the_links_say_what_they_do_in_the_readers_language(client):
    article = make_article(language="ar", title="بيان بشأن المياه")

    response = client.get(article.get_absolute_url())

    section = share_section(response)
    assert text(section.find(".//h2")) == "شارك"
    links = share_links(response)
    assert links["whatsapp"].get("aria-label") == "شارك عبر واتساب"
    assert text(links["whatsapp"]) == "WhatsApp"  # the name is in its label
    assert links["email"].get("aria-label") == "أرسل بالبريد الإلكتروني"
    assert query(links["telegram"].get("href"))["text"] == "بيان بشأن المياه"


def test_an_office_chooses_its_networks_and_their_order(client, settings):
    settings.CMS_SHARE_NETWORKS = ("telegram", "email")
    article = make_article()

    links = share_links(client.get(article.get_absolute_url()))

    assert list(links) == ["telegram", "email"]


def test_no_networks_no_share_section(client, settings):
    settings.CMS_SHARE_NETWORKS = ()
    article = make_article()

    assert share_section(client.get(article.get_absolute_url())) is None


def test_a_preview_offers_nothing_to_share(client):
    article = make_article(status="draft")
    log_in(client, make_editor())

    response = client.get(f"/en/preview/{article.pk}/")

    assert response.status_code == 200
    assert share_section(response) is None


def test_an_unknown_network_is_a_configuration_error(settings):
    settings.CMS_SHARE_NETWORKS = ("whatsapp", "myspace")

    with pytest.raises(SystemCheckError, match="myspace"):
        call_command("check")
