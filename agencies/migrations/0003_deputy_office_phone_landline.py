"""Office phones become Iranian landlines stored one way: 04433445566 (shown 044-33445566).

Each stored office phone that agencies.validators.validate_landline accepts is rewritten
to its canonical form (044-33445566, +98 44 33445566, Persian digits…). A value that is
not a landline (a date, a mobile number, 0000000000, a number with an extension or
without its area code) cannot satisfy the new check constraint and cannot be guessed
right, so it is blanked. Nothing is lost silently: every rewritten or blanked value is
written to the deputy's audit log (admin → the deputy → History, by "system") with the
old value and the reason; the agency gives a valid number with its next registration.
Reversing keeps the canonical values (the old ones stay in the audit log).
"""

from django.core.exceptions import ValidationError
from django.db import migrations, models

import agencies.validators
from agencies.validators import normalize_landline, validate_landline
from reform_portal.migration_audit import record_change

REWRITTEN = "Office phone stored in its canonical form (migration agencies.0003)."
BLANKED = "Office phone blanked: not an Iranian landline with its area code (migration agencies.0003)."


def canonical_office_phones(apps, schema_editor):
    deputy_model = apps.get_model("agencies", "LiaisonDeputy")
    alias = schema_editor.connection.alias
    for deputy in list(deputy_model.objects.using(alias).exclude(office_phone="").order_by("pk")):
        old = deputy.office_phone
        try:
            validate_landline(old)
        except ValidationError:
            new, reason = "", BLANKED
        else:
            new, reason = normalize_landline(old), REWRITTEN
        if new == old:
            continue
        deputy.office_phone = new
        deputy.save(update_fields=["office_phone"])
        record_change(
            apps, schema_editor, deputy, field="office_phone", old=old, new=new,
            object_repr=deputy.full_name, reason=reason,
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_deputy_events_and_one_pending"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="liaisondeputy",
            name="office_phone",
            field=models.CharField(
                blank=True,
                help_text="A landline with its area code, such as 044-33445566.",
                max_length=20,
                validators=[agencies.validators.validate_landline],
                verbose_name="office phone",
            ),
        ),
        migrations.RunPython(canonical_office_phones, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="liaisondeputy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("office_phone", ""), ("office_phone__regex", "^0[1-8][0-9][2-9][0-9]{7}$"), _connector="OR"
                ),
                name="deputy_office_phone_canonical",
            ),
        ),
    ]
