"""Service codes get one canonical, validated form (agencies.validators.normalize_code):
NFKC, Latin digits, Persian letter forms (Arabic ي ك → ی ک), invisible characters
dropped, Latin letters upper-case; only letters and digits joined by single - _ . /.

Each stored code is rewritten to its canonical form, and the change is written to the
service's audit log (History, by "system") with the old code. Two cases are left as
they are, so that the migration neither crashes nor merges or renames anything:

- a code whose canonical form another service of the same agency already has (e.g.
  «كرمان» next to «کرمان», or agr-1 next to AGR-1): the service with the canonical code
  (or else the lowest id) gets it; the other keeps its old code. Saving that other
  service again is refused with the unique message ("This agency already has a service
  with this code."), so an administrator merges the two or gives it a new code.
- a code that is still not valid once normalised (markup, spaces, emoji…): the next
  edit asks for a valid code.
"""

from django.core.exceptions import ValidationError
from django.db import migrations, models

import agencies.validators
from agencies.validators import normalize_code, validate_code
from reform_portal.migration_audit import record_change

REASON = "Service code stored in its canonical form (migration service_channels.0002)."


def canonical_codes(apps, schema_editor):
    service_model = apps.get_model("service_channels", "Service")
    alias = schema_editor.connection.alias
    services = service_model.objects.using(alias)
    taken = set(services.values_list("agency_id", "code"))
    for service in list(services.order_by("pk")):
        old, new = service.code, normalize_code(service.code)
        if new == old or (service.agency_id, new) in taken:
            continue
        try:
            validate_code(new)
        except ValidationError:
            continue
        if len(new) > service_model._meta.get_field("code").max_length:
            continue
        taken.discard((service.agency_id, old))
        taken.add((service.agency_id, new))
        service.code = new
        service.save(update_fields=["code"])
        record_change(
            apps, schema_editor, service, field="code", old=old, new=new, object_repr=service.name_fa, reason=REASON
        )


class Migration(migrations.Migration):
    dependencies = [
        ("service_channels", "0001_service_catalogue_and_counts"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="service",
            name="code",
            field=models.CharField(
                help_text="Persian or Latin letters and digits, such as AGR-101.",
                max_length=32,
                validators=[agencies.validators.validate_code],
                verbose_name="service code",
            ),
        ),
        migrations.RunPython(canonical_codes, migrations.RunPython.noop, elidable=True),
    ]
