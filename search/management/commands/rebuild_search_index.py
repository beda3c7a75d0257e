"""``manage.py rebuild_search_index``: index every article again, in batches."""

from django.core.management.base import BaseCommand, CommandError

from search.index import BATCH_SIZE, rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every article, in batches (after a change "
        "to how text is folded, or to fill the index of an existing archive)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Articles indexed per transaction (default {BATCH_SIZE}).",
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")

        def progress(done, total):
            self.stdout.write(f"  {done}/{total} articles", ending="\r")
            self.stdout.flush()

        done = rebuild_index(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"\nIndexed {done} articles."))
