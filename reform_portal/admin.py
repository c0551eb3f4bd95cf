"""Admin building blocks shared by the apps.

- Persian-aware search (``PersianSearchMixin``): a query typed with Arabic ي/ك, with or
  without ZWNJ or spaces, with diacritics, or with Persian digits finds the same records;
  the folding runs in the database (nested REPLACE, portable to SQLite and PostgreSQL),
  so there is no per-row Python.
- History from django-auditlog on every object page (the "History" button).
- Jalali dates in forms and lists, and Jalali date list filters (this month, this
  quarter, this year, last year).
- Import/export (django-import-export) limited to CSV and XLSX and to people who may
  add and change the model.
- The "data entry" staff group, created after every ``migrate``.
"""

import datetime
from decimal import Decimal

import jdatetime
from auditlog.admin import LogEntryAdmin as AuditLogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry as AuditLogEntry
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path, lookup_spawns_duplicates, unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats
from post_office.models import EmailTemplate

from reform_portal import persian, tabular
from reform_portal.forms import JalaliDateField, JalaliDateInput

admin.site.site_header = _("Administrative Reform Monitoring System")
admin.site.site_title = _("Administrative Reform Monitoring System")
admin.site.index_title = _("Base data and reports")

# django-auditlog ships no Persian catalog: these msgids of its own are translated in ours.
AUDITLOG_MSGIDS = [
    gettext_noop("create"), gettext_noop("update"), gettext_noop("delete"), gettext_noop("access"),
    gettext_noop("Field"), gettext_noop("From"), gettext_noop("To"), gettext_noop("Relationship"),
    gettext_noop("Action"), gettext_noop("Objects"), gettext_noop("Audit log"), gettext_noop("log entry"),
    gettext_noop("log entries"), gettext_noop("No log entries found."), gettext_noop("No field changes"),
    gettext_noop("system"), gettext_noop("Audit log: %s"), gettext_noop("Created"), gettext_noop("User"),
    gettext_noop("Resource"), gettext_noop("Changes"), gettext_noop("Resource Type"),
    gettext_noop("Created {repr:s}"), gettext_noop("Updated {repr:s}"), gettext_noop("Deleted {repr:s}"),
    gettext_noop("Logged {repr:s}"),
]  # fmt: skip

# django-axes's lock-out filter, and the states and priorities of post-office's outbox.
THIRD_PARTY_MSGIDS = [
    gettext_noop("Locked Out"), gettext_noop("sent"), gettext_noop("failed"), gettext_noop("queued"),
    gettext_noop("requeued"), gettext_noop("low"), gettext_noop("medium"), gettext_noop("high"), gettext_noop("now"),
]  # fmt: skip

# django-post-office ships no Persian catalog either: the names its models show in the admin.
POST_OFFICE_MSGIDS = [
    pgettext_lazy("Email address", "Email"), pgettext_lazy("Email addresses", "Emails"), gettext_noop("Log"),
    gettext_noop("Logs"), gettext_noop("Email Template"), gettext_noop("Email Templates"), gettext_noop("Attachment"),
    gettext_noop("Attachments"), gettext_noop("Email template"), gettext_noop("Email address"),
]  # fmt: skip


# ---------------------------------------------------------------------------
# Persian-aware search
# ---------------------------------------------------------------------------

#: The folding of ``reform_portal.persian.search_key`` (which folds the query), spelled as
#: character replacements so the database can fold the column the same way. PostgreSQL
#: applies all of them in one TRANSLATE(); tests/admin/test_search.py checks that each
#: agrees with search_key.
SEARCH_KEY_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    # Arabic letter forms → Persian (and what normalize_persian_text does to the query: ۀ → ه + hamza)
    ("ي", "ی"), ("ى", "ی"), ("ك", "ک"), ("ة", "ه"), ("أ", "ا"), ("إ", "ا"), ("ە", "ه"), ("ۀ", "ه"),
    # harakat and other marks U+064B–U+065F, superscript alef, tatweel
    *((chr(code), "") for code in range(0x064B, 0x0660)), ("\u0670", ""), ("\u0640", ""),
    # ZWNJ, ZWJ, LRM, RLM and the usual whitespace: «دستگاه‌های», «دستگاه های», «دستگاههای» agree
    ("\u200c", ""), ("\u200d", ""), ("\u200e", ""), ("\u200f", ""),
    (" ", ""), ("\u00a0", ""), ("\t", ""), ("\n", ""), ("\r", ""),
    # Persian and Arabic-Indic digits → Latin
    *zip(persian.PERSIAN_DIGITS, persian.LATIN_DIGITS, strict=True),
    *zip(persian.ARABIC_INDIC_DIGITS, persian.LATIN_DIGITS, strict=True),
)  # fmt: skip

