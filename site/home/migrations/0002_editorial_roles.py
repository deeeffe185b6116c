"""Give Wagtail's Editors and Moderators groups the rights on our own models.

Editors write and upload; moderators also delete, and manage snippets and site settings.
Permissions are created here explicitly because on a fresh database Django only creates
them after all migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = {
    "podcast": {"audioasset": ["add", "change", "choose"]},
}
MODERATORS = {
    "podcast": {"audioasset": ["add", "change", "delete", "choose"]},
    "home": {"antenna": ["add", "change", "delete"], "siteidentity": ["change"]},
    "positions": {"theme": ["add", "change", "delete"]},
}


def grant(apps, schema_editor):
    for app_label in ("home", "podcast", "positions"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # historical app configs lack it; create_permissions needs it
        create_permissions(app_config, verbosity=0, apps=apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for group_name, rights in (("Editors", EDITORS), ("Moderators", MODERATORS)):
        group, _ = group_model.objects.get_or_create(name=group_name)
        for app_label, models in rights.items():
            for model, actions in models.items():
                group.permissions.add(
                    *permission_model.objects.filter(
                        content_type__app_label=app_label,
                        codename__in=[f"{action}_{model}" for action in actions],
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("podcast", "0001_initial"),
        ("positions", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
