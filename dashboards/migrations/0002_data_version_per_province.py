from django.db import migrations, models


def drop_old_triggers(apps, schema_editor):
    """The single-row version's triggers write columns the new table does not have;
    dashboards/cache.py installs the new ones after the migration (post_migrate)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS dashboards_data_version_bump() CASCADE")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dashboards_data_version%'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


class Migration(migrations.Migration):
    """Data versions per province and slot instead of one for the country (issue 19)."""

    dependencies = [("dashboards", "0001_data_version")]

    operations = [
        migrations.RunPython(drop_old_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataVersion"),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "province_id", "slot", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("province_id", models.BigIntegerField(verbose_name="province")),
                ("slot", models.PositiveSmallIntegerField(verbose_name="slot")),
                ("token", models.CharField(max_length=64, verbose_name="token")),
            ],
            options={
                "verbose_name": "dashboard data version",
                "verbose_name_plural": "dashboard data versions",
            },
        ),
    ]
