"""Data migration: editors manage where statements go.

The Editors group gets the Telegram channels and webhook endpoints (see, add,
change, delete) and the log of deliveries (see; change, which lets them send
a failed one again).
"""

from django.db import migrations

from desk.groups import grant, revoke

EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("channel", "endpoint")
    for action in ("view", "add", "change", "delete")
] + ["view_delivery", "change_delivery"]


def let_editors_manage_delivery(apps, schema_editor):
    grant(apps, "Editors", "delivery", EDITOR_PERMISSIONS)


def undo(apps, schema_editor):
    revoke(apps, "Editors", "delivery", EDITOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0001_deliveries"),
        ("articles", "0003_editor_and_author_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(let_editors_manage_delivery, undo)]
