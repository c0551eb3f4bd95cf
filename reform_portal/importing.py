"""The base of the portal's django-import-export resources: imports that fail loudly and
finish within a request, exports without live formulas.

An import runs in the admin's request twice: the preview (a dry run, rolled back) and the
confirmation. The stock ModelResource asks the database a dozen questions per row and
writes row by row, which made a 10,000-row agency file take half a minute each time (and
minutes on PostgreSQL). Here, per file instead of per row (docs/benchmarks.md, "Imports"):

- the records the rows name are loaded before the first row, one query per 500 keys
  (``get_instance`` then reads a dict), and so are the records each foreign-key column
  names (widgets with a ``prime(rows, column)`` method, agencies/resources.py);
- model validation skips the queries whose answer is known: a related record just loaded
  exists; the key the rows were matched on is free when no stored record but the row's
  own has it; a CheckConstraint of plain comparisons is evaluated in Python, with SQL's
  rules for NULL. Anything else is asked of the database, as Model.full_clean() does;
- the preview validates every row and writes none; the confirmation writes the records
  at the end, 500 to a statement (``bulk_create``/``bulk_update``, after each field's
  ``pre_save`` as ``save()`` would: no model here overrides ``save()``), and their audit
  log entries likewise (``write_audit_log``: the same entries django-auditlog writes one
  by one). On PostgreSQL every INSERT or UPDATE statement also updates the dashboards'
  version row (dashboards/cache.py): 10,000 single-row writes, each in the savepoint
  django-import-export gives a row, took minutes; 20 statements take a moment.
  Many-to-many columns are written likewise (through-table rows, 500 to a statement), and
  so is what a resource's after-save hook plans with ``plan_save``/``plan_delete`` (a
  service's channels). Resources that need each record saved as its row is read set
  ``row_by_row`` and keep django-import-export's row-by-row writing, preview included.
- the confirmation computes no HTML diff (its page redirects; nothing shows one).

Since the preview writes nothing, what saving the earlier rows would have told the later
ones is checked in memory: rows of one file that share their key (after normalisation)
are all reported, and so is a row whose record would break a unique constraint together
with an earlier row's. Without that the last row would silently win, or the confirmation
fail.

Exports: every cell goes through ``tabular.neutralise``; imports undo it with
``tabular.restore`` before anything else reads a cell.
"""

import contextlib
import copy
import datetime
import functools
import operator
from collections import defaultdict
from decimal import Decimal

from auditlog import get_logentry_model
from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled, disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from auditlog.signals import post_log, pre_log
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str
from django.utils.translation import gettext, pgettext
from import_export import resources, widgets
from import_export.resources import Diff

from reform_portal import tabular
from reform_portal.persian import localize_digits

#: Keys per ``IN (…)`` query and rows per INSERT: well under SQLite's 999 parameters.
BATCH = 500
#: Row numbers named in a duplicate-key message before "…".
SHOWN_ROWS = 10


def cell_text(value) -> str:
    """A cell as text: None is empty, 12.0 (a number cell) is "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _NoDiff(Diff):
    """The confirmation's rows: no diff is computed, since the page redirects."""

    def __init__(self, resource, instance, new):
        self.left, self.right, self.new = [], [], new

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class _Related(list):
    """Many-to-many values not written yet, shown as a related manager would give them."""

    def all(self):
        return self


class _PreviewDiff(Diff):
    """The preview's diff: many-to-many columns show the row's values, which are written
    only by the confirmation."""

    def compare_with(self, resource, instance):
        pending = resource._m2m_values.get(id(instance), {})
        self.right = [
            field.widget.render(_Related(pending[field.attribute]))
            if field.attribute in pending
            else field.export(instance)
            for field in resource.get_import_fields()
        ]