#: SQLite has no TRANSLATE() and its parser overflows past ~25 nested REPLACE() calls, so
#: other databases fold the common part only: Arabic letters, ZWNJ and spaces, tatweel and
#: the usual harakat. Digits are matched by searching both the Latin and the Persian form.
NESTED_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("ي", "ی"), ("ك", "ک"), ("\u200c", ""), (" ", ""), ("ى", "ی"), ("ة", "ه"), ("أ", "ا"), ("إ", "ا"),
    ("\u0640", ""), *((chr(code), "") for code in range(0x064B, 0x0653)), ("\u0654", ""),
)  # fmt: skip

_TRANSLATE_FROM = "".join(old for old, new in SEARCH_KEY_REPLACEMENTS if new) + "".join(
    old for old, new in SEARCH_KEY_REPLACEMENTS if not new
)
_TRANSLATE_TO = "".join(new for old, new in SEARCH_KEY_REPLACEMENTS if new)


def admin_search_key(text: str) -> str:
    """The folded form of a search word (``persian.search_key``); the column side is ``SearchKey``."""
    return persian.search_key(persian.normalize_persian_text(text or ""))


class SearchKey(models.Func):
    """A text column folded like ``search_key`` in SQL: no per-row Python.

    PostgreSQL: one TRANSLATE() with every replacement. Elsewhere (SQLite): nested
    REPLACE() calls for ``NESTED_REPLACEMENTS``. Case is left to ``icontains``/``iexact``.
    """

    output_field = models.TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, output_field=models.TextField(), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        params = list(params)
        for old, new in NESTED_REPLACEMENTS:
            sql = f"REPLACE({sql}, %s, %s)"
            params += [old, new]
        return sql, params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"TRANSLATE(({sql})::text, %s, %s)", [*params, _TRANSLATE_FROM, _TRANSLATE_TO]


def search_key_variants(key: str) -> list[str]:
    """The key, and the key with Persian digits where the database does not fold digits."""
    variants = [key]
    persian_digits = persian.to_persian_digits(key)
    if persian_digits != key:
        variants.append(persian_digits)
    return variants


class PersianSearchMixin:
    """``search_fields`` matched on folded text, so «علي» finds «علی», «دستگاههای» finds
    «دستگاه‌های» and «۱۲» finds "12".

    Prefixes keep their admin meaning: ``^`` starts with, ``=`` equals, otherwise contains.
    Each word of the query must match one of the fields, as in the stock admin.
    The same search serves the autocomplete widgets of foreign keys.
    """

    def get_search_results(self, request, queryset, search_term):
        search_fields = self.get_search_fields(request)
        if not search_fields or not search_term:
            return super().get_search_results(request, queryset, search_term)
        lookups = []
        aliases = {}
        may_have_duplicates = False
        for index, spec in enumerate(search_fields):
            spec = str(spec)
            lookup = "icontains"
            if spec[0] in "^=@":
                lookup = {"^": "istartswith", "=": "iexact", "@": "icontains"}[spec[0]]
                spec = spec[1:]
            field = get_fields_from_path(self.model, spec)[-1]
            column = models.F(spec)
            if not isinstance(field, models.CharField | models.TextField):
                column = Cast(column, output_field=models.TextField())
            alias = f"_search_key_{index}"
            aliases[alias] = SearchKey(column)
            lookups.append(f"{alias}__{lookup}")
            may_have_duplicates |= lookup_spawns_duplicates(self.opts, spec)
        term_queries = []
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            key = admin_search_key(bit)
            if not key:
                continue
            pairs = [(lookup, variant) for variant in search_key_variants(key) for lookup in lookups]
            term_queries.append(Q.create(pairs, connector=Q.OR))
        if not term_queries:
            return queryset, False
        # alias(), not annotate(): the folded columns stay out of SELECT, so DISTINCT still works.
        return queryset.alias(**aliases).filter(Q.create(term_queries)), may_have_duplicates


# ---------------------------------------------------------------------------
# Jalali date list filters
# ---------------------------------------------------------------------------

JALALI_RANGE_CHOICES = (
    ("month", _("This Jalali month")),
    ("quarter", _("This Jalali quarter")),
    ("year", _("This Jalali year")),
    ("last_year", _("Last Jalali year")),
)


