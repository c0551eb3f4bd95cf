"""Import and export: samples import cleanly, bad files change nothing, re-import creates nothing."""

from pathlib import Path

import pytest
import tablib
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Agency, County, LiaisonDeputy, Province, User
from agencies.resources import AgencyResource, LiaisonDeputyResource, UserResource
from programs.models import Assignment, Program, RoadmapEdition
from programs.resources import AssignmentResource, ProgramResource
from reform_portal.admin import LimitedCSV, LimitedXLSX
from reform_portal.persian import localize_digits
from service_channels.models import Service
from service_channels.resources import ServiceResource
from tests.spreadsheets import FORMULA, csv_fields, values, xlsx_cells

SAMPLES = Path(settings.BASE_DIR) / "docs" / "import-samples"
# In dependency order: programs name their owner agency, assignments their program and agency…
ORDER = [
    ("agencies", AgencyResource, Agency),
    ("programs", ProgramResource, Program),
    ("assignments", AssignmentResource, Assignment),
    ("deputies", LiaisonDeputyResource, LiaisonDeputy),
    ("users", UserResource, User),
]


@pytest.fixture
def base(db):
    province = Province.objects.create(code="WAZ", name_fa="آذربایجان غربی")
    County.objects.create(province=province, code="WAZ-urmia", name_fa="ارومیه")
    County.objects.create(province=province, code="WAZ-khoy", name_fa="خوی")
    RoadmapEdition.objects.create(code="roadmap-1404", title_fa="نقشه راه ۱۴۰۴", start_year=1404)


def load(name, extension):
    path = SAMPLES / f"{name}.{extension}"
    if extension == "csv":
        return tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
    return tablib.Dataset().load(path.read_bytes(), format="xlsx")


def run(resource_class, dataset, *, dry_run=False):
    return resource_class().import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )


def describe(result):
    rows = [(error.number, str(error.error)) for error in result.invalid_rows]
    rows += [(number, [str(e.error) for e in errors]) for number, errors in result.row_errors()]
    return rows


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_every_sample_imports_and_reimporting_creates_nothing(base, extension):
    for name, resource_class, _model in ORDER:
        result = run(resource_class, load(name, extension))
        assert not result.has_errors() and not result.has_validation_errors(), (name, describe(result))
        assert result.totals["new"] == len(load(name, extension)), name
    counts = {name: model.objects.count() for name, _resource, model in ORDER}

    for name, resource_class, _model in ORDER:
        result = run(resource_class, load(name, extension))
        assert not result.has_errors() and not result.has_validation_errors(), (name, describe(result))
        assert result.totals["new"] == 0, name
        assert result.totals["update"] == 0, name  # unchanged rows are skipped, not rewritten
    assert counts == {name: model.objects.count() for name, _resource, model in ORDER}


def test_sample_values_are_normalised(base):
    for name, resource_class, _model in ORDER:
        assert not run(resource_class, load(name, "csv")).has_validation_errors()
    assert Agency.objects.filter(code="WAZ-S02").exists()  # typed «WAZ-S۰۲»
    assert Agency.objects.get(code="WAZ-S01").name_fa == "اداره کل نمونه کشاورزی"  # Arabic ي/ك typed
    deputy = LiaisonDeputy.objects.get(agency__code="WAZ-S01")
    assert deputy.mobile == "09141234567"  # typed +98 914 123 4567
    assert LiaisonDeputy.objects.get(agency__code="WAZ-S02").national_code == "1234567891"  # Persian digits
    program = Program.objects.get(number=102)
    assert str(program.start_date) == "2025-09-23"  # ۱۴۰۴/۰۷/۰۱
    assert Assignment.objects.filter(program__number=101).count() == 2


