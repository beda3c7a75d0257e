"""``manage.py notify_moderators``: tell moderators about comments still untold.

New comments queue a job that does this by itself (at most one mail every
``COMMENTS_NOTIFY_INTERVAL_MINUTES``, the last comments of a quiet spell
included); the command sends now, e.g. after mending the mail settings.
"""

from django.core.management.base import BaseCommand, CommandError

from comments import services


class Command(BaseCommand):
    help = "Mail moderators about comments awaiting moderation they were not told of."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Send now even if a mail went out less than the interval ago.",
        )

    def handle(self, *args, force, **options):
        try:
            count = services.notify_moderators(force=force)
        except services.MailUnderWay as busy:
            raise CommandError(str(busy)) from busy
        except Exception as error:
            raise CommandError(f"Could not mail the moderators: {error}") from error
        self.stdout.write(f"Moderators told about {count} comment(s).")
