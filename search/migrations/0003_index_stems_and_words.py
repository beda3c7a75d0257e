from django.db import migrations


def index_again(apps, schema_editor):
    from search.index import rebuild_index

    rebuild_index(
        models=(
            apps.get_model("articles", "Article"),
            apps.get_model("search", "SearchDocument"),
        )
    )


class Migration(migrations.Migration):
    """Index every article again as its stems (Arabic ones too) and its words
    as written: the documents made before held PostgreSQL's English stems
    only. It takes as long as ``manage.py rebuild_search_index``
    (bench/notes.md); until it ends, Arabic searches find only the forms
    written as typed."""

    dependencies = [
        ("search", "0002_index_existing_articles"),
    ]

    operations = [
        migrations.RunPython(index_again, migrations.RunPython.noop),
    ]
