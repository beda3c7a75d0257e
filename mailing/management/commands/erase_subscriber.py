"""``manage.py erase_subscriber reader@example.org``: a privacy request.

The twin of ``erase_comments``: the address's subscriptions (every edition)
go, with the log of what was mailed to it.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from core.text import normalize_email
from mailing.models import Subscriber


class Command(BaseCommand):
    help = "Erase an address's subscriptions and the log of what was mailed to it."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The reader's email address.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say how many subscriptions would be erased.",
        )

    def handle(self, *args, email, dry_run, **options):
        try:
            validate_email(email.strip())
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email!r}") from error
        found = Subscriber.objects.filter(email=normalize_email(email))
        if dry_run:
            self.stdout.write(
                f"{found.count()} subscription(s) of {email} would be erased."
            )
            return
        count = found.count()
        found.delete()
        self.stdout.write(
            self.style.SUCCESS(f"Erased {count} subscription(s) of {email}.")
        )
