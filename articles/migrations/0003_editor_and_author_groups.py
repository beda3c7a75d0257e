"""Data migration: the Editors and Authors groups with their permissions.

Moderators are made by the comments app's own data migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = {
    "articles": [
        "article", "articleauthor", "articleslughistory", "author", "category", "office",
    ],
    "cms": ["hijrimonthadjustment", "sitesettings", "menuitem"],
    "taggit": ["tag", "taggeditem"],
}  # fmt: skip
EDITOR_EXTRA = [("articles", "publish_article"), ("articles", "view_referencecounter")]
AUTHOR_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_articleauthor"),
    ("articles", "change_articleauthor"),
    ("articles", "delete_articleauthor"),
    ("articles", "view_articleauthor"),
    ("articles", "view_author"),
    ("articles", "view_category"),
    ("articles", "view_office"),
    ("taggit", "view_tag"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        return [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in pairs
        ]

    editor_pairs = [
        (app, f"{action}_{model}")
        for app, models in EDITOR_MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ] + EDITOR_EXTRA
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions(editor_pairs))
    authors, _ = Group.objects.get_or_create(name="Authors")
    authors.permissions.add(*permissions(AUTHOR_PERMISSIONS))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Authors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_scheduling_references_tags_slug_history"),
        ("cms", "0002_site_settings_and_menu"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