def jalali_range(choice: str, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date] | None:
    """First and last Gregorian day of the Jalali month/quarter/year (or last year) containing ``today``."""
    jtoday = jdatetime.date.fromgregorian(date=today or timezone.localdate())
    year, month = jtoday.year, jtoday.month
    if choice == "month":
        return persian.jalali_month_bounds(year, month)
    if choice == "quarter":
        first = (month - 1) // 3 * 3 + 1
        return persian.jalali_month_bounds(year, first)[0], persian.jalali_month_bounds(year, first + 2)[1]
    if choice in ("year", "last_year"):
        year = year if choice == "year" else year - 1
        return persian.jalali_month_bounds(year, 1)[0], persian.jalali_month_bounds(year, 12)[1]
    return None


def filter_by_date_range(queryset, field, name: str, start: datetime.date, end: datetime.date):
    """Rows whose date (or datetime, in the portal's time zone) falls on start…end inclusive."""
    if isinstance(field, models.DateTimeField):
        zone = timezone.get_current_timezone()
        since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
        until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return queryset.filter(**{f"{name}__gte": since, f"{name}__lt": until})
    return queryset.filter(**{f"{name}__range": (start, end)})


class JalaliDateListFilter(admin.SimpleListFilter):
    """A list filter on a date or datetime field by Jalali month, quarter, year or last year.

    Use through ``jalali_date_filter("field_name")`` in ``list_filter``.
    """

    field_name = ""

    def __init__(self, request, params, model, model_admin):
        self.field = get_fields_from_path(model, self.field_name)[-1]
        if self.title is None:
            self.title = self.field.verbose_name
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return JALALI_RANGE_CHOICES

    def queryset(self, request, queryset):
        bounds = jalali_range(self.value() or "")
        if bounds is None:
            return queryset
        return filter_by_date_range(queryset, self.field, self.field_name, *bounds)


def jalali_date_filter(field_name: str, title=None) -> type[JalaliDateListFilter]:
    """A ``JalaliDateListFilter`` for one field, e.g. ``list_filter = [jalali_date_filter("opens_on")]``."""
    return type(
        f"JalaliDateListFilter_{field_name}",
        (JalaliDateListFilter,),
        {"field_name": field_name, "title": title, "parameter_name": f"{field_name}__jalali"},
    )


class JalaliDateFieldListFilter(admin.FieldListFilter):
    """Replaces the admin's Gregorian DateFieldListFilter: a plain date field in
    ``list_filter`` is filtered by Jalali month, quarter and year too."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.parameter_name = f"{field_path}__jalali"
        super().__init__(field, request, params, model, model_admin, field_path)
        value = self.used_parameters.get(self.parameter_name)
        self.value = value[-1] if isinstance(value, list) else value

    def expected_parameters(self):
        return [self.parameter_name]

    def queryset(self, request, queryset):
        bounds = jalali_range(self.value or "")
        if bounds is None:
            return queryset
        return filter_by_date_range(queryset, self.field, self.field_path, *bounds)

    def choices(self, changelist):
        yield {
            "selected": self.value is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": gettext("All"),
        }
        for key, label in JALALI_RANGE_CHOICES:
            yield {
                "selected": self.value == key,
                "query_string": changelist.get_query_string({self.parameter_name: key}),
                "display": label,
            }


admin.FieldListFilter.register(
    lambda field: isinstance(field, models.DateField), JalaliDateFieldListFilter, take_priority=True
)


# ---------------------------------------------------------------------------
# ModelAdmin bases
# ---------------------------------------------------------------------------


class PortalAdminMixin(PersianSearchMixin, AuditlogHistoryAdminMixin):
    """Jalali dates in forms, Persian-aware search, django-auditlog history behind "History"."""

    list_per_page = 50
    formfield_overrides = {
        models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput},
    }
    auditlog_history_template = "admin/auditlog_history.html"
    auditlog_history_per_page = 25

    def history_view(self, request, object_id, extra_context=None):
        """The object page's "History" shows every change (admin, portal, import), not only admin edits."""
        from auditlog.registry import auditlog

        if not auditlog.contains(self.model):
            return super().history_view(request, object_id, extra_context)
        return self.auditlog_history_view(request, object_id, extra_context)

    def auditlog_history_view(self, request, object_id, extra_context=None):
        """A missing object gets the admin's usual "does not exist" redirect, not a 500."""
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return super().auditlog_history_view(request, object_id, extra_context)


class PortalModelAdmin(PortalAdminMixin, admin.ModelAdmin):
    """The base of every model admin of the portal."""


class ReadOnlyInline(admin.TabularInline):
    """Rows listed under their object (history, evidence, counts) that the admin only shows:
    never added, changed or deleted here. `select_related`: what each row's columns follow."""

    extra = 0
    can_delete = False
    select_related: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


