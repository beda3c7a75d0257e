"""``manage.py erase_comments reader@example.org``: a privacy request."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from comments import services
from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Erase every comment written with an email address, with its moderation "
        "records and reports (a reader's privacy request). Replies by other "
        "readers stay, as top-level comments."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The reader's email address.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say how many comments would be erased.",
        )

    def handle(self, *args, email, dry_run, **options):
        try:
            validate_email(email.strip())
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email!r}") from error
        if dry_run:
            count = Comment.objects.of_email(email).count()
            self.stdout.write(f"{count} comment(s) of {email} would be erased.")
            return
        count = services.comments_erase(email=email)
        self.stdout.write(self.style.SUCCESS(f"Erased {count} comment(s) of {email}."))
