"""Data migration: editors manage where statements go.

The Editors group gets the Telegram channels and webhook endpoints (see, add,
change, delete) and the log of deliveries (see; change, which lets them send
a failed one again).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("channel", "endpoint")
    for action in ("view", "add", "change", "delete")
] + ["view_delivery", "change_delivery"]


def let_editors_manage_delivery(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    app_config = apps.get_app_config("delivery")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="delivery", codename__in=EDITOR_PERMISSIONS
        )
    )


def undo(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="delivery", codename__in=EDITOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0001_deliveries"),
        ("articles", "0003_editor_and_author_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(let_editors_manage_delivery, undo)]
