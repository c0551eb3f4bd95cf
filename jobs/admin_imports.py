"""A confirmed admin import of more than IMPORT_JOB_ROWS rows, done by the task worker.

The admin's preview (a dry run) stays in the request: it shows every row, and a file over
the import limits is refused there. Its confirmation, the import itself (~7 s for 10,000
agencies, docs/benchmarks.md), is queued by reform_portal.admin.PortalImportExportMixin and
run here with the same admin class, resource, checks and admin log as in the request; the
administrator follows its progress and downloads a receipt of what each row did.

The uploaded file waits in django-import-export's temporary storage
(IMPORT_EXPORT_TMP_STORAGE_CLASS) until the import has run: the worker must see the same
storage as the web node (the same machine's temporary folder by default).
"""

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.translation import gettext as _
from import_export.results import RowResult
from import_export.signals import post_import

from jobs.registry import Result
from reform_portal import tabular

ADMIN_IMPORT = "admin.import"

ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: lambda: _("new"),
    RowResult.IMPORT_TYPE_UPDATE: lambda: _("updated"),
    RowResult.IMPORT_TYPE_DELETE: lambda: _("deleted"),
    RowResult.IMPORT_TYPE_SKIP: lambda: _("unchanged"),
}


def params_for(model_admin, request) -> dict:
    """What the job needs to confirm the import as the request would have: the model and the
    confirmation form's fields (the file's name in the temporary storage, its format, the resource)."""
    data = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    return {"model": model_admin.model._meta.label, "data": data}


def _request_of(job):
    """The confirmation's request, as django-import-export's admin methods take one."""
    request = RequestFactory().post("/", data=job.params["data"])
    request.user = job.user
    return request


def run_import(job, progress) -> Result:
    model = apps.get_model(job.params["model"])
    model_admin = admin.site._registry[model]
    request = _request_of(job)
    if not (job.user.is_active and model_admin.has_import_permission(request)):
        raise PermissionDenied
    confirm_form = model_admin.create_confirm_form(request)
    if not confirm_form.is_valid():
        raise ValueError(f"The import's confirmation is not valid: {confirm_form.errors.as_json()}")
    dataset, tmp_storage = model_admin.confirmed_dataset(confirm_form)
    progress(10)
    result = model_admin.process_dataset(dataset, confirm_form, request)
    if result.has_errors() or result.has_validation_errors():
        raise ValueError("The file changed since its preview: some rows are no longer valid.")
    progress(80)
    model_admin.generate_log_entries(result, request)
    post_import.send(sender=None, model=model)
    tmp_storage.remove()
    return Result(_receipt(result, model).encode("utf-8"), "import-result.csv", "text/csv; charset=utf-8")


def _action(import_type: str) -> str:
    return ACTIONS[import_type]() if import_type in ACTIONS else import_type


def _receipt(result, model) -> str:
    """Each row of the file: its number, what the import did with it, the object."""
    rows = [[number, _action(row.import_type), row.object_repr] for number, row in enumerate(result.rows, start=1)]
    table = tabular.Table(
        slug="import-result",
        title=str(model._meta.verbose_name_plural),
        headers=[_("Row"), _("Action"), str(model._meta.verbose_name)],
        rows=rows,
    )
    return tabular.to_csv(table)
