from django.db import migrations

# The exact expression `members.search.text_search` filters on (SearchVector of title and
# description, French configuration), so PostgreSQL answers a search from the index instead
# of building a text vector for every need. SQLite searches with LIKE and gets no index.
INDEX_SQL = """
CREATE INDEX IF NOT EXISTS members_need_search_fr ON members_need USING gin (
    to_tsvector('french'::regconfig,
                COALESCE(title, '') || ' ' || COALESCE(description, ''))
)
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS members_need_search_fr")


class Migration(migrations.Migration):
    dependencies = [("members", "0006_ratings_and_joint_responses")]

    operations = [migrations.RunPython(create_index, drop_index)]
