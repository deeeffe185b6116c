import django.contrib.postgres.search
from django.db import migrations, models

import members.models

EXPRESSION_INDEX = """
CREATE INDEX IF NOT EXISTS members_need_search_fr ON members_need USING gin (
    to_tsvector('french'::regconfig,
                COALESCE(title, '') || ' ' || COALESCE(description, ''))
)
"""

# The search filters on the stored vector with `@@`; the GIN index answers it, and unlike the
# expression index of 0007 no plan ever computes `to_tsvector` per row (the planner chose the
# deadline index and built the vector of every open need: 0.9 s for a non-selective query).
CREATE_INDEX = "CREATE INDEX members_need_search_document ON members_need USING gin (search_document)"


def swap_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS members_need_search_fr")
        schema_editor.execute(CREATE_INDEX)


def restore_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS members_need_search_document")
        schema_editor.execute(EXPRESSION_INDEX)


class Migration(migrations.Migration):
    dependencies = [("members", "0007_need_search_index")]

    operations = [
        migrations.AddField(
            model_name="need",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=members.models.SearchDocument("title", "description"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunPython(swap_indexes, restore_expression_index),
    ]
