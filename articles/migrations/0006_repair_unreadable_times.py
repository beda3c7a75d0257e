"""Data migration: publication times no time zone can read back are repaired.

A publication time in year 1 was stored as a date before year 1 in UTC, which
PostgreSQL keeps but Python cannot read: every list of articles failed. Such
a time becomes the article's creation time; such an unpublication time (or one
no longer after the publication time) is removed. Nothing is read into Python:
the rows could not be.
"""

import datetime

from django.db import migrations
from django.db.models import F, Q

LOW = datetime.datetime(1000, 1, 1, tzinfo=datetime.UTC)
HIGH = datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)


def repair(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(Q(published_at__lt=LOW) | Q(published_at__gte=HIGH)).update(
        published_at=F("created_at")
    )
    Article.objects.filter(
        Q(unpublish_at__lt=LOW)
        | Q(unpublish_at__gte=HIGH)
        | Q(unpublish_at__lte=F("published_at"))
    ).update(unpublish_at=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_verbose_names_for_links")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