class LimitedCSV(base_formats.CSV):
    """CSV, refused when over IMPORT_MAX_ROWS or IMPORT_MAX_CELLS before tablib reads it."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        return tabular.read_csv(in_stream)


class LimitedXLSX(base_formats.XLSX):
    """XLSX, refused when over the limits before openpyxl reads it whole (reform_portal/tabular.py)."""

    def create_dataset(self, in_stream):
        return tabular.read_xlsx(in_stream)


class EventColumns:
    """The columns of a history row (a ReviewEvent) by name, not by code: «Submitted»,
    «Draft → Submitted», instead of report.submitted, draft, submitted."""

    event_fields = ["at", "action_label", "from_state_label", "to_state_label", "actor", "comment"]

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, obj):
        return obj.get_action_display()

    @admin.display(description=_("from state"))
    def from_state_label(self, obj):
        return obj.get_from_state_display()

    @admin.display(description=_("to state"))
    def to_state_label(self, obj):
        return obj.get_to_state_display()


class EventActionFilter(admin.SimpleListFilter):
    """History rows by what happened, named as on the pages («Submitted»), not by code."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        from reform_portal.review.engine import event_label

        actions = model_admin.model._default_manager.order_by("action").values_list("action", flat=True).distinct()
        return [(action, event_label(action)) for action in actions]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class PortalImportExportMixin:
    """Import/export in CSV and XLSX; import needs add and change permission, export view permission.

    The import always previews (dry run, in a rolled-back transaction) and offers to
    confirm only when every row is valid; the confirmed import runs in one transaction.
    Files over the import limits are refused with a message naming the limit
    (reform_portal/tabular.py); exported text never starts a formula (reform_portal/importing.py).
    """

    formats = [LimitedCSV, LimitedXLSX]
    import_error_display = ("message", "row")

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, tabular.FileTooLarge):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def write_to_tmp_storage(self, import_file, input_format):
        """As django-import-export's, joining the upload's chunks once instead of adding them
        one by one (which copies a 50 MB upload some 800 times)."""
        tmp_storage = self.get_tmp_storage_class()(
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        tmp_storage.save(b"".join(import_file.chunks()))
        return tmp_storage

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def process_import(self, request, **kwargs):
        """The confirmation. A file of more than IMPORT_JOB_ROWS rows is imported by the task
        worker (jobs/admin_imports.py), the administrator following its progress on the job's
        page; a smaller one here, as django-import-export does."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if confirm_form.is_valid() and self.confirmed_dataset(confirm_form)[0].height > settings.IMPORT_JOB_ROWS:
            from jobs.admin_imports import ADMIN_IMPORT, params_for
            from jobs.services import submit

            title = gettext("Import of %(what)s") % {"what": self.model._meta.verbose_name_plural}
            return redirect(submit(request.user, ADMIN_IMPORT, title=title, params=params_for(self, request)))
        return super().process_import(request, **kwargs)

    def confirmed_dataset(self, confirm_form):
        """The previewed file's rows, read again from the temporary storage, and that storage."""
        input_format = self.get_import_formats()[int(confirm_form.cleaned_data["format"])](encoding=self.from_encoding)
        tmp_storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        return input_format.create_dataset(tmp_storage.read()), tmp_storage

    def add_success_message(self, result, request):
        """What the import did, in the active language with its digits («۴ تازه»), not
        django-import-export's English-digit sentence."""
        from django.contrib import messages
        from import_export.results import RowResult

        totals = {key: persian.localize_number(result.totals[key]) for key in (
            RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_DELETE,
            RowResult.IMPORT_TYPE_SKIP)}  # fmt: skip
        messages.success(
            request,
            gettext(
                "Import finished: %(new)s new, %(updated)s updated, %(deleted)s deleted and %(skipped)s "
                "unchanged %(what)s."
            )
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "deleted": totals[RowResult.IMPORT_TYPE_DELETE],
                "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
                "what": self.model._meta.verbose_name_plural,
            },
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)


