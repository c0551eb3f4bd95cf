import secrets

from django.db import migrations, models


def first_version(apps, schema_editor):
    DataVersion = apps.get_model("dashboards", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"token": secrets.token_hex(16)}
    )


class Migration(migrations.Migration):
    """The dashboards' data version; its triggers are installed after every migrate
    (dashboards/cache.py), since SQLite drops them when a migration rebuilds a table."""

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=64, verbose_name="token")),
            ],
            options={
                "verbose_name": "dashboard data version",
                "verbose_name_plural": "dashboard data versions",
            },
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
