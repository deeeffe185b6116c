"""Complete the editorial roles for every content model: editors create and edit all
content, moderators also delete it. Neither group may manage users; site settings stay with
moderators (0002). Publishing rights come from Wagtail's own page permissions, where only
Moderators have "publish".
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "home": ["antenna"],
    "influence": ["body", "representative", "mandate"],
    "podcast": ["audioasset"],
}
ACTIONS = {"Editors": ["add", "change", "view"], "Moderators": ["add", "change", "delete", "view"]}


def grant(apps, schema_editor):
    for app_label in CONTENT:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # historical app configs lack it; create_permissions needs it
        create_permissions(app_config, verbosity=0, apps=apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for group_name, actions in ACTIONS.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        for app_label, models in CONTENT.items():
            group.permissions.add(
                *permission_model.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in actions for model in models],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_events"),
        ("influence", "0001_initial"),
        ("podcast", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
