"""Data migration: editors may moderate comments too.

The Editors group gets what the Moderators group has; the Moderators group
stays for people who only moderate.
"""

from django.db import migrations

MODERATOR_PERMISSIONS = [
    "can_moderate",
    "view_comment",
    "delete_comment",
    "view_moderationdecision",
]


def let_editors_moderate(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", codename__in=MODERATOR_PERMISSIONS
        )
    )


def undo(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="comments", codename__in=MODERATOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderators_group"),
        ("articles", "0003_editor_and_author_groups"),
    ]

    operations = [migrations.RunPython(let_editors_moderate, undo)]
