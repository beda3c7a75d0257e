"""Make the missing renditions of every stored image of every registered field.

Each image is then marked as rendered (its pages point at the copies), and
whatever was kept of the pages is drawn again.
"""

from django.core.management.base import BaseCommand

from core import cache
from images.dimensions import dimension_fields, rendered_field
from images.renditions import make_renditions
from images.storage import registered_fields


class Command(BaseCommand):
    help = "Make the missing renditions of every lead image and author photo."

    def handle(self, *args, **options):
        checked = marked = 0
        for model, field_name in registered_fields():
            field = model._meta.get_field(field_name)
            # The size fields come with the rows: reading them afterwards
            # would cost two queries per image.
            rows = (
                model._default_manager.exclude(**{field_name: ""})
                .only("pk", field_name, *dimension_fields(field))
                .order_by("pk")
                .iterator(chunk_size=500)
            )
            for row in rows:
                make_renditions(getattr(row, field_name))
                checked += 1
            flag = rendered_field(field_name)
            if any(f.name == flag for f in model._meta.fields):
                marked += (
                    model._default_manager.exclude(**{field_name: ""})
                    .filter(**{flag: False})
                    .update(**{flag: True})
                )
        if marked:
            cache.bump()
        self.stdout.write(
            self.style.SUCCESS(f"Checked the renditions of {checked} images.")
        )
