"""The review engine: channel report events take dotted codes ("submitted" → "counts.submitted")."""

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


to_dotted, from_dotted = _dotted("service_channels.ChannelReportEvent", "counts")


class Migration(migrations.Migration):
    dependencies = [
        ("service_channels", "0002_service_code_canonical"),
    ]

    operations = [
        migrations.AddField(
            model_name="channelreportevent",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="details"),
        ),
        migrations.AlterField(
            model_name="channelreport",
            name="first_submitted_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Decides whether the report was on time.",
                null=True,
                verbose_name="first submitted at",
            ),
        ),
        migrations.AlterField(
            model_name="channelreport",
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
            model_name="channelreportevent",
            name="action",
            field=models.CharField(max_length=40, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="channelreportevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=24, verbose_name="from state"),
        ),
        migrations.AlterField(
            model_name="channelreportevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=24, verbose_name="to state"),
        ),
        migrations.RunPython(to_dotted, from_dotted),
    ]
