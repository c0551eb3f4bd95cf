"""Import and export: samples import cleanly, bad files change nothing, re-import creates nothing."""

from pathlib import Path

import pytest
import tablib
from django.conf import settings
from django.urls import reverse

from agencies.models import Agency, County, LiaisonDeputy, Province, User
from agencies.resources import AgencyResource, LiaisonDeputyResource, UserResource
from programs.models import Assignment, Program, RoadmapEdition
from programs.resources import AssignmentResource, ProgramResource

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
