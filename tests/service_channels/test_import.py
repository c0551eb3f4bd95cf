"""The catalogue imports from XLSX/CSV: natural keys, all-or-nothing, idempotent, previewed."""

import datetime
from pathlib import Path

import pytest
import tablib
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency, County, Province
from agencies.resources import AgencyResource
from programs.models import RoadmapEdition
from programs.resources import ProgramResource
from service_channels.models import Service, ServiceChannel
from service_channels.resources import ServiceResource
from tests import factories

SAMPLES = Path(settings.BASE_DIR) / "docs" / "import-samples"
HEADERS = ["agency", "code", "name_fa", "name_en", "program_edition", "programs", "in_person", "counter_office",
           "public_service_office", "online", "is_active"]  # fmt: skip


def load(name, extension):
    path = SAMPLES / f"{name}.{extension}"
    if extension == "csv":
        return tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
    return tablib.Dataset().load(path.read_bytes(), format="xlsx")


def run(dataset, *, resource=ServiceResource, dry_run=False):
    return resource().import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )


@pytest.fixture
def agencies_and_programs(db):
    province = Province.objects.create(code="WAZ", name_fa="آذربایجان غربی")
    County.objects.create(province=province, code="WAZ-urmia", name_fa="ارومیه")
    County.objects.create(province=province, code="WAZ-khoy", name_fa="خوی")
    RoadmapEdition.objects.create(code="roadmap-1404", title_fa="نقشه راه ۱۴۰۴", start_year=1404)
    for name, resource in (("agencies", AgencyResource), ("programs", ProgramResource)):
        assert not run(load(name, "csv"), resource=resource).has_validation_errors()


def describe(result):
    rows = [(error.number, error.error_dict) for error in result.invalid_rows]
    rows += [(number, [str(e.error) for e in errors]) for number, errors in result.row_errors()]
    return rows


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_sample_imports_and_reimporting_changes_nothing(agencies_and_programs, extension):
    result = run(load("services", extension))
    assert not result.has_errors() and not result.has_validation_errors(), describe(result)
    assert result.totals["new"] == 4
    service = Service.objects.get(code="AGR-101")
    assert service.agency.code == "WAZ-S01"
    assert service.name_fa == "صدور پروانه بهره‌برداری کشاورزی"  # Arabic ي/ك folded
    assert dict(service.channels.values_list("channel", "opened_on")) == {
        "in_person": None,
        "counter_office": datetime.date(2025, 4, 21),  # ۱۴۰۴/۰۲/۰۱
        "online": datetime.date(2025, 9, 23),  # 1404/07/01
    }
    assert sorted(Service.objects.get(code="AGR-102").programs.values_list("number", flat=True)) == [101, 102]
    assert Service.objects.get(code="EDU-201").agency.code == "WAZ-S02"  # typed «WAZ-S۰۲»
    counts = (Service.objects.count(), ServiceChannel.objects.count())

    again = run(load("services", extension))
    assert not again.has_errors() and not again.has_validation_errors(), describe(again)
    assert (again.totals["new"], again.totals["update"]) == (0, 0)
    assert (Service.objects.count(), ServiceChannel.objects.count()) == counts


def test_a_changed_channel_date_updates_the_row(agencies_and_programs):
    run(load("services", "csv"))
    dataset = load("services", "csv")
    first = dict(zip(HEADERS, dataset[0], strict=True))
    dataset[0] = tuple({**first, "online": "1404/08/01"}.values())
    result = run(dataset)
    assert result.totals["update"] == 1 and result.totals["skip"] == 3
    assert str(ServiceChannel.objects.get(service__code="AGR-101", channel="online").opened_on) == "2025-10-23"


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_bad_row(agencies_and_programs):
    dataset = tablib.Dataset(
        ["WAZ-S01", "OK-1", "خدمت درست", "", "", "", "1", "", "", "", "1"],
        ["NOPE", "BAD-1", "دستگاه ناشناس", "", "", "", "1", "", "", "", "1"],
        ["WAZ-S01", "BAD-2", "تاریخ بد", "", "", "", "1", "1404/13/40", "", "", "1"],
        ["WAZ-S01", "BAD-3", "بی‌مجرا", "", "", "", "", "", "", "", "1"],
        ["WAZ-S01", "BAD-4", "برنامه ناشناس", "", "roadmap-1404", "999", "1", "", "", "", "1"],
        headers=HEADERS,
    )
    result = run(dataset)
    assert result.has_validation_errors()
    assert not Service.objects.exists() and not ServiceChannel.objects.exists()
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {2, 3, 4, 5}
    assert "NOPE" in str(errors[2])
    assert "1404/13/40" in str(errors[3])
    assert "in_person" in errors[4]
    assert "999" in str(errors[5])


