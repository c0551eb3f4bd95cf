"""Circulars belong to the province whose IT office issues them (empty: national).

Existing circulars take the province of the reviewer who wrote them; a circular whose
author has no agency stays national.
"""

import django.db.models.deletion
from django.db import migrations, models


def set_province_from_author(apps, schema_editor):
    Circular = apps.get_model("circulars", "Circular")
    for circular in Circular.objects.filter(created_by__agency__isnull=False).select_related("created_by__agency"):
        circular.province_id = circular.created_by.agency.province_id
        circular.save(update_fields=["province"])


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_deputy_events_and_one_pending"),
        ("circulars", "0001_circulars_acknowledgements_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="circular",
            name="province",
            field=models.ForeignKey(
                blank=True,
                help_text="The province whose IT office issues the circular; empty for a national circular.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="circulars",
                to="agencies.province",
                verbose_name="province",
            ),
        ),
        migrations.AddIndex(
            model_name="circular",
            index=models.Index(fields=["province", "state"], name="circular_province_state_idx"),
        ),
        migrations.RunPython(set_province_from_author, migrations.RunPython.noop),
    ]
