"""Make the missing renditions of every stored lead image and author photo."""

from django.core.management.base import BaseCommand

from articles.images import make_renditions
from articles.models import Article, Author


class Command(BaseCommand):
    help = "Make the missing renditions of every lead image and author photo."

    def handle(self, *args, **options):
        made = 0
        for model, field in ((Article, "lead_image"), (Author, "photo")):
            for obj in (
                model.objects.exclude(**{field: ""}).only("pk", field).iterator()
            ):
                make_renditions(getattr(obj, field))
                made += 1
        self.stdout.write(
            self.style.SUCCESS(f"Checked the renditions of {made} images.")
        )
