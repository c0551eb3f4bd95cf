"""The review engine: deputy events take dotted codes ("verified" → "deputy.verified"); a confirmed
deputy may have a portal account (role «liaison deputy»); a province may require the deputy's
sign-off on reports."""

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


to_dotted, from_dotted = _dotted("agencies.DeputyEvent", "deputy")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_deputy_office_phone_landline"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="deputyevent",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="details"),
        ),
        migrations.AddField(
            model_name="liaisondeputy",
            name="user",
            field=models.ForeignKey(
                blank=True,
                help_text="Given when the IT office confirms the deputy; the role goes when the deputy is superseded.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deputy_registrations",
                to=settings.AUTH_USER_MODEL,
                verbose_name="portal account",
            ),
        ),
        migrations.AddField(
            model_name="province",
            name="requires_sign_off",
            field=models.BooleanField(
                default=False,
                help_text="Agency staff send each report to their confirmed liaison deputy, who signs it off before it reaches the IT office.",
                verbose_name="reports need the liaison deputy's sign-off",
            ),
        ),
        migrations.AlterField(
            model_name="deputyevent",
            name="action",
            field=models.CharField(max_length=40, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="deputyevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=24, verbose_name="from state"),
        ),
        migrations.AlterField(
            model_name="deputyevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=24, verbose_name="to state"),
        ),
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "No portal role"),
                    ("agency_staff", "Agency staff"),
                    ("governorate_reviewer", "Governorate reviewer"),
                    ("it_office_reviewer", "IT office reviewer"),
                    ("liaison_deputy", "Liaison deputy"),
                ],
                max_length=30,
                verbose_name="role",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("role", "liaison_deputy"), _negated=True), ("agency__isnull", False), _connector="OR"
                ),
                name="user_liaison_deputy_has_agency",
                violation_error_message="A liaison deputy must belong to an agency.",
            ),
        ),
        migrations.RunPython(to_dotted, from_dotted),
    ]
