"""``manage.py export_subscribers > subscribers.csv``: every subscription as
CSV (address, edition, state, how often, sections by path, and when asked,
confirmed and left), for a move to another system or a reader's request
(``--email``)."""

import csv

from django.core.management.base import BaseCommand

from core.text import normalize_email
from mailing.models import Subscriber

COLUMNS = [
    "email",
    "edition",
    "state",
    "frequency",
    "sections",
    "asked",
    "confirmed",
    "unsubscribed",
]


def moment(value):
    return value.isoformat() if value else ""


class Command(BaseCommand):
    help = "Write every subscription (or one address's) as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--email", help="Only this address's subscriptions.")
        parser.add_argument("--edition", choices=["ar", "en"])

    def handle(self, *args, email=None, edition=None, **options):
        subscribers = Subscriber.objects.prefetch_related("sections").order_by("pk")
        if email:
            subscribers = subscribers.filter(email=normalize_email(email))
        if edition:
            subscribers = subscribers.filter(language=edition)
        writer = csv.writer(self.stdout)
        writer.writerow(COLUMNS)
        for subscriber in subscribers.iterator(chunk_size=500):
            writer.writerow(
                [
                    subscriber.email,
                    subscriber.language,
                    subscriber.state,
                    subscriber.frequency,
                    " ".join(s.path for s in subscriber.sections.all()),
                    moment(subscriber.created_at),
                    moment(subscriber.confirmed_at),
                    moment(subscriber.unsubscribed_at),
                ]
            )
