"""Editors keep the press contacts and lists and send under embargo."""

from django.db import migrations

from desk.groups import grant, revoke

CODENAMES = [
    f"{action}_{model}"
    for model in ("contact", "presslist", "embargo")
    for action in ("view", "add", "change", "delete")
] + ["view_pressmail"]


def let_editors_manage_the_press(apps, schema_editor):
    grant(apps, "Editors", "press", CODENAMES)


def undo(apps, schema_editor):
    revoke(apps, "Editors", "press", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0001_press_and_embargoes"),
        ("articles", "0003_editor_and_author_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(let_editors_manage_the_press, undo)]
