"""For data migrations that rewrite stored values: each change is written to django-auditlog,
so the object's "History" page shows the old value next to the new one (by "system").

Call with the migration's historical ``apps``; the migration depends on auditlog's and
contenttypes' migrations.
"""

UPDATE = 1  # auditlog's LogEntry.Action.UPDATE


def record_change(apps, schema_editor, obj, *, field: str, old: str, new: str, object_repr: str, reason: str):
    alias = schema_editor.connection.alias
    content_type_model = apps.get_model("contenttypes", "ContentType")
    log_entry_model = apps.get_model("auditlog", "LogEntry")
    content_type, _created = content_type_model.objects.using(alias).get_or_create(
        app_label=obj._meta.app_label, model=obj._meta.model_name
    )
    log_entry_model.objects.using(alias).create(
        content_type=content_type,
        object_pk=str(obj.pk),
        object_id=obj.pk,
        object_repr=object_repr[:200],
        action=UPDATE,
        changes={field: [old, new]},
        additional_data={"reason": reason},
    )
