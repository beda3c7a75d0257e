"""``manage.py notify_moderators``: tell moderators about comments still untold.

New comments trigger a mail by themselves, at most one every
``COMMENTS_NOTIFY_INTERVAL_MINUTES``; run this from cron (e.g. every 15
minutes) so that the last comments of a quiet spell are announced too.
"""

from django.core.management.base import BaseCommand

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
        count = services.notify_moderators(force=force)
        self.stdout.write(f"Moderators told about {count} comment(s).")