def test_imported_users_get_no_password_from_the_file(base):
    for name, resource_class, _model in ORDER:
        run(resource_class, load(name, "csv"))
    dataset = tablib.Dataset(
        ["sample.s09", "X", "Y", "x@example.ir", "WAZ-S01", "agency_staff", "fa", "1", "secret-123"],
        headers=["username", "first_name", "last_name", "email", "agency", "role", "language", "is_active", "password"],
    )
    run(UserResource, dataset)
    for user in User.objects.filter(username__startswith="sample."):
        assert not user.has_usable_password()
        assert not user.is_staff and not user.is_superuser


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_bad_row(base):
    dataset = tablib.Dataset(
        ["WAZ-N1", "اداره نو", "", "WAZ", "", "executive", "production", "1"],
        ["WAZ-N2", "اداره بد", "", "NOPE", "", "executive", "production", "1"],
        ["WAZ-N3", "اداره بد دو", "", "WAZ", "", "galaxy", "production", "1"],
        ["WAZ-N4", "اداره بد سه", "", "WAZ", "", "executive", "", "maybe"],
        headers=["code", "name_fa", "name_en", "province", "county", "kind", "group", "is_active"],
    )
    result = run(AgencyResource, dataset)
    assert result.has_validation_errors()
    assert not Agency.objects.filter(code__startswith="WAZ-N").exists()
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {2, 3, 4}
    assert "NOPE" in str(errors[2]["province"])
    assert "galaxy" in str(errors[3]["kind"])
    assert "maybe" in str(errors[4]["is_active"])


def test_deputy_with_an_invalid_national_code_is_reported(base):
    Agency.objects.create(province=Province.objects.get(), code="WAZ-D1", name_fa="اداره", group="production")
    dataset = tablib.Dataset(
        ["WAZ-D1", "1234567890", "نام", "سمت", "09141234567", "a@example.ir", "", ""],
        headers=["agency", "national_code", "full_name", "position", "mobile", "email", "office_phone", "state"],
    )
    result = run(LiaisonDeputyResource, dataset)
    assert result.has_validation_errors()
    assert "national_code" in result.invalid_rows[0].error_dict
    assert not LiaisonDeputy.objects.exists()


