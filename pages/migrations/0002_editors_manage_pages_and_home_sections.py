"""Data migration: Editors manage static pages and the home page's sections."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [("pages", "page"), ("articles", "homesection")]
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *[
            Permission.objects.get(
                content_type__app_label=app, codename=f"{action}_{model}"
            )
            for app, model in MODELS
            for action in ACTIONS
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label__in=[app for app, _ in MODELS],
                content_type__model__in=[model for _, model in MODELS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_static_pages"),
        ("articles", "0011_home_sections"),
        ("articles", "0003_editor_and_author_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
