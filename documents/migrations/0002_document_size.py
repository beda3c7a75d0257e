"""Each PDF's size, kept with it: a feed's enclosure says it without a
request to the storage. The PDFs made before are measured once."""

from django.core.files.storage import default_storage
from django.db import migrations, models


def measure(apps, schema_editor):
    ArticleDocument = apps.get_model("documents", "ArticleDocument")
    for document in ArticleDocument.objects.only("file").iterator(chunk_size=500):
        try:
            size = default_storage.size(document.file.name)
        except OSError:  # gone: its job makes it again
            continue
        ArticleDocument.objects.filter(pk=document.pk).update(size=size)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="articledocument",
            name="size",
            field=models.PositiveIntegerField(default=0, verbose_name="size"),
        ),
        migrations.RunPython(measure, migrations.RunPython.noop, elidable=True),
    ]