def test_admin_import_previews_errors_and_offers_no_confirmation(admin_client, base):
    content = "code,name_fa,name_en,province,county,kind,group,is_active\nWAZ-N1,نو,,WAZ,,executive,production,1\n"
    content += "WAZ-N2,بد,,NOPE,,executive,production,1\n"
    upload = _upload("bad.csv", content.encode())
    response = admin_client.post(reverse("admin:agencies_agency_import"), {"import_file": upload, "format": "0"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "NOPE" in page
    assert response.context["result"].has_validation_errors()
    assert "confirm_form" not in response.context
    assert not Agency.objects.filter(code__startswith="WAZ-N").exists()


def test_admin_import_of_a_sample_previews_then_confirms(admin_client, base):
    upload = _upload("agencies.xlsx", (SAMPLES / "agencies.xlsx").read_bytes())
    response = admin_client.post(reverse("admin:agencies_agency_import"), {"import_file": upload, "format": "1"})
    assert response.status_code == 200
    assert not Agency.objects.exists()  # the preview is a dry run
    confirm = response.context["confirm_form"]
    response = admin_client.post(reverse("admin:agencies_agency_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Agency.objects.count() == 4


def test_a_large_import_is_confirmed_by_the_task_worker_with_a_receipt(
    admin_client, base, settings, django_capture_on_commit_callbacks
):
    from jobs.models import Job

    settings.IMPORT_JOB_ROWS = 3  # the sample's 4 rows count as large
    upload = _upload("agencies.xlsx", (SAMPLES / "agencies.xlsx").read_bytes())
    response = admin_client.post(reverse("admin:agencies_agency_import"), {"import_file": upload, "format": "1"})
    confirm = response.context["confirm_form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:agencies_agency_process_import"), confirm.initial)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.state, job.kind, job.result_name) == ("done", "admin.import", "import-result.csv")
    assert Agency.objects.count() == 4
    receipt = admin_client.get(reverse("jobs:download", args=[job.pk]))
    text = b"".join(receipt.streaming_content if receipt.streaming else [receipt.content]).decode("utf-8-sig")
    assert text.splitlines()[0] == "ردیف,کار,دستگاه" and text.count("تازه") == 4
    # as in the request: the admin's log names the administrator
    from django.contrib.admin.models import ADDITION
    from django.contrib.admin.models import LogEntry as AdminLogEntry

    assert AdminLogEntry.objects.filter(user=job.user, action_flag=ADDITION).count() == 4
    # a small file is still confirmed in the request
    settings.IMPORT_JOB_ROWS = 300
    upload = _upload("agencies.xlsx", (SAMPLES / "agencies.xlsx").read_bytes())
    response = admin_client.post(reverse("admin:agencies_agency_import"), {"import_file": upload, "format": "1"})
    response = admin_client.post(
        reverse("admin:agencies_agency_process_import"), response.context["confirm_form"].initial
    )
    assert response.status_code == 302 and Job.objects.count() == 1


def test_admin_export_in_csv_and_xlsx(admin_client, base):
    for name, resource_class, _model in ORDER[:3]:
        run(resource_class, load(name, "csv"))
    data = {"format": "0", **_all_fields(AssignmentResource)}
    response = admin_client.post(reverse("admin:programs_assignment_export"), data)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("program_edition,program_number,agency")
    assert "roadmap-1404,101,WAZ-S01" in text
    data = {"format": "1", **_all_fields(AgencyResource)}
    response = admin_client.post(reverse("admin:agencies_agency_export"), data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def _all_fields(resource_class):
    # import-export 4's export form lists the columns to export as checkboxes.
    return {f"{resource_class.__name__.lower()}_{name}": "on" for name in resource_class().get_export_order()}


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


# --- exports never carry live formulas; imports read them back (hardening issue, item 3) -------

ALL = [*ORDER, ("services", ServiceResource, Service)]
AGENCY_HEADERS = ["code", "name_fa", "name_en", "province", "county", "kind", "group", "is_active"]


def _plant(model, text, **lookup):
    field = {Agency: "name_fa", User: "first_name", LiaisonDeputy: "position", Program: "title_fa",
             Assignment: "target", Service: "name_fa"}[model]  # fmt: skip
    return lambda: model.objects.filter(**lookup).update(**{field: text})


#: (admin export URL name, resource, how to plant formula-like text in what it exports)
ADMIN_EXPORTS = [
    ("admin:agencies_agency_export", AgencyResource, _plant(Agency, FORMULA, code="WAZ-S01")),
    ("admin:agencies_user_export", UserResource, _plant(User, "+cmd|' /C calc'!A0", username="sample.s01")),
    ("admin:agencies_liaisondeputy_export", LiaisonDeputyResource, _plant(LiaisonDeputy, "@SUM(1+1)")),
    ("admin:programs_program_export", ProgramResource, _plant(Program, "-2+3+cmd", number=101)),
    ("admin:programs_assignment_export", AssignmentResource, _plant(Assignment, "=SUM(A1:A9)")),
    ("admin:service_channels_service_export", ServiceResource, _plant(Service, FORMULA, code="AGR-101")),
]
PLANTED = {FORMULA, "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3+cmd", "=SUM(A1:A9)"}


@pytest.fixture
def loaded(base):
    """The samples of every resource, imported."""
    for name, resource_class, _model in ALL:
        result = run(resource_class, load(name, "csv"))
        assert not result.has_errors() and not result.has_validation_errors(), (name, describe(result))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("url", "resource_class", "plant"), ADMIN_EXPORTS, ids=[row[0] for row in ADMIN_EXPORTS])
def test_every_admin_export_neutralises_formula_like_text(admin_client, loaded, url, resource_class, plant, fmt):
    plant()
    data = {"format": "0" if fmt == "csv" else "1", **_all_fields(resource_class)}
    response = admin_client.post(reverse(url), data)
    assert response.status_code == 200
    if fmt == "csv":
        cells = values(csv_fields(response.content.decode("utf-8-sig")))
    else:
        cells = values(xlsx_cells(response.content))
    assert {"'" + text for text in PLANTED} & cells  # the planted text is there, whole, behind a quote
    assert not PLANTED & cells


@pytest.mark.parametrize("fmt", [LimitedCSV, LimitedXLSX])
@pytest.mark.parametrize(("url", "resource_class", "plant"), ADMIN_EXPORTS, ids=[row[0] for row in ADMIN_EXPORTS])
def test_an_exported_file_imports_back_to_the_same_values(loaded, url, resource_class, plant, fmt):
    plant()
    model = resource_class._meta.model
    before = {obj.pk: resource_class().export_resource(obj) for obj in resource_class().get_queryset()}
    exported = fmt(encoding="utf-8-sig").export_data(resource_class().export())
    if isinstance(exported, str):
        exported = exported.encode("utf-8-sig")
    result = run(resource_class, fmt(encoding="utf-8-sig").create_dataset(exported))
    assert not result.has_errors() and not result.has_validation_errors(), describe(result)
    assert result.totals["new"] == result.totals["update"] == 0  # every row read back unchanged
    after = {obj.pk: resource_class().export_resource(obj) for obj in resource_class().get_queryset()}
    assert after == before and model.objects.count() == len(before)


def test_admin_round_trip_keeps_a_formula_like_name_and_a_leading_quote(admin_client, base):
    run(AgencyResource, load("agencies", "csv"))
    Agency.objects.filter(code="WAZ-S01").update(name_fa=FORMULA)
    Agency.objects.filter(code="WAZ-S02").update(name_fa="'=قبلاً با کوتیشن")
    for fmt, extension in (("0", "csv"), ("1", "xlsx")):
        data = {"format": fmt, **_all_fields(AgencyResource)}
        exported = admin_client.post(reverse("admin:agencies_agency_export"), data).content
        Agency.objects.filter(code="WAZ-S03").update(name_fa="تغییر")  # so that the import has one row to write
        upload = _upload(f"agencies.{extension}", exported)
        preview = admin_client.post(reverse("admin:agencies_agency_import"), {"import_file": upload, "format": fmt})
        assert preview.context["result"].totals["update"] == 1, describe(preview.context["result"])
        confirm = preview.context["confirm_form"].initial
        assert admin_client.post(reverse("admin:agencies_agency_process_import"), confirm).status_code == 302
        assert Agency.objects.get(code="WAZ-S01").name_fa == FORMULA
        assert Agency.objects.get(code="WAZ-S02").name_fa == "'=قبلاً با کوتیشن"
        assert Agency.objects.get(code="WAZ-S03").name_fa == "اداره کل نمونه بهداشت"


# --- duplicate keys in one file are row errors (hardening issue, item 7) -----------------------


@pytest.mark.parametrize(("name", "resource_class", "model"), ALL, ids=[row[0] for row in ALL])
def test_two_rows_with_one_key_are_both_reported_and_nothing_is_written(loaded, name, resource_class, model):
    before = {obj.pk: resource_class().export_resource(obj) for obj in model.objects.all()}
    dataset = load(name, "csv")
    dataset.append(dataset[0])
    result = run(resource_class, dataset)
    assert result.has_validation_errors()
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {1, len(dataset)}, describe(result)
    message = str(errors[1])
    assert "۱" in message and localize_digits(len(dataset)) in message
    assert {obj.pk: resource_class().export_resource(obj) for obj in model.objects.all()} == before


def test_keys_are_compared_after_normalisation(base):
    dataset = tablib.Dataset(
        ["WAZ-N12", "اداره یک", "", "WAZ", "", "executive", "production", "1"],
        ["WAZ-N2", "اداره دو", "", "WAZ", "", "executive", "production", "1"],
        [" WAZ-N۱۲ ", "اداره یک دوباره", "", "WAZ", "", "executive", "production", "1"],
        headers=AGENCY_HEADERS,
    )
    with translation.override("en"):
        result = run(AgencyResource, dataset)
        errors = {row.number: row.error_dict for row in result.invalid_rows}
        assert set(errors) == {1, 3}
        assert errors[3]["code"] == [
            "Rows 1, 3 of the file have the same code (WAZ-N12): each record may appear only once in a file."
        ]
    assert not Agency.objects.exists()


def test_admin_preview_lists_duplicate_rows_and_offers_no_confirmation(admin_client, base):
    content = (
        ",".join(AGENCY_HEADERS) + "\nWAZ-N1,یک,,WAZ,,executive,production,1\nWAZ-N1,دو,,WAZ,,executive,production,1\n"
    )
    upload = _upload("dup.csv", content.encode())
    response = admin_client.post(reverse("admin:agencies_agency_import"), {"import_file": upload, "format": "0"})
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert len(response.context["result"].invalid_rows) == 2
    assert "WAZ-N1" in response.content.decode()


# --- import limits (hardening issue, item 7) ----------------------------------------------------


def _agencies(count, county=""):
    rows = [[f"WAZ-Q{number}", "اداره", "", "WAZ", county, "executive", "production", "1"] for number in range(count)]
    return tablib.Dataset(*rows, headers=AGENCY_HEADERS)


@pytest.mark.parametrize(("fmt", "extension"), [("0", "csv"), ("1", "xlsx")])
def test_admin_refuses_a_file_over_the_row_limit_and_names_it(admin_client, base, settings, fmt, extension):
    settings.IMPORT_MAX_ROWS = 3
    content = _agencies(4).export(extension)
    upload = _upload(f"big.{extension}", content.encode() if isinstance(content, str) else content)
    response = admin_client.post(reverse("admin:agencies_agency_import"), {"import_file": upload, "format": fmt})
    assert response.status_code == 200
    assert "result" not in response.context and "confirm_form" not in response.context
    assert "۳ ردیف" in str(response.context["form"].errors["import_file"])
    assert not Agency.objects.exists()


def _queries(resource_class, dataset, *, dry_run):
    with CaptureQueriesContext(connection) as captured:
        result = resource_class().import_data(dataset, dry_run=dry_run, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors(), describe(result)
    return len(captured), result


def test_a_preview_asks_the_database_the_same_few_questions_whatever_the_rows(base):
    # Records, provinces and counties are looked up per file, and the preview writes nothing.
    small, _result = _queries(AgencyResource, _agencies(5, "WAZ-urmia"), dry_run=True)
    large, result = _queries(AgencyResource, _agencies(60, "WAZ-urmia"), dry_run=True)
    assert large == small < 12 and result.totals["new"] == 60
    run(AgencyResource, _agencies(60, "WAZ-urmia"))
    again, result = _queries(AgencyResource, _agencies(60, "WAZ-urmia"), dry_run=True)
    assert again == small and result.totals["skip"] == 60


def test_a_confirmed_import_writes_in_bulk_whatever_the_rows(base):
    small, _result = _queries(AgencyResource, _agencies(5, "WAZ-urmia"), dry_run=False)
    Agency.objects.all().delete()
    large, result = _queries(AgencyResource, _agencies(60, "WAZ-urmia"), dry_run=False)
    assert large <= small < 12  # one INSERT for the records, one for their audit log (and a first ContentType)
    assert result.totals["new"] == 60 and Agency.objects.count() == 60
    changed = _agencies(60, "WAZ-khoy")
    updated, result = _queries(AgencyResource, changed, dry_run=False)
    assert updated < 14 and result.totals["update"] == 60
    assert set(Agency.objects.values_list("county__code", flat=True)) == {"WAZ-khoy"}


def test_a_confirmed_import_is_in_the_audit_log_with_who_and_what(admin_client, superuser, base):
    def import_file(dataset):
        upload = _upload("agencies.csv", dataset.export("csv").encode())
        preview = admin_client.post(reverse("admin:agencies_agency_import"), {"import_file": upload, "format": "0"})
        confirm = preview.context["confirm_form"].initial
        assert admin_client.post(reverse("admin:agencies_agency_process_import"), confirm).status_code == 302

    before = timezone.now()
    import_file(_agencies(3, "WAZ-urmia"))
    changed = _agencies(3, "WAZ-urmia")
    changed[1] = (*changed[1][:1], "اداره نو", *changed[1][2:])
    import_file(changed)
    agency = Agency.objects.get(code="WAZ-Q1")
    assert agency.name_fa == "اداره نو" and agency.updated_at > before
    entries = LogEntry.objects.get_for_object(agency).order_by("timestamp")
    assert [entry.action for entry in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert {entry.actor for entry in entries} == {superuser}
    assert entries[0].changes_dict["code"] == ["None", "WAZ-Q1"]
    assert entries[1].changes_dict == {
        "name_fa": ["اداره", "اداره نو"],
        "updated_at": entries[1].changes_dict["updated_at"],
    }
    assert LogEntry.objects.get_for_model(Agency).count() == 4  # the unchanged rows were skipped, not logged
