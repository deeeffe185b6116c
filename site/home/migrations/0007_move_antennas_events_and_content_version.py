from django.db import migrations


class Migration(migrations.Migration):
    """Antennas and the calendar now live in their own apps (their 0001 migrations renamed the
    tables and moved the content types); `home` only forgets them. The content version moved
    to `core` as a new table: it is a cache key, made again on the first request."""

    dependencies = [
        ("home", "0006_content_version"),
        ("antennas", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="eventpage", name="antenna"),
                migrations.RemoveField(model_name="eventpage", name="image"),
                migrations.RemoveField(model_name="eventpage", name="page_ptr"),
                migrations.RemoveField(model_name="eventindexpage", name="page_ptr"),
                migrations.RemoveField(model_name="antennaindexpage", name="page_ptr"),
                migrations.DeleteModel(name="Antenna"),
                migrations.DeleteModel(name="AntennaIndexPage"),
                migrations.DeleteModel(name="EventIndexPage"),
                migrations.DeleteModel(name="EventPage"),
            ],
        ),
        migrations.DeleteModel(name="ContentVersion"),
    ]
