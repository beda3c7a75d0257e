"""Where statements go, in the admin: channels and endpoints as editors keep
them, a partner's secret shown once, addresses webhooks may not reach refused,
and "where it went" on the article's page with a failed post sent again.

Telegram is the local stand-in (``bot_api``); the worker's turn is
``worked()`` / ``run_jobs()``.
"""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from delivery.models import Channel, Delivery, Endpoint, Event
from documents import services as documents
from tests.articles.desk import (
    field_errors,
    form_data,
    input_value,
    log_in,
    make_editor,
)
from tests.comments.factories import make_moderator
from tests.factories import make_article
from tests.jobs.running import run_jobs, worked
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db

ENDPOINT_ADD = reverse("admin:delivery_endpoint_add")
DELIVERIES = reverse("admin:delivery_delivery_changelist")
_versions = itertools.count(1)


@pytest.fixture
def editor(client):
    user = make_editor()
    log_in(client, user)
    return user


def article_page(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def send_again_url(delivery):
    return reverse("admin:delivery_delivery_send_again", args=[delivery.pk])


def publish(**fields):
    fields.setdefault("title", "Statement on the regional water programme")
    with worked():
        return make_article(**fields)


def refused_post(telegram):
    """A statement whose post Telegram refused: the bot is not in the channel."""
    telegram.answer_next(
        403, description="Forbidden: bot is not a member of the channel chat"
    )
    article = publish()
    delivery = Delivery.objects.get(article=article)
    assert delivery.state == Delivery.State.FAILED
    return article, delivery


def where_it_went(response):
    """``[{column class: text}]``, a row per delivery on the article's page."""
    root = parse(response)
    (group,) = [d for d in root.iter("div") if d.get("id") == "deliveries-group"]
    return [
        {
            cell.get("class").removeprefix("field-"): text(cell)
            for cell in row.iter("td")
        }
        for row in group.find(".//tbody")
    ], group


def endpoint_data(**overrides):
    data = {
        "name": "Partner agency",
        "url": "http://127.0.0.1:8099/hooks/cms",
        "events": [Event.PUBLISHED.value, Event.UNPUBLISHED.value],
        "is_active": "on",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [text(li) for li in find_by_class(parse(response), "ul", "messagelist")[0]]


# Groups ---------------------------------------------------------------------------


def test_editors_manage_channels_and_endpoints_and_read_the_deliveries():
    granted = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="delivery")
        .values_list("codename", flat=True)
    )
    assert granted == {
        *(
            f"{action}_{model}"
            for model in ("channel", "endpoint")
            for action in ("view", "add", "change", "delete")
        ),
        "view_delivery",
        "change_delivery",
    }


# Endpoints ------------------------------------------------------------------------


def test_an_editor_creates_an_endpoint_and_sees_its_secret_once(
    client, editor, settings
):
    settings.CMS_WEBHOOKS_ALLOW_PRIVATE = True
    assert client.get(ENDPOINT_ADD).status_code == 200

    response = client.post(ENDPOINT_ADD, endpoint_data(), follow=True)

    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["article.published", "article.unpublished"]
    assert endpoint.secret.startswith("whsec_")
    shown = " ".join(messages_of(response))
    assert endpoint.secret in shown
    assert "Give Partner agency this secret now" in shown
    assert "it will not be shown again" in shown

    # Never again: not on the list, not on its page (only its last letters).
    listed = client.get(reverse("admin:delivery_endpoint_changelist"))
    assert endpoint.secret not in listed.content.decode()
    page = client.get(reverse("admin:delivery_endpoint_change", args=[endpoint.pk]))
    assert page.status_code == 200
    assert endpoint.secret not in page.content.decode()
    assert f"whsec_…{endpoint.secret[-4:]}" in page.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://169.254.169.254/", "the cloud metadata service (169.254.169.254)"),
        ("http://[::1]/", "inside our own network (::1)"),
    ],
)
def test_an_address_webhooks_may_not_reach_is_refused_on_the_form(
    client, editor, url, message
):
    response = client.post(ENDPOINT_ADD, endpoint_data(url=url, name="Partner desk"))

    assert response.status_code == 200
    (error,) = field_errors(response, "url")
    assert message in error
    assert input_value(response, "url") == url
    assert input_value(response, "name") == "Partner desk"
    checked = [
        element.get("value")
        for element in parse(response).iter("input")
        if element.get("name") == "events" and element.get("checked") is not None
    ]
    assert checked == ["article.published", "article.unpublished"]
    assert not Endpoint.objects.exists()