class PortalModelResource(resources.ModelResource):
    """See the module's docstring.

    - ``normalizers``: column → the function putting its value in canonical form before
      the row is matched;
    - ``existing_order``: orders several stored records of one key, the first being the
      one a row updates;
    - ``row_by_row``: save each record as its row is read, preview included (rolled back),
      for resources whose after-save hooks need the saved record. Otherwise after-save
      hooks plan their writes with ``plan_save``/``plan_delete``.
    """

    normalizers: dict = {}
    existing_order: tuple = ()
    row_by_row = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._dry_run = False
        self._reset()

    def _reset(self):
        self._existing = None  # key → stored record, for the file's keys; None: look up per row
        self._known_keys = set()  # the keys whose stored records are all in _existing
        self._duplicates = {}  # row number → the numbers of every row with its key
        self._taken = {}  # (key, or unique constraint and values) → the row number that took it
        self._row_number = None
        self._saved = None  # (record, created) of the current row, saved or to be saved
        self._to_log = []  # (record after or None if deleted, before or None if created), logged at the end
        self._creates, self._updates = [], []  # records to write at the end
        self._m2m_values = {}  # id(record) → {many-to-many attribute: values}, written at the end
        self._m2m = []  # (record, attribute, values, the record was stored before)
        self._related = []  # ("save", record, before or None) or ("delete", record, None)

    # --- exports ---------------------------------------------------------------------

    def export_resource(self, instance, selected_fields=None, **kwargs):
        values = super().export_resource(instance, selected_fields=selected_fields, **kwargs)
        return [tabular.neutralise(value) for value in values]

    def get_export_headers(self, selected_fields=None):
        return [tabular.neutralise(header) for header in super().get_export_headers(selected_fields)]

    # --- the import as a whole -------------------------------------------------------

    def import_data(self, dataset, dry_run=False, **kwargs):
        self._dry_run = dry_run
        with disable_auditlog() if dry_run else contextlib.nullcontext():
            return super().import_data(dataset, dry_run=dry_run, **kwargs)

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        # import_data() has opened the transaction and rolls it back after a preview or an
        # error. Inside it, "not using transactions" means to django-import-export: no
        # savepoint per row, and in a preview, no saving.
        per_row = using_transactions and dry_run and self._saves_row_by_row()
        return super().import_data_inner(dataset, dry_run, raise_errors, per_row, collect_failed_rows, **kwargs)

    def get_diff_class(self):
        return _PreviewDiff if self._dry_run else _NoDiff

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._reset()
        headers = list(dataset.headers or [])
        rows = [self._prepare(dict(zip(headers, values, strict=False))) for values in dataset]
        for field in self.fields.values():
            prime = getattr(field.widget, "prime", None)
            if prime is not None and field.column_name in headers:
                prime(rows, field.column_name)
        numbers_by_key = defaultdict(list)
        for number, row in enumerate(rows, start=1):
            key = self._row_key(row)
            if key is not None:
                numbers_by_key[key].append(number)
        self._duplicates = {
            number: numbers for numbers in numbers_by_key.values() if len(numbers) > 1 for number in numbers
        }
        self._load_existing(numbers_by_key)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not self._dry_run and not result.has_errors():
            self._write()
            write_audit_log(self._to_log)
        self._reset()

    # --- rows ------------------------------------------------------------------------

    def _prepare(self, row: dict) -> dict:
        """The row as the fields read it: neutralised text restored, key columns normalised."""
        for column, value in row.items():
            if isinstance(value, str):
                row[column] = tabular.restore(value)
        for column, normalize in self.normalizers.items():
            if column in row and row[column] is not None:
                row[column] = normalize(cell_text(row[column]))
        return row

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        self._saved, self._row_number = None, kwargs.get("row_number")
        self._prepare(row)
        numbers = self._duplicates.get(self._row_number)
        if numbers:
            raise self._duplicate_error(row, numbers)

    def _duplicate_error(self, row: dict, numbers: list[int]) -> ValidationError:
        names = self.get_import_id_fields()
        columns = [self.fields[name].column_name for name in names]
        separator = pgettext("list separator", ", ")
        shown = separator.join(localize_digits(number) for number in numbers[:SHOWN_ROWS])
        message = gettext(
            "Rows %(rows)s of the file have the same %(columns)s (%(value)s): "
            "each record may appear only once in a file."
        ) % {
            "rows": shown + ("…" if len(numbers) > SHOWN_ROWS else ""),
            "columns": separator.join(columns),
            "value": separator.join(cell_text(row.get(column)) for column in columns),
        }
        return ValidationError({names[0]: [ValidationError(message, code="duplicate")]})

    # --- keys and stored records -----------------------------------------------------

    def _row_key(self, row: dict) -> tuple | None:
        """The row's import_id_fields as cleaned by their widgets (records as their pk), or
        None when a part is missing or invalid (the field's validation then says why)."""
        parts = []
        for name in self.get_import_id_fields():
            try:
                value = self.fields[name].clean(row)
            except (KeyError, ValueError, ValidationError):
                return None
            if value is None or value == "":
                return None
            parts.append(value.pk if isinstance(value, models.Model) else value)
        return tuple(parts)

    def _key_columns(self) -> list[str] | None:
        """The model columns (attnames) of the import key, or None when a part is not a
        plain field of the model (then records are looked up row by row, as stock)."""
        columns = []
        for name in self.get_import_id_fields():
            try:
                columns.append(self._meta.model._meta.get_field(self.fields[name].attribute).attname)
            except (FieldDoesNotExist, TypeError):
                return None
        return columns

    def _instance_key(self, instance) -> tuple | None:
        key = tuple(getattr(instance, column) for column in self._key_columns())
        return None if any(part is None or part == "" for part in key) else key

    def _load_existing(self, numbers_by_key: dict) -> None:
        columns = self._key_columns()
        if columns is None:
            return
        self._existing, self._known_keys = {}, set(numbers_by_key)
        firsts = sorted({key[0] for key in numbers_by_key}, key=str)
        # With the records their foreign-key columns name: the preview's diff and the
        # unchanged-row check read them.
        attributes = {field.attribute for field in self.fields.values()}
        related = [field.name for field in self._meta.model._meta.concrete_fields if field.many_to_one]
        queryset = self.get_queryset().select_related(*[name for name in related if name in attributes])
        if self.existing_order:
            queryset = queryset.order_by(*self.existing_order)
        for start in range(0, len(firsts), BATCH):
            # All records of one key share its first part, so they come in one batch, ordered.
            for instance in queryset.filter(**{f"{columns[0]}__in": firsts[start : start + BATCH]}):
                self._existing.setdefault(self._instance_key(instance), instance)

    def get_instance(self, instance_loader, row):
        if self._existing is None:
            # A key pointing at nothing (e.g. an unknown agency code) is reported by the
            # field's own validation as the row's error, not as a crash.
            try:
                return super().get_instance(instance_loader, row)
            except ValueError:
                return None
        instance = self._existing.get(self._row_key(row))
        if instance is not None:
            # import_row() deep-copies the record to compare it after the row: a deep copy
            # of its prefetched relations would copy their querysets without their results
            # (and query them again); a copy of its fields is what the comparison needs.
            instance.__deepcopy__ = functools.partial(_copy_of_fields, instance)
        return instance

    # --- saving ----------------------------------------------------------------------

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        self._saved = (instance, is_create)
        if self._existing is not None:
            for slot, _check in self._unique_slots(instance, set()):
                self._taken.setdefault(slot, self._row_number)

    def _saves_row_by_row(self) -> bool:
        """``row_by_row``; or a key that is not plain fields of the model (records are then
        looked up row by row); or a many-to-many column that adds rather than sets, or
        that django-auditlog logs (through its m2m_changed receiver, which bulk writes skip)."""
        model = self._meta.model
        audited = auditlog._registry[model]["m2m_fields"] if auditlog.contains(model) else ()
        odd_many_to_many = any(
            isinstance(field.widget, widgets.ManyToManyWidget) and (field.m2m_add or field.attribute in audited)
            for field in self.fields.values()
        )
        return self.row_by_row or odd_many_to_many or self._key_columns() is None

    def do_instance_save(self, instance, is_create):
        if self._saves_row_by_row():
            with disable_auditlog():  # written with the others at the end
                super().do_instance_save(instance, is_create)
        else:
            (self._creates if is_create else self._updates).append(instance)

    def save_m2m(self, instance, row, **kwargs):
        if self._saves_row_by_row():
            return super().save_m2m(instance, row, **kwargs)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row and not field.readonly:
                values = field.clean(row)
                if values is not None or field.saves_null_values:
                    values = list(values or [])
                    self._m2m_values.setdefault(id(instance), {})[field.attribute] = values
                    self._m2m.append((instance, field.attribute, values, not instance._state.adding))

    def plan_save(self, record, before=None):
        """For after-save hooks: save this record (of another model) with the confirmed
        rows; ``before``: its state as loaded, None if it is new (for the audit log)."""
        self._related.append(("save", record, before))

    def plan_delete(self, record):
        """For after-save hooks: delete this record with the confirmed rows."""
        self._related.append(("delete", record, None))

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self._saved is not None and not self._dry_run:
            instance, created = self._saved
            if auditlog.contains(type(instance)) and not auditlog_disabled.get():
                # row_result.original: the record as loaded, before the row changed it.
                self._to_log.append((instance, None if created else row_result.original))
        self._saved = None

    def _write(self):
        """The records of the confirmed rows, 500 to a statement."""
        self._insert(self._meta.model, self._creates)
        self._update(self._meta.model, self._updates)
        self._write_many_to_many()
        self._write_related()

    def _insert(self, model, records):
        if not records:
            return
        if connections[self.get_db_connection_name()].features.can_return_rows_from_bulk_insert:
            model.objects.bulk_create(records, batch_size=BATCH)
        else:  # without their new primary keys back there would be nothing to log (SQLite < 3.35)
            for record in records:
                record.save(force_insert=True)

    @staticmethod
    def _update(model, records):
        if not records:
            return
        fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        for record in records:
            for field in fields:  # as save() does: auto_now columns and the like
                setattr(record, field.attname, field.pre_save(record, False))
        model.objects.bulk_update(records, [field.name for field in fields], batch_size=BATCH)

    def _write_many_to_many(self):
        """Each record's many-to-many column set to the row's values: the stored records'
        through rows deleted, then every record's inserted."""
        by_attribute = defaultdict(list)
        for instance, attribute, values, stored in self._m2m:
            by_attribute[attribute].append((instance, values, stored))
        for attribute, rows in by_attribute.items():
            field = self._meta.model._meta.get_field(attribute)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            stored = [instance.pk for instance, _values, was_stored in rows if was_stored]
            for start in range(0, len(stored), BATCH):
                through.objects.filter(**{f"{source}__in": stored[start : start + BATCH]}).delete()
            links = [
                through(**{source: instance, target: value})
                for instance, values, _stored in rows
                for value in dict.fromkeys(values)
            ]
            through.objects.bulk_create(links, batch_size=BATCH)

    def _write_related(self):
        """What after-save hooks planned, per model: inserts and updates in bulk, deletes
        in one query per 500; their audit log entries with the others."""
        saves, deletes = defaultdict(list), defaultdict(list)
        for action, record, before in self._related:
            (saves if action == "save" else deletes)[type(record)].append((record, before))
        for model, records in saves.items():
            self._insert(model, [record for record, before in records if before is None])
            self._update(model, [record for record, before in records if before is not None])
        for model, records in deletes.items():
            pks = [record.pk for record, _before in records]
            for start in range(0, len(pks), BATCH):
                with disable_auditlog():  # (the deletion's signals would log it too)
                    model.objects.filter(pk__in=pks[start : start + BATCH]).delete()
        for action, record, before in self._related:
            if auditlog.contains(type(record)) and not auditlog_disabled.get():
                self._to_log.append((record, before) if action == "save" else (None, record))

    # --- validation ------------------------------------------------------------------

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model.full_clean() without the queries whose answer is known (module docstring),
        and with the unique constraints checked against the earlier rows of the file."""
        if not self._meta.clean_model_instances or self._existing is None:
            return super().validate_instance(instance, import_validation_errors, validate_unique)
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        try:
            instance.clean_fields(exclude=exclude | _loaded_relations(instance))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        key = self._instance_key(instance)
        earlier = self._taken.get(("key", key)) if key is not None else None
        if earlier is not None:
            # The keys differed in the file but agree once the model normalised them (agr-1, AGR-1).
            fields = [self.fields[name] for name in self.get_import_id_fields()]
            shown = {field.column_name: field.export(instance) for field in fields}
            errors = self._duplicate_error(shown, [earlier, self._row_number]).update_error_dict(errors)
        # The key is free: no stored record but the instance's own has it, no earlier row took it.
        key_is_free = key in self._known_keys and earlier is None and self._existing.get(key) in (None, instance)
        # The unique rules an earlier row's record already takes; those of the key are reported above.
        taken = {
            slot: check
            for slot, check in self._unique_slots(instance, exclude)
            if slot in self._taken and not (earlier is not None and self._covers_key(check))
        }
        checks = [self._validate_unique] if validate_unique else []
        for check in [*checks, self._validate_constraints]:
            try:
                check(instance, exclude, key_is_free, taken)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _key_fields(self) -> set[str]:
        return {self.fields[name].attribute for name in self.get_import_id_fields()}

    def _covers_key(self, check) -> bool:
        """The unique rule (fields of a unique check, or a UniqueConstraint) holds the whole
        key, so that it cannot be broken when the key is free."""
        if isinstance(check, models.UniqueConstraint):
            return not check.condition and not check.expressions and self._key_fields() <= set(check.fields)
        return check is not None and self._key_fields() <= set(check[1])

    def _unique_slots(self, instance, exclude: set):
        """(slot, check) for each unique rule the instance's values take: its import key,
        its unique fields and unique_together, its UniqueConstraints on fields (those with
        a condition when the instance meets it, as far as ``evaluate_check`` can tell)."""
        key = self._instance_key(instance)
        if key is not None:
            yield ("key", key), None
        unique_checks, _date_checks = instance._get_unique_checks(exclude=exclude)
        for model_class, names in unique_checks:
            values = tuple(getattr(instance, instance._meta.get_field(name).attname) for name in names)
            if not any(value is None for value in values):
                yield ("unique", model_class, names, values), (model_class, names)
        for _model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields:
                    continue
                if constraint.expressions or exclude & set(constraint.fields):
                    continue
                if constraint.condition is not None and evaluate_check(constraint.condition, instance) is not True:
                    continue
                values = tuple(getattr(instance, instance._meta.get_field(name).attname) for name in constraint.fields)
                if not any(value is None for value in values):
                    yield ("constraint", constraint.name, values), constraint

    def _validate_unique(self, instance, exclude, key_is_free, taken):
        # Model.validate_unique(): earlier rows first, then the database for what the free
        # key does not settle.
        unique_checks, date_checks = instance._get_unique_checks(exclude=exclude)
        errors = {}
        for model_class, names in unique_checks:
            if (model_class, names) in taken.values():
                errors.setdefault(names[0] if len(names) == 1 else NON_FIELD_ERRORS, []).append(
                    instance.unique_error_message(model_class, names)
                )
            elif not (key_is_free and self._covers_key((model_class, names))):
                for name, messages in instance._perform_unique_checks([(model_class, names)]).items():
                    errors.setdefault(name, []).extend(messages)
        for name, messages in instance._perform_date_checks(date_checks).items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def _validate_constraints(self, instance, exclude, key_is_free, taken):
        # Model.validate_constraints(), minus what is known or computable here.
        errors = {}
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                try:
                    self._validate_constraint(model_class, constraint, instance, exclude, key_is_free, taken)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _validate_constraint(self, model_class, constraint, instance, exclude, key_is_free, taken):
        if isinstance(constraint, models.UniqueConstraint):
            if constraint in taken.values():
                default = constraint.violation_error_message == constraint.default_violation_error_message
                if constraint.fields and not constraint.condition and default:
                    message = instance.unique_error_message(model_class, constraint.fields)
                    raise ValidationError(message, code=message.code)
                raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
            if key_is_free and self._covers_key(constraint):
                return
        elif isinstance(constraint, models.CheckConstraint):
            verdict = evaluate_check(constraint.condition, instance, exclude)
            if verdict is False:
                raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
            if verdict is not UNSUPPORTED:
                return
        constraint.validate(model_class, instance, exclude=exclude)


def write_audit_log(changes: list[tuple]) -> None:
    """django-auditlog's entries for records written without it, in bulk, as its receivers
    (log_create, log_update, log_delete) would have written them one by one: the changes
    from ``model_instance_diff``, the request's actor and address set by the pre_save
    receiver of auditlog's context, pre_log/post_log sent. ``changes``: (the record after,
    or None if deleted; the record before, or None if created)."""
    LogEntry = get_logentry_model()
    manager = LogEntry.objects
    entries = []
    for after, before in changes:
        instance = before if after is None else after
        if before is None:
            action = LogEntry.Action.CREATE
        else:
            action = LogEntry.Action.UPDATE if after is not None else LogEntry.Action.DELETE
        sender = type(instance)
        pre_log_results = pre_log.send(sender, instance=instance, action=action)
        if any(result is False for _receiver, result in pre_log_results):
            continue
        diff = model_instance_diff(before, after, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
        if not diff:
            continue
        pk = manager._get_pk_value(instance)
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(instance),
            object_pk=pk,
            object_id=pk if isinstance(pk, int) else None,
            object_repr=smart_str(instance),
            serialized_data=manager._get_serialized_data_or_none(instance),
            action=action,
            changes=diff,
            cid=get_cid(),
        )
        get_additional_data = getattr(instance, "get_additional_data", None)
        if callable(get_additional_data):
            entry.additional_data = get_additional_data()
        pre_save.send(LogEntry, instance=entry, raw=False, using=instance._state.db, update_fields=None)
        entries.append((entry, instance, before, pre_log_results, diff))
    manager.bulk_create([entry for entry, *_rest in entries], batch_size=BATCH)
    for entry, instance, before, pre_log_results, diff in entries:
        post_log.send(
            type(instance), instance=instance, instance_old=before, action=entry.action, error=None,
            pre_log_results=pre_log_results, changes=diff, log_entry=entry, log_created=True,
            use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
        )  # fmt: skip


def _copy_of_fields(instance, memo=None):
    """The record's field values and loaded relations in a new instance (what Model's
    pickling copies: its own _state and fields_cache), prefetched relations shared. Used
    once: the hook leaves the record as it copies it."""
    del instance.__dict__["__deepcopy__"]
    clone = copy.copy(instance)
    if "_prefetched_objects_cache" in clone.__dict__:
        clone._prefetched_objects_cache = dict(clone._prefetched_objects_cache)
    return clone


def _loaded_relations(instance) -> set[str]:
    """Foreign keys whose record was read from the database (by a widget or with the
    instance): Model.clean_fields() would query again whether it exists."""
    names = set()
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.is_cached(instance):
            related = field.get_cached_value(instance)
            if related is not None and not related._state.adding and related.pk == getattr(instance, field.attname):
                names.add(field.name)
    return names


# --- CheckConstraint conditions in Python ----------------------------------------------

UNSUPPORTED = object()
_COMPARISONS = {"exact": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}
_KINDS = ((bool,), (int, float, Decimal), (str,), (datetime.datetime,), (datetime.date,))


class _Unsupported(Exception):
    pass


class _Excluded(Exception):
    pass


def evaluate_check(condition, instance, exclude=()) -> object:
    """A CheckConstraint's condition on the instance as the database would evaluate it:
    True, False, or None for unknown (a NULL, which a CHECK lets pass). UNSUPPORTED when it
    holds more than comparisons of the model's own columns with constants or F() of
    them, or names an excluded field (Django then skips the constraint too: the caller
    asks the database, which skips it)."""
    try:
        return _evaluate(condition, instance, set(exclude))
    except (_Unsupported, _Excluded, FieldDoesNotExist, TypeError):
        return UNSUPPORTED


def _column(instance, name: str, exclude: set):
    field = instance._meta.get_field(name)
    if not getattr(field, "concrete", False) or field.many_to_many or getattr(field, "generated", False):
        raise _Unsupported
    if field.name in exclude:
        raise _Excluded
    return getattr(instance, field.attname)


def _kind(value):
    for kinds in _KINDS:
        if isinstance(value, kinds):
            return kinds
    raise _Unsupported


def _evaluate(node, instance, exclude: set):
    if isinstance(node, Q):
        results = [_evaluate(child, instance, exclude) for child in node.children]
        if node.connector == Q.AND:
            result = False if False in results else (None if None in results else True)
        elif node.connector == Q.OR:
            result = True if True in results else (None if None in results else False)
        else:
            raise _Unsupported
        return (None if result is None else not result) if node.negated else result
    if not isinstance(node, tuple):
        raise _Unsupported
    lookup, expected = node
    name, _, operation = lookup.partition("__")
    operation = operation or "exact"
    actual = _column(instance, name, exclude)
    if isinstance(expected, F):
        expected = _column(instance, expected.name, exclude)
    elif expected is not None:
        _kind(expected)  # constants only: no expressions
    if operation == "isnull":
        return (actual is None) == bool(expected)
    if operation == "exact" and expected is None:
        return actual is None
    if operation not in _COMPARISONS:
        raise _Unsupported
    if actual is None or expected is None:
        return None
    kind = _kind(actual)
    if _kind(expected) is not kind or (kind == (str,) and operation != "exact"):
        raise _Unsupported  # different types or collation-dependent order: the database decides
    return _COMPARISONS[operation](actual, expected)
