"""Circulars record events like the reviewed records; the history of existing circulars
(written, published, reminders) is filled in from what they already hold."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    Circular = apps.get_model("circulars", "Circular")
    CircularEvent = apps.get_model("circulars", "CircularEvent")
    CircularReminder = apps.get_model("circulars", "CircularReminder")
    events = []
    for circular in Circular.objects.all():
        events.append(
            CircularEvent(
                circular=circular,
                action="circular.created",
                from_state="",
                to_state="draft",
                actor_id=circular.created_by_id,
                at=circular.created_at,
            )
        )
        if circular.published_at is not None:
            events.append(
                CircularEvent(
                    circular=circular,
                    action="circular.published",
                    from_state="draft",
                    to_state="published",
                    actor_id=circular.published_by_id,
                    at=circular.published_at,
                )
            )
    for reminder in CircularReminder.objects.all():
        events.append(
            CircularEvent(
                circular_id=reminder.circular_id,
                action="circular.reminded",
                from_state="published",
                to_state="published",
                actor_id=reminder.sent_by_id,
                at=reminder.sent_at,
            )
        )
    CircularEvent.objects.bulk_create(events)


class Migration(migrations.Migration):
    dependencies = [
        ("circulars", "0002_circular_province"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CircularEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(max_length=40, verbose_name="action")),
                ("from_state", models.CharField(blank=True, max_length=24, verbose_name="from state")),
                ("to_state", models.CharField(blank=True, max_length=24, verbose_name="to state")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="details")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "circular",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="circulars.circular",
                        verbose_name="circular",
                    ),
                ),
            ],
            options={
                "verbose_name": "circular event",
                "verbose_name_plural": "circular events",
                "ordering": ["at", "pk"],
                "abstract": False,
                "indexes": [models.Index(fields=["circular", "at"], name="circularevent_circular_at_idx")],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