def test_the_metadata_service_stays_refused_when_private_addresses_are_allowed(
    client, editor, settings
):
    settings.CMS_WEBHOOKS_ALLOW_PRIVATE = True
    response = client.post(ENDPOINT_ADD, endpoint_data(url="http://169.254.169.254/"))
    assert "cloud metadata service" in field_errors(response, "url")[0]
    assert not Endpoint.objects.exists()


def test_an_endpoint_takes_at_least_one_event(client, editor, settings):
    settings.CMS_WEBHOOKS_ALLOW_PRIVATE = True
    data = endpoint_data()
    del data["events"]

    response = client.post(ENDPOINT_ADD, data)

    assert field_errors(response, "events") == ["Choose at least one event."]
    assert not Endpoint.objects.exists()
    boxes = [e for e in parse(response).iter("input") if e.get("name") == "events"]
    assert [box.get("type") for box in boxes] == ["checkbox"] * len(Event)


def disabled_endpoint():
    return Endpoint.objects.create(
        name="Partner agency",
        url="http://127.0.0.1:8099/hooks/cms",
        secret="whsec_MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=",
        disabled_at=timezone.now() - datetime.timedelta(hours=3),
        disabled_reason="The server refused the connection.",
    )


def test_a_disabled_endpoint_says_when_and_why_and_an_action_enables_it(client, editor):
    endpoint = disabled_endpoint()
    changelist = reverse("admin:delivery_endpoint_changelist")

    (cell,) = find_by_class(parse(client.get(changelist)), "td", "field-state")
    assert text(cell).startswith("Disabled on ")
    assert text(cell).endswith(": The server refused the connection.")
    assert cell.find(".//time") is not None  # in both calendars

    response = client.post(
        changelist,
        {"action": "enable_again", "_selected_action": [endpoint.pk]},
        follow=True,
    )

    assert "1 endpoint enabled again." in messages_of(response)
    endpoint.refresh_from_db()
    assert (endpoint.disabled_at, endpoint.disabled_reason) == (None, "")


def test_saving_a_disabled_endpoint_active_enables_it(client, editor, settings):
    settings.CMS_WEBHOOKS_ALLOW_PRIVATE = True
    endpoint = disabled_endpoint()
    page = reverse("admin:delivery_endpoint_change", args=[endpoint.pk])
    (state,) = find_by_class(parse(client.get(page)), "div", "field-state")
    assert "Disabled on " in text(state)

    response = client.post(page, endpoint_data(url="http://127.0.0.1:8099/v2"))

    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url == "http://127.0.0.1:8099/v2"
    assert endpoint.disabled_at is None
    assert endpoint.secret.endswith("MTI=")  # the partner's secret is kept


# Channels -------------------------------------------------------------------------


def test_a_failing_channel_says_since_when_and_why(client, editor):
    Channel.objects.create(name="News", chat="@water_news", language="en")
    Channel.objects.create(
        name="أخبار",
        chat="@water_news_ar",
        language="ar",
        broken_since=timezone.now(),
        broken_reason="Forbidden: bot was kicked from the channel chat",
    )

    root = parse(client.get(reverse("admin:delivery_channel_changelist")))

    states = [text(cell) for cell in find_by_class(root, "td", "field-state")]
    assert states[0].startswith("Failing since ")
    assert states[0].endswith(": Forbidden: bot was kicked from the channel chat")
    assert states[1] == "Working"


