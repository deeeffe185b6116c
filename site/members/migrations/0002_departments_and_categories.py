from django.db import migrations

from core.departments import DEPARTMENTS
from members.categories import CATEGORIES


def create_rows(apps, schema_editor):
    Department = apps.get_model("members", "Department")
    Category = apps.get_model("members", "Category")
    for code, name in DEPARTMENTS.items():
        Department.objects.get_or_create(code=code, defaults={"name": name})
    for slug, name in CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_organisations_and_members")]

    operations = [migrations.RunPython(create_rows, migrations.RunPython.noop)]
