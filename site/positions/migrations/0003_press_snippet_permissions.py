"""Editors and moderators manage themes, spokespeople and press contacts (moderators delete)."""

from django.db import migrations

SNIPPETS = ["theme", "spokesperson", "presscontact"]
ACTIONS = {"Editors": ["add", "change", "view"], "Moderators": ["add", "change", "delete", "view"]}


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; they are needed now.
    create_permissions(global_apps.get_app_config("positions"), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, actions in ACTIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [f"{action}_{model}" for action in actions for model in SNIPPETS]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="positions", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ACTIONS):
        codenames = [f"{action}_{model}" for action in ACTIONS[group.name] for model in SNIPPETS]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="positions", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("positions", "0002_position_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