def test_admin_import_previews_then_confirms(client, agencies_and_programs):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("services.xlsx", (SAMPLES / "services.xlsx").read_bytes())
    response = client.post(reverse("admin:service_channels_service_import"), {"import_file": upload, "format": "1"})
    assert response.status_code == 200
    assert not Service.objects.exists()  # the preview is a dry run
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:service_channels_service_process_import"), confirm)
    assert response.status_code == 302
    assert Service.objects.count() == 4


def test_admin_preview_of_a_bad_file_offers_no_confirmation(client, agencies_and_programs):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    content = ",".join(HEADERS) + "\nWAZ-S01,OK-1,درست,,,,1,,,,1\nNOPE,BAD-1,بد,,,,1,,,,1\n"
    upload = SimpleUploadedFile("bad.csv", content.encode())
    response = client.post(reverse("admin:service_channels_service_import"), {"import_file": upload, "format": "0"})
    assert response.status_code == 200
    assert "NOPE" in response.content.decode()
    assert "confirm_form" not in response.context
    assert not Service.objects.exists()
    assert Agency.objects.filter(code="WAZ-S01").exists()


def test_admin_export_writes_the_import_columns(client, agencies_and_programs):
    run(load("services", "csv"))
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    data = {"format": "0", **{f"serviceresource_{name}": "on" for name in ServiceResource().get_export_order()}}
    response = client.post(reverse("admin:service_channels_service_export"), data)
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADERS)
    assert "WAZ-S01,AGR-101," in text and ",1,1404/02/01,,1404/07/01,1" in text


def _with(dataset, code, **changes):
    """The dataset with the row of service `code` changed."""
    rows = [dict(zip(HEADERS, row, strict=True)) for row in dataset]
    return tablib.Dataset(*[tuple({**row, **(changes if row["code"] == code else {})}.values()) for row in rows],
                          headers=HEADERS)  # fmt: skip


def test_a_channel_that_transactions_were_reported_through_is_not_removed(agencies_and_programs):
    from service_channels.models import ChannelReport, TransactionCount

    run(load("services", "csv"))
    online = ServiceChannel.objects.get(service__code="AGR-101", channel="online")
    report = ChannelReport.objects.create(agency=online.service.agency, period=factories.PeriodFactory())
    TransactionCount.objects.create(report=report, service_channel=online, count=5)
    removed = _with(load("services", "csv"), "AGR-101", online="")
    for dry_run in (True, False):
        result = run(removed, dry_run=dry_run)
        assert result.has_errors()
        assert "cannot be removed" in str(result.row_errors()[0][1][0].error) or "حذف" in str(
            result.row_errors()[0][1][0].error
        )
    assert ServiceChannel.objects.filter(pk=online.pk).exists()


def test_channel_changes_are_in_the_audit_log(agencies_and_programs):
    from auditlog.models import LogEntry

    run(load("services", "csv"))
    created = LogEntry.objects.get_for_model(ServiceChannel).filter(action=LogEntry.Action.CREATE)
    assert created.count() == ServiceChannel.objects.count()
    changed = _with(load("services", "csv"), "AGR-101", online="1404/08/01", counter_office="")
    result = run(changed)
    assert not result.has_errors() and result.totals["update"] == 1, describe(result)
    online = ServiceChannel.objects.get(service__code="AGR-101", channel="online")
    update = LogEntry.objects.get_for_object(online).get(action=LogEntry.Action.UPDATE)
    assert update.changes_dict["opened_on"] == ["2025-09-23", "2025-10-23"]
    deleted = LogEntry.objects.get_for_model(ServiceChannel).filter(action=LogEntry.Action.DELETE)
    assert [entry.changes_dict["channel"][0] for entry in deleted] == ["counter_office"]
    assert not ServiceChannel.objects.filter(service__code="AGR-101", channel="counter_office").exists()