def reopen_action(
    model_admin, request, queryset, *, form_class, reopen, refused, reopened, title: str, template: str
):  # fmt: skip
    """The admin's recorded «reopen» action (approved reports, final evaluations): a page asking
    the reason for the selected records (`form_class`, its `reason` field), then, once given,
    `reopen(record, reason)` through the record's service for each; `refused(record, reason)`
    says why one was not reopened, `reopened(count)` how many were."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        count = 0
        for record in queryset:
            try:
                reopen(record, form.cleaned_data["reason"])
            except ValidationError as error:  # a TransitionError too
                model_admin.message_user(request, refused(record, " ".join(error.messages)), messages.ERROR)
            else:
                count += 1
        if count:
            model_admin.message_user(request, reopened(persian.localize_digits(count), count), messages.SUCCESS)
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        "form": form,
        "queryset": queryset,
        "action": "reopen",
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, template, context)


# ---------------------------------------------------------------------------
# The "data entry" group
# ---------------------------------------------------------------------------

DATA_ENTRY_GROUP = gettext_noop("Data entry")

#: app label → {model: actions}. Reports are only viewed; no circulars, no approval.
DATA_ENTRY_PERMISSIONS = {
    "agencies": {
        "province": ("view", "add", "change", "delete"),
        "county": ("view", "add", "change", "delete"),
        "agency": ("view", "add", "change", "delete"),
        "liaisondeputy": ("view", "add", "change", "delete"),
        "user": ("view",),
    },
    "programs": {
        "roadmapedition": ("view", "add", "change", "delete"),
        "program": ("view", "add", "change", "delete"),
        "assignment": ("view", "add", "change", "delete"),
        "reportingperiod": ("view", "add", "change", "delete"),
        "progressreport": ("view",),
        "reportevent": ("view",),
    },
    "service_channels": {
        "service": ("view", "add", "change"),
        "servicechannel": ("view", "add", "change"),
        "channelreport": ("view",),
    },
}


def ensure_data_entry_group(*, using="default", **kwargs) -> Group:
    """Creates the "data entry" group and grants its permissions; safe to run any number of times.

    Connected to post_migrate: on a fresh database the permissions only exist after
    the migrations, so they are created here first. Permissions an administrator added
    to the group by hand are kept.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    for label in DATA_ENTRY_PERMISSIONS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=global_apps)
    group, _created = Group.objects.using(using).get_or_create(name=DATA_ENTRY_GROUP)
    query = Q(pk__in=[])
    for label, models_actions in DATA_ENTRY_PERMISSIONS.items():
        for model, actions in models_actions.items():
            codenames = [f"{action}_{model}" for action in actions]
            query |= Q(content_type__app_label=label, content_type__model=model, codename__in=codenames)
    group.permissions.add(*Permission.objects.using(using).filter(query))
    return group


admin.site.unregister(Group)
# The portal renders its emails from its own templates (reform_portal/notifications.py) and
# never uses post-office's database templates, whose editor loads CodeMirror from a CDN.
admin.site.unregister(EmailTemplate)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Groups show their translated name (the stored name stays the English msgid)."""

    list_display = ["translated_name", "name"]

    @admin.display(description=_("name"), ordering="name")
    def translated_name(self, obj):
        return gettext(obj.name)


def jalali_display_for_value(display):
    """Wraps the admin's display_for_field/value so dates and datetimes show in Jalali and
    numbers in the active language's digits."""

    def wrapper(value, *args, **kwargs):
        if isinstance(value, datetime.datetime):
            return persian.format_jalali_datetime(value)
        if isinstance(value, datetime.date):
            return persian.format_jalali_date(value)
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return persian.localize_number(value)  # «۹۷», not "97", in the Persian admin
        return display(value, *args, **kwargs)

    return wrapper


class RecordTypeFilter(ResourceTypeFilter):
    """auditlog's filter by the kind of record, named as the admin names it («دستگاه»), not «agency»."""

    def lookups(self, request, model_admin):
        types = ContentType.objects.filter(
            pk__in=model_admin.get_queryset(request).order_by().values("content_type_id").distinct()
        )
        named = [(kind.pk, capfirst(kind.model_class()._meta.verbose_name) if kind.model_class() else kind.model)
                 for kind in types]  # fmt: skip
        return sorted(named, key=lambda pair: str(pair[1]))


class PortalLogEntryAdmin(AuditLogEntryAdmin):
    """django-auditlog's log in the Persian admin: filtered by Jalali dates instead of its
    Gregorian date hierarchy, its summary of changes translated, no correlation ids (the
    portal sets none)."""

    date_hierarchy = None
    list_display = ["created", "resource_url", "action", "changed_fields", "user_url"]
    list_filter = ["action", RecordTypeFilter, jalali_date_filter("timestamp", _("Created"))]

    @admin.display(description=_("Changes"))
    def changed_fields(self, obj):
        if obj.action in (AuditLogEntry.Action.DELETE, AuditLogEntry.Action.ACCESS):
            return ""
        changes = obj.changes_dict or {}
        return ngettext("%(count)s change: %(fields)s", "%(count)s changes: %(fields)s", len(changes)) % {
            "count": persian.localize_number(len(changes)),
            "fields": "، ".join(changes)[:140],
        }


admin.site.unregister(AuditLogEntry)
admin.site.register(AuditLogEntry, PortalLogEntryAdmin)
