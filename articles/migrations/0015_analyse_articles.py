"""Statistics for the indexes just added: without them SQLite guesses that an
index starting with the status and the language finds a few rows, and walks
a whole edition through it where the primary key would find the home's
fifteen stories (PostgreSQL analyses by itself, later)."""

from django.db import migrations

from core.db import analyse


def analyse_articles(apps, schema_editor):
    analyse(apps.get_model("articles", "Article"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_add_article_edition_indexes"),
    ]

    operations = [
        migrations.RunPython(analyse_articles, migrations.RunPython.noop),
    ]