def test_a_channel_asks_for_the_statements_pdf_in_its_form(client, editor):
    add = reverse("admin:delivery_channel_add")
    (row,) = find_by_class(parse(client.get(add)), "div", "field-send_pdf")
    assert text(row).startswith("Send the statement's PDF")
    assert "instead of the lead picture" in text(row)

    response = client.post(
        add,
        {
            "name": "Statements",
            "chat": "@water_statements",
            "language": "en",
            "send_photo": "on",
            "send_pdf": "on",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert Channel.objects.get().send_pdf is True
    listed = parse(client.get(reverse("admin:delivery_channel_changelist")))
    (cell,) = find_by_class(listed, "td", "field-send_pdf")
    assert cell.find(".//img").get("alt") == "True"


def waiting_for_its_pdf(telegram):
    """A statement whose post waits for its PDF on a channel asking for it:
    planned, and its PDF's job never run."""
    from delivery import services
    from documents.services import make_document_job

    channel = Channel.objects.create(
        name="Statements", chat="@water_statements", language="en", send_pdf=True
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        article = make_article(title="Statement on the regional water programme")
    run_jobs(only=services.plan_article_job)
    DBTaskResult.objects.filter(task_path=make_document_job.module_path).delete()
    return channel, article


def test_the_log_says_a_post_waits_for_its_pdf_then_which_pdf_it_sent(
    client, editor, telegram
):
    channel, article = waiting_for_its_pdf(telegram)

    rows, _group = where_it_went(client.get(article_page(article)))
    (row,) = rows
    assert row["state"] == "waiting for the statement's PDF"
    assert (row["post"], row["pdf"]) == ("—", "—")
    waiting = parse(client.get(DELIVERIES, {"state__exact": "waiting"}))
    assert len(find_by_class(waiting, "td", "field-article_link")) == 1

    with worked():
        documents.make_document_job.enqueue(article.pk)

    rows, _group = where_it_went(client.get(article_page(article)))
    (row,) = rows
    assert row["state"] == "sent"
    assert row["pdf"] == f"{article.slug}.pdf"
    listed = parse(client.get(DELIVERIES))
    assert [text(c) for c in find_by_class(listed, "td", "field-pdf")] == [
        f"{article.slug}.pdf"
    ]
    (post,) = telegram.posts("@water_statements").values()
    assert post.document == f"{article.slug}.pdf"


def test_switching_the_pdf_off_sends_the_posts_waiting_for_it_without(
    client, editor, telegram
):
    channel, article = waiting_for_its_pdf(telegram)
    page = reverse("admin:delivery_channel_change", args=[channel.pk])
    data = form_data(client.get(page), form_id="channel_form")
    del data["send_pdf"]

    with worked():
        response = client.post(page, data)

    assert response.status_code == 302
    (post,) = telegram.posts("@water_statements").values()
    assert post.document is None
    assert post.text.startswith("Statement on the regional water programme")
    assert list(
        Delivery.objects.filter(article=article).values_list("event", "state")
    ) == [("article.published", "sent")]


# Where it went, on the article's page --------------------------------------------


def test_the_article_page_lists_where_it_went(client, editor, channel):
    article = publish()
    post = Delivery.objects.get(article=article)

    rows, group = where_it_went(client.get(article_page(article)))

    assert text(group.find("fieldset/h2")) == "Where it went"
    (row,) = rows
    assert row["target"] == "Telegram: News (@water_news)"
    assert row["event_name"] == "article published"
    assert row["state"] == "sent"
    assert row["post"] == "See the post"
    assert row["action"] == ""
    link = next(a for a in group.iter("a") if text(a) == "See the post")
    assert link.get("href") == f"https://t.me/water_news/{post.remote_id}"
    assert group.find(".//td[@class='field-when']/time") is not None


def test_an_article_sent_nowhere_says_so(client, editor):
    root = parse(client.get(article_page(make_article())))

    (group,) = [d for d in root.iter("div") if d.get("id") == "deliveries-group"]
    assert group.find(".//table") is None
    assert "Nothing has been sent anywhere for this article yet." in text(group)


def test_a_failed_post_is_sent_again_from_the_article_page(telegram, channel):
    article, delivery = refused_post(telegram)
    browser = Client(enforce_csrf_checks=True)
    log_in(browser, make_editor())
    page = browser.get(article_page(article))

    rows, group = where_it_went(page)
    assert rows[0]["state"] == "failed"
    assert "not a member" in rows[0]["error"]
    (button,) = group.iter("button")
    assert button.get("formaction") == send_again_url(delivery)
    assert button.get("formmethod") == "post"
    assert button.get("formnovalidate") is not None
    assert button.get("type") == "submit"

    # The button submits the article's form, its CSRF token with it.
    with worked():
        response = browser.post(button.get("formaction"), form_data(page))

    assert response.status_code == 302
    assert response.url == article_page(article) + "#deliveries-group"
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert len(telegram.shown("@water_news")) == 1
    channel.refresh_from_db()
    assert channel.broken_since is None
    after = browser.get(response.url)
    assert messages_of(after) == [
        "The delivery to Telegram: News (@water_news) will be sent again."
    ]
    rows, _group = where_it_went(after)
    assert rows[0]["state"] == "sent"
    assert rows[0]["post"] == "See the post"


def test_sending_again_wants_the_forms_csrf_token(telegram, channel):
    _article, delivery = refused_post(telegram)
    browser = Client(enforce_csrf_checks=True)
    log_in(browser, make_editor())

    assert browser.post(send_again_url(delivery)).status_code == 403
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED


def test_sending_again_is_a_post_only(client, editor, telegram, channel):
    _article, delivery = refused_post(telegram)
    assert client.get(send_again_url(delivery)).status_code == 405


def test_sending_again_needs_the_right_to_change_the_article_or_deliveries(
    client, telegram, channel
):
    _article, delivery = refused_post(telegram)
    log_in(client, make_moderator())

    with worked():
        response = client.post(send_again_url(delivery))

    assert response.status_code == 403
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED
    assert len(telegram.calls("sendMessage")) == 1  # the refused one


def test_a_delivery_that_did_not_fail_is_not_sent_again(
    client, editor, telegram, channel
):
    delivery = Delivery.objects.get(article=publish())

    with worked():
        response = client.post(send_again_url(delivery), follow=True)

    assert messages_of(response) == [
        "The delivery to Telegram: News (@water_news) did not fail: "
        "it is not sent again."
    ]
    assert len(telegram.calls("sendMessage")) == 1


def test_the_article_form_still_saves_with_its_deliveries_listed(
    client, editor, telegram, channel
):
    article, delivery = refused_post(telegram)
    page = client.get(article_page(article))
    data = form_data(page)
    data["title"] = "Statement on the regional water programme, revised"

    response = client.post(article_page(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title.endswith(", revised")
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED  # the rows are not submitted


# The log of deliveries ------------------------------------------------------------


def test_the_list_of_deliveries_and_its_send_again_action(client, editor, telegram):
    channel = Channel.objects.create(name="News", chat="@water_news", language="en")
    article, failed = refused_post(telegram)
    other = publish(title="Notice about office hours")
    sent = Delivery.objects.get(article=other)

    listed = parse(client.get(DELIVERIES))
    links = {
        text(a): a.get("href")
        for cell in find_by_class(listed, "td", "field-article_link")
        for a in cell.iter("a")
    }
    assert links == {
        "Statement on the regional water programme": article_page(article),
        "Notice about office hours": article_page(other),
    }
    assert find_by_class(listed, "td", "field-planned")[0].find(".//time") is not None
    found = parse(client.get(DELIVERIES, {"q": "office hours"}))
    assert [text(c) for c in find_by_class(found, "td", "field-article_link")] == [
        "Notice about office hours"
    ]
    only_failed = parse(client.get(DELIVERIES, {"state__exact": "failed"}))
    assert len(find_by_class(only_failed, "td", "field-article_link")) == 1
    by_channel = client.get(DELIVERIES, {"channel__id__exact": channel.pk})
    assert by_channel.status_code == 200
    by_event = parse(client.get(DELIVERIES, {"event": "article.published"}))
    assert len(find_by_class(by_event, "td", "field-article_link")) == 2

    with worked():
        response = client.post(
            DELIVERIES,
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert messages_of(response) == [
        "1 failed delivery will be sent again. Only failed deliveries are sent again."
    ]
    failed.refresh_from_db()
    assert failed.state == Delivery.State.SENT
    assert len(telegram.shown("@water_news")) == 2


def test_the_deliveries_are_read_only(client, editor, channel):
    delivery = Delivery.objects.get(article=publish())
    page = client.get(reverse("admin:delivery_delivery_change", args=[delivery.pk]))

    assert page.status_code == 200
    assert not [i for i in parse(page).iter("input") if i.get("name") == "state"]
    assert client.get(reverse("admin:delivery_delivery_add")).status_code == 403
    delete = reverse("admin:delivery_delivery_delete", args=[delivery.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Delivery.objects.filter(pk=delivery.pk).exists()


def test_a_deleted_articles_deliveries_stay_listed(client, editor, channel):
    article = publish(title="A statement later deleted")
    with worked():
        article.delete()

    cells = find_by_class(parse(client.get(DELIVERIES)), "td", "field-article_link")
    assert len(cells) == 2  # posted, then taken down
    assert all(text(cell).startswith("deleted article") for cell in cells)


# Queries ------------------------------------------------------------------------

# The article's change page, measured with 2 and with 20 deliveries: the
# page's own queries (a kept copy of the form among them: desk.autosave),
# and one for the deliveries with their channels and endpoints.
ARTICLE_PAGE_QUERIES = 24


def add_deliveries(article, count, channel, endpoint):
    for n in range(count):
        target = {"channel": channel} if n % 2 else {"endpoint": endpoint}
        Delivery.objects.create(
            article=article,
            event=Event.UPDATED,
            version=f"v{next(_versions)}",
            payload={"show": True},
            state=Delivery.State.SENT if n % 3 else Delivery.State.FAILED,
            remote_id=str(100 + n),
            last_error="" if n % 3 else "Bad Gateway",
            sent_at=timezone.now(),
            **target,
        )


def article_page_queries(client, article, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES) as queries:
        response = client.get(article_page(article))
    assert response.status_code == 200
    return len(queries.captured_queries), len(where_it_went(response)[0])


def test_the_article_page_runs_the_same_queries_however_many_deliveries(
    client, editor, django_assert_max_num_queries
):
    channel = Channel.objects.create(name="News", chat="@water_news", language="en")
    endpoint = disabled_endpoint()
    article = make_article()
    add_deliveries(article, 2, channel, endpoint)
    small, rows = article_page_queries(client, article, django_assert_max_num_queries)
    assert rows == 2

    add_deliveries(article, 18, channel, endpoint)
    large, rows = article_page_queries(client, article, django_assert_max_num_queries)

    assert rows == 20
    assert large == small


def test_the_article_page_shows_the_newest_deliveries_only(client, editor):
    channel = Channel.objects.create(name="News", chat="@water_news", language="en")
    article = make_article()
    add_deliveries(article, 51, channel, disabled_endpoint())

    response = client.get(article_page(article))

    rows, group = where_it_went(response)
    assert len(rows) == 50
    more = next(a for a in group.iter("a") if "every delivery" in text(a))
    assert more.get("href") == f"{DELIVERIES}?article__id__exact={article.pk}"
    listed = parse(client.get(more.get("href")))
    assert len(find_by_class(listed, "td", "field-article_link")) == 51
