"""Give the editorial groups, the moderation workflow and its task their French names.

Wagtail created them in English ("Editors", "Moderators", "Moderators approval"); the
team reads these names on the submit button and in the workflow history. Runs after every
migration that grants rights to the English names. A name already taken (a site whose
admin created the French group by hand) is left alone rather than merged.
"""

from django.db import migrations

# Frozen here (not imported from core.roles) so this migration keeps meaning what it did.
NAMES = {
    "groups": {"Editors": "Rédacteurs", "Moderators": "Modérateurs"},
    "workflow": {"Moderators approval": "la validation des modérateurs"},
    "task": {"Moderators approval": "la relecture des modérateurs"},
}


def rename(model, names):
    for old, new in names.items():
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def rename_all(apps, names):
    rename(apps.get_model("auth", "Group"), names["groups"])
    rename(apps.get_model("wagtailcore", "Workflow"), names["workflow"])
    rename(apps.get_model("wagtailcore", "Task"), names["task"])


def to_french(apps, schema_editor):
    rename_all(apps, NAMES)


def to_english(apps, schema_editor):
    rename_all(apps, {kind: {new: old for old, new in pairs.items()} for kind, pairs in NAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_page_images"),
        ("positions", "0003_press_snippet_permissions"),
        # Permissions given to the group under Wagtail's name come first.
        ("core", "0003_public_documents"),
        ("influence", "0003_representative_publish_permission"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_french, to_english)]
