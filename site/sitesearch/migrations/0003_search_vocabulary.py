"""PostgreSQL only, besides the vocabulary table:

- the `cpme_french` text search configuration: French stemming after `unaccent`, so that
  « tresorerie » finds « trésorerie » (settings: SEARCH_CONFIG; the index must be rebuilt
  with `update_index` once, see docs/operations.md, "Search");
- a trigram index on the vocabulary (sitesearch.spelling looks misspelt words up in it);
- the trigram indexes migration 0002 put on the search index are dropped: they served
  modelsearch's fuzzy query, which the vocabulary replaced, and no query reads them.
"""

import io

from django.core.management import call_command
from django.db import migrations, models

INDEX_TRIGRAM_INDEXES = (
    "modelsearch_title_text_trgm",
    "modelsearch_body_text_trgm",
    "modelsearch_title_text_unaccent_trgm",
    "modelsearch_body_text_unaccent_trgm",
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TEXT SEARCH CONFIGURATION cpme_french (COPY = pg_catalog.french);"
        "ALTER TEXT SEARCH CONFIGURATION cpme_french ALTER MAPPING FOR hword, hword_part, "
        "word WITH unaccent, french_stem"
    )
    schema_editor.execute(
        "CREATE INDEX sitesearch_searchword_trgm ON sitesearch_searchword "
        "USING gin (word gin_trgm_ops)"
    )
    for name in INDEX_TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS cpme_french")
    call_command("enable_trigram", stdout=io.StringIO())


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0002_fuzzy_search_extensions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=100, primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "mot du site",
                "verbose_name_plural": "mots du site",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
