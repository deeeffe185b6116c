"""PostgreSQL only: pg_trgm, unaccent and trigram indexes on the search index, so that
misspelt queries still find pages (modelsearch's Fuzzy query). Nothing on SQLite."""

import io

from django.core.management import call_command
from django.db import migrations


def enable_fuzzy_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Both commands print progress whatever the verbosity: keep migrate's output readable.
    call_command("enable_unaccent", stdout=io.StringIO())
    call_command("enable_trigram", stdout=io.StringIO())


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0001_search_query_log"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(enable_fuzzy_search, migrations.RunPython.noop)]
