"""An index on tagged items by tag, then kind of object, then object: an
article's related articles start from the newest articles of each of its
tags (``selectors.related_candidates``), each found by walking this index
backwards from its end instead of reading every article the tag carries.
taggit's own indexes start with the kind of object, or hold the tag alone."""

from django.db import migrations

INDEX = "articles_tagged_item_tag_object_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_analyse_articles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON taggit_taggeditem "
            "(tag_id, content_type_id, object_id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
