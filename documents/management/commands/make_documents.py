from django.core.management.base import BaseCommand

from documents import services


class Command(BaseCommand):
    help = (
        "Queue the PDF of every public or withdrawn statement (after deploying "
        "the feature, or a change of its template); the worker makes what changed."
    )

    def handle(self, *args, **options):
        count = services.queue_all()
        self.stdout.write(f"Statements whose PDF is queued: {count}")
