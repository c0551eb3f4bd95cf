"""Indicators through the API: read as the report form shows them (another agency's specific
indicator is a 404), and their values written with the report through the same form checks."""

from decimal import Decimal

import pytest

from programs.models import Indicator, IndicatorValue, ProgressReport

pytestmark = pytest.mark.django_db


def _indicators(world):
    program = world.assignment_a.program
    make = Indicator.objects.create
    return {
        "ratio": make(program=program, code="R-1", title_fa="سهم خدمات الکترونیکی", kind="ratio",
                      numerator_label="خدمات الکترونیکی", denominator_label="همه‌ی خدمات", unit="درصد"),
        "value": make(program=program, code="V-1", title_fa="شمار پیشخوان‌ها", kind="value", min_value=0,
                      max_value=500),
        "mine": make(program=program, code="S-A", title_fa="ویژه‌ی الف", kind="yes_no", indicator_set="specific",
                     agency=world.a),
        "theirs": make(program=program, code="S-B", title_fa="ویژه‌ی ب", kind="yes_no", indicator_set="specific",
                       agency=world.b),
    }  # fmt: skip


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_an_agency_sees_the_general_indicators_and_its_own_not_anothers(world, api):
    made = _indicators(world)
    client = api(world.staff_a)
    codes = [row["code"] for row in client.get("/api/v1/indicators/").json()["results"]]
    assert codes == ["R-1", "V-1", "S-A"]
    assert client.get(f"/api/v1/indicators/{made['theirs'].pk}/").status_code == 404
    ratio = client.get(f"/api/v1/indicators/{made['ratio'].pk}/").json()
    assert (ratio["kind"], ratio["numerator_label"], ratio["set"]) == ("ratio", "خدمات الکترونیکی", "general")
    of_assignment = client.get(f"/api/v1/indicators/?assignment={world.assignment_a.pk}").json()["results"]
    assert [row["code"] for row in of_assignment] == ["R-1", "V-1", "S-A"]
    assert client.get(f"/api/v1/indicators/?assignment={world.assignment_b.pk}").status_code == 404
    assert [row["code"] for row in api(world.it).get("/api/v1/indicators/").json()["results"]] == [
        "R-1", "V-1", "S-A", "S-B"
    ]  # fmt: skip


def test_indicator_values_are_written_with_the_report_and_read_back(world, api):
    made = _indicators(world)
    client = api(world.staff_a)
    body = {
        "assignment": world.assignment_a.pk, "period": world.period.pk, "percent": 40, "status": "on_track",
        "work_done": "راه‌اندازی پیشخوان",
        "indicator_values": [
            {"indicator": made["ratio"].pk, "numerator": "30", "denominator": "120", "note": "از سامانه‌ی پنجره"},
            {"indicator": made["value"].pk, "value": "12"},
            {"indicator": made["mine"].pk, "value": "1"},
        ],
    }  # fmt: skip
    created = _post(client, "/api/v1/reports/", body)
    assert created.status_code == 201, created.json()
    values = {row["code"]: row for row in created.json()["indicator_values"]}
    assert (values["R-1"]["numerator"], values["R-1"]["denominator"], values["R-1"]["note"]) == (
        30, 120, "از سامانه‌ی پنجره"
    )  # fmt: skip
    assert values["V-1"]["value"] == 12 and values["S-A"]["value"] == 1
    report = ProgressReport.objects.get()
    # a value left out keeps what it had, as on the page; one sent replaces it
    patched = client.patch(
        f"/api/v1/reports/{report.pk}/", {"indicator_values": [{"indicator": made["value"].pk, "value": "15"}]},
        content_type="application/json",
    )  # fmt: skip
    assert patched.status_code == 200, patched.json()
    stored = {row.indicator.code: row for row in IndicatorValue.objects.filter(report=report)}
    assert stored["V-1"].value == Decimal(15) and stored["R-1"].numerator == Decimal(30)


def test_impossible_values_are_refused_with_the_forms_messages(world, api):
    made = _indicators(world)
    client = api(world.staff_a)
    body = {"assignment": world.assignment_a.pk, "period": world.period.pk, "percent": 40, "status": "on_track"}
    too_many = _post(client, "/api/v1/reports/", {
        **body, "indicator_values": [{"indicator": made["ratio"].pk, "numerator": "130", "denominator": "120"}],
    })  # fmt: skip
    assert too_many.status_code == 400
    error = too_many.json()["errors"][f"indicator_{made['ratio'].pk}_numerator"][0]["message"]
    assert "۱۳۰" in error["fa"] and "130" in error["en"]
    out_of_range = _post(client, "/api/v1/reports/", {
        **body, "indicator_values": [{"indicator": made["value"].pk, "value": "900"}],
    })  # fmt: skip
    assert out_of_range.status_code == 400
    for other in (made["theirs"].pk, 10**9):  # another agency's indicator, or none at all
        refused = _post(client, "/api/v1/reports/", {**body, "indicator_values": [{"indicator": other, "value": 1}]})
        assert refused.status_code == 400
        (error,) = refused.json()["errors"]["indicator_values"]
        assert error["code"] == "unknown_indicator" and str(other) in error["message"]["en"]
    assert not ProgressReport.objects.exists()
