from django.db import migrations


def index_existing_articles(apps, schema_editor):
    from search.index import rebuild_index

    rebuild_index(
        models=(
            apps.get_model("articles", "Article"),
            apps.get_model("search", "SearchDocument"),
        )
    )


class Migration(migrations.Migration):
    """Index the articles a site already has (a new site has none)."""

    dependencies = [
        ("search", "0001_search_documents"),
    ]

    operations = [
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop),
    ]
