"""Partners' webhooks: each event once, signed as Standard Webhooks say (checked
with the spec's own library), the API's article as its body, retried for
about a day, and endpoints that keep failing disabled.
"""

import datetime
import json

import pytest
from django.utils import timezone
from freezegun import freeze_time

from articles.models import Article
from comments import services as comments
from delivery.models import Delivery
from jobs import queue
from tests.comments.factories import make_comment
from tests.delivery.receiver import Reply, received
from tests.factories import make_article
from tests.jobs.running import run_jobs, worked

pytestmark = pytest.mark.django_db


def publish(**fields):
    fields.setdefault("title", "Statement on the regional water programme")
    with worked():
        article = make_article(**fields)
    run_jobs()
    return article


def save(article, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    with worked():
        article.save()
    run_jobs()


def test_a_publication_is_posted_signed_with_the_apis_article(
    client, endpoint, webhook_receiver
):
    article = publish()

    (body,) = received(webhook_receiver, endpoint)
    assert body["type"] == "article.published"
    api = client.get(
        f"/api/v1/articles/{article.pk}", HTTP_HOST="media.example.org", secure=True
    )
    assert body["data"] == api.json()
    (request,) = webhook_receiver.requests
    assert request.path == "/hooks/cms"
    assert request.headers["content-type"] == "application/json"
    delivery = Delivery.objects.get()
    assert request.headers["webhook-id"] == f"msg_{delivery.pk}"
    assert delivery.state == Delivery.State.SENT
    assert delivery.remote_id == "200"
    assert delivery.answer == "ok"
    assert delivery.duration is not None


def test_updates_and_unpublishing_follow_and_a_save_without_change_sends_nothing(
    endpoint, webhook_receiver
):
    article = publish()
    save(article)  # nothing the API shows changed
    save(article, title="Statement on the water programme, corrected")
    save(article, status=Article.Status.DRAFT)

    bodies = received(webhook_receiver, endpoint)
    assert [body["type"] for body in bodies] == [
        "article.published",
        "article.updated",
        "article.unpublished",
    ]
    assert bodies[1]["data"]["title"] == "Statement on the water programme, corrected"


def test_an_approved_comment_is_sent_without_the_readers_email(
    endpoint, webhook_receiver
):
    article = publish()
    comment = make_comment(article=article, email="reader@example.org")
    with worked():
        comments.comment_approve(comment=comment, moderator=None)
    run_jobs()

    body = received(webhook_receiver, endpoint)[-1]
    assert body["type"] == "comment.approved"
    assert body["data"]["id"] == comment.pk
    assert body["data"]["article"]["id"] == article.pk
    assert "reader@example.org" not in json.dumps(body)


def test_an_endpoint_gets_only_the_events_it_asked_for(endpoint, webhook_receiver):
    endpoint.events = ["article.published"]
    endpoint.save()
    article = publish()
    save(article, title="Another title")
    assert [b["type"] for b in received(webhook_receiver, endpoint)] == [
        "article.published"
    ]


def test_a_failing_partner_is_tried_for_a_day_then_disabled(endpoint, webhook_receiver):
    webhook_receiver.status = 500
    publish()
    moment = timezone.now()
    for _ in range(queue.TRIES + 2):
        moment += datetime.timedelta(hours=9)
        with freeze_time(moment):
            run_jobs()

    ids = {request.headers["webhook-id"] for request in webhook_receiver.requests}
    assert len(webhook_receiver.requests) == queue.TRIES
    assert len(ids) == 1  # the same message each time: the partner drops repeats
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED
    assert delivery.tries == queue.TRIES
    assert "500" in delivery.last_error
    # Every try is kept: when, the status, how long, the answer's first bytes.
    assert len(delivery.attempts) == queue.TRIES
    assert {attempt["status"] for attempt in delivery.attempts} == {500}
    assert all(attempt["seconds"] >= 0 for attempt in delivery.attempts)
    endpoint.refresh_from_db()
    assert endpoint.disabled_at is not None

    publish(title="Another statement")
    assert Delivery.objects.count() == 1  # nothing more for a disabled endpoint


def test_a_partner_that_recovers_gets_the_event_once(endpoint, webhook_receiver):
    webhook_receiver.queue(Reply(status=503))
    publish()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.PENDING
    with freeze_time(timezone.now() + datetime.timedelta(minutes=1)):
        run_jobs()
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert len(webhook_receiver.requests) == 2


def test_a_private_address_is_refused_at_send_without_connecting(
    settings, endpoint, webhook_receiver
):
    settings.CMS_WEBHOOKS_ALLOW_PRIVATE = False
    publish()
    assert webhook_receiver.connections == 0
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED
    assert "(127.0.0.1)" in delivery.last_error  # in the site's language
    endpoint.refresh_from_db()
    assert endpoint.disabled_at is not None
