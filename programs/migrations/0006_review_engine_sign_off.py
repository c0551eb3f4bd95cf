"""The review engine: report events take dotted codes ("submitted" → "report.submitted"), a
report may await the liaison deputy's sign-off (signed_off_by/at), and one sent back by the
deputy is returned without a first submission."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _dotted(model_label, prefix):
    def forward(apps, schema_editor):
        Event = apps.get_model(*model_label.split("."))
        for code in Event.objects.exclude(action__contains=".").values_list("action", flat=True).distinct():
            Event.objects.filter(action=code).update(action=f"{prefix}.{code}")

    def backward(apps, schema_editor):
        Event = apps.get_model(*model_label.split("."))
        for code in Event.objects.filter(action__startswith=f"{prefix}.").values_list("action", flat=True).distinct():
            Event.objects.filter(action=code).update(action=code.removeprefix(f"{prefix}.")[:20])

    return forward, backward


to_dotted, from_dotted = _dotted("programs.ReportEvent", "report")


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_jalali_year_ranges"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="progressreport",
            name="report_submitted_has_first_submission",
        ),
        migrations.AddField(
            model_name="progressreport",
            name="signed_off_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="signed off at"),
        ),
        migrations.AddField(
            model_name="progressreport",
            name="signed_off_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="signed off by",
            ),
        ),
        migrations.AddField(
            model_name="reportevent",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="details"),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="state",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("awaiting_sign_off", "Awaiting the deputy's sign-off"),
                    ("submitted", "Submitted"),
                    ("returned", "Returned"),
                    ("approved", "Approved"),
                ],
                default="draft",
                max_length=20,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="action",
            field=models.CharField(max_length=40, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=24, verbose_name="from state"),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=24, verbose_name="to state"),
        ),
        migrations.AddConstraint(
            model_name="progressreport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("state__in", ["draft", "awaiting_sign_off", "returned"]),
                    ("first_submitted_at__isnull", False),
                    _connector="OR",
                ),
                name="report_submitted_has_first_submission",
            ),
        ),
        migrations.RunPython(to_dotted, from_dotted),
    ]
