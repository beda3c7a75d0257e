"""Giving a desk group the permissions of an app's models, from a data
migration (with the historical ``apps`` it is given)."""

from django.contrib.auth.management import create_permissions


def grant(apps, group_name, app_label, codenames):
    """Give ``group_name`` (made if missing) ``app_label``'s ``codenames``.
    Permissions are normally made after every migration: made here first."""
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    )


def revoke(apps, group_name, app_label, codenames):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )
