"""Reports through the API: the pages' lookups (404 outside the scope), the pages' actions
(programs/services on the review engine) and their refusals as codes with Persian and
English messages."""

import datetime

import jdatetime
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from programs.models import ProgressReport, ReportEvent
from tests import factories

pytestmark = pytest.mark.django_db

FIELDS = {"percent": 40, "status": "on_track", "work_done": "راه‌اندازی پیشخوان", "obstacles": "", "next_steps": ""}


def _both(msgid: str) -> dict:
    """A message of the catalogs, as the API gives it: in Persian and in English."""
    both = {}
    for language in ("fa", "en"):
        with translation.override(language):
            both[language] = gettext(msgid)
    assert both["fa"] != both["en"], f"not translated: {msgid}"
    return both


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _report(world, **kwargs):
    defaults = {"assignment": world.assignment_a, "period": world.period, "work_done": "کار انجام شد"}
    return factories.ReportFactory(**{**defaults, **kwargs})


def test_lists_hold_what_the_user_may_see(world, api):
    mine, theirs = _report(world), _report(world, assignment=world.assignment_b)
    ids = lambda user: {row["id"] for row in api(user).get("/api/v1/reports/").json()["results"]}  # noqa: E731
    assert ids(world.staff_a) == {mine.pk}
    assert ids(world.deputy_a) == {mine.pk}
    assert ids(world.it) == ids(world.gov) == ids(world.admin) == {mine.pk, theirs.pk}
    assert ids(world.it2) == set()
    assert api(world.entry).get("/api/v1/reports/").status_code == 403


def test_another_agencys_report_is_exactly_a_missing_one(world, api):
    theirs = _report(world, assignment=world.assignment_b)
    client = api(world.staff_a)
    other, missing = client.get(f"/api/v1/reports/{theirs.pk}/"), client.get("/api/v1/reports/987654/")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == {"code": "not_found", "message": _both("Not found.")}
    for action in ("submit", "approve"):
        assert _post(client, f"/api/v1/reports/{theirs.pk}/{action}/").status_code in (403, 404)
    assert _post(client, f"/api/v1/reports/{theirs.pk}/submit/").json() == missing.json()
    assert api(world.it2).get(f"/api/v1/reports/{theirs.pk}/").json() == missing.json()


def test_detail_has_the_timeline_the_evidence_and_what_i_may_do(world, api):
    from django.core.files.base import ContentFile

    from programs.models import Evidence

    report = _report(world)
    Evidence.objects.create(
        report=report, file=ContentFile(b"%PDF-1.4", name="e.pdf"), original_name="شواهد.pdf", kind="pdf", size=8,
        uploaded_by=world.staff_a,
    )  # fmt: skip
    Evidence.objects.create(
        report=report, file=ContentFile(b"%PDF-1.4", name="f.pdf"), original_name="removed.pdf", kind="pdf", size=8,
        uploaded_by=world.staff_a, removed_at=timezone.now(),
    )  # fmt: skip
    _post(api(world.staff_a), f"/api/v1/reports/{report.pk}/submit/")
    data = api(world.staff_a).get(f"/api/v1/reports/{report.pk}/").json()
    assert [event["action"] for event in data["events"]] == ["report.submitted"]
    assert data["events"][0]["label"] == _both("Submitted")
    assert data["events"][0]["actor"] == {"id": world.staff_a.pk, "name": "api_staff_a"}
    assert [(row["name"], row["kind"], row["size"]) for row in data["evidence"]] == [("شواهد.pdf", "pdf", 8)]
    assert data["allowed_actions"] == []
    assert api(world.it).get(f"/api/v1/reports/{report.pk}/").json()["allowed_actions"] == ["approve", "return"]


def test_save_then_save_again_then_submit_as_the_report_form_does(world, api):
    client = api(world.staff_a)
    body = {"assignment": world.assignment_a.pk, "period": world.period.pk, **FIELDS}
    created = _post(client, "/api/v1/reports/", body)
    assert created.status_code == 201, created.json()
    report = ProgressReport.objects.get(pk=created.json()["id"])
    assert (report.state, report.percent, report.created_by) == ("draft", 40, world.staff_a)
    again = _post(client, "/api/v1/reports/", {**body, "percent": "55", "submit": False})
    assert again.status_code == 200 and again.json()["percent"] == 55
    patched = client.patch(
        f"/api/v1/reports/{report.pk}/", {"next_steps": "ادامه", "submit": True}, content_type="application/json"
    )
    assert patched.status_code == 200, patched.json()
    assert (patched.json()["state"], patched.json()["percent"], patched.json()["next_steps"]) == (
        "submitted", 55, "ادامه"
    )  # fmt: skip
    codes = list(ReportEvent.objects.filter(report=report).values_list("action", flat=True))
    assert codes == ["report.created", "report.saved", "report.saved", "report.submitted"]


def test_an_incomplete_submission_is_saved_and_refused_with_the_fields_in_both_languages(world, api):
    body = {"assignment": world.assignment_a.pk, "period": world.period.pk, **FIELDS, "work_done": "", "submit": True}
    response = _post(api(world.staff_a), "/api/v1/reports/", body)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid" and data["saved_report"] == ProgressReport.objects.get().pk
    assert data["errors"]["work_done"] == [
        {"code": "invalid", "message": _both("Describe what was done before submitting.")}
    ]
    assert ProgressReport.objects.get().state == "draft"


def test_a_lower_percent_needs_a_reason_and_says_the_last_one_in_each_language(world, api):
    earlier = factories.PeriodFactory(
        opens_on=world.period.opens_on - datetime.timedelta(days=120),
        due_on=world.period.opens_on - datetime.timedelta(days=100),
        closes_on=world.period.opens_on - datetime.timedelta(days=90),
    )
    _report(world, period=earlier, percent=60, state="approved", first_submitted_at=timezone.now())
    report = _report(world, percent=40)
    response = _post(api(world.staff_a), f"/api/v1/reports/{report.pk}/submit/")
    assert response.status_code == 400
    message = response.json()["errors"]["decrease_reason"][0]["message"]
    assert "60" in message["en"] and "۶۰" in message["fa"] and "60" not in message["fa"]
    assert message["fa"] != message["en"]


def test_refusals_of_the_state_are_409_with_the_engines_codes(world, api):
    report = _report(world, state="submitted", first_submitted_at=timezone.now())
    staff = api(world.staff_a)
    response = staff.patch(f"/api/v1/reports/{report.pk}/", {"percent": 50}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "already_submitted"
    assert response.json()["message"]["en"].startswith("This report has already been submitted")
    assert "ارسال" in response.json()["message"]["fa"]
    it = api(world.it)
    assert _post(it, f"/api/v1/reports/{report.pk}/approve/", {"comment": "خوب"}).json()["state"] == "approved"
    again = _post(it, f"/api/v1/reports/{report.pk}/approve/")
    assert again.status_code == 409 and again.json()["code"] == "not_submitted"
    assert "“Approved”" in again.json()["message"]["en"] and "تأیید" in again.json()["message"]["fa"]


def test_return_needs_the_reason_and_approve_is_the_it_offices(world, api):
    report = _report(world, state="submitted", first_submitted_at=timezone.now())
    it = api(world.it)
    missing = _post(it, f"/api/v1/reports/{report.pk}/return/")
    assert missing.status_code == 400
    assert missing.json()["errors"]["reason"][0]["code"] == "reason_required"
    assert missing.json()["errors"]["reason"][0]["message"] == _both("Write the reason.")
    assert _post(api(world.staff_a), f"/api/v1/reports/{report.pk}/approve/").status_code == 403
    assert _post(api(world.gov), f"/api/v1/reports/{report.pk}/approve/").status_code == 403
    assert _post(api(world.it2), f"/api/v1/reports/{report.pk}/approve/").status_code == 404
    returned = _post(it, f"/api/v1/reports/{report.pk}/return/", {"reason": "مستندات ناقص است"})
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert returned.json()["review_comment"] == "مستندات ناقص است"


def test_the_deputys_sign_off(world, api):
    world.province.requires_sign_off = True
    world.province.save()
    report = _report(world)
    assert _post(api(world.staff_a), f"/api/v1/reports/{report.pk}/submit/").json()["state"] == "awaiting_sign_off"
    assert _post(api(world.it), f"/api/v1/reports/{report.pk}/approve/").status_code == 409
    signed = _post(api(world.deputy_a), f"/api/v1/reports/{report.pk}/sign-off/")
    assert signed.status_code == 200 and signed.json()["state"] == "submitted"
    assert signed.json()["signed_off_by"]["id"] == world.deputy_a.pk


def test_a_closed_period_refuses_writing_in_both_languages(world, api):
    closed = factories.PeriodFactory(
        opens_on=timezone.localdate() - datetime.timedelta(days=60),
        due_on=timezone.localdate() - datetime.timedelta(days=40),
        closes_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    body = {"assignment": world.assignment_a.pk, "period": closed.pk, **FIELDS}
    response = _post(api(world.staff_a), "/api/v1/reports/", body)
    assert response.status_code == 409
    assert response.json()["code"] == "period_closed"
    assert response.json()["message"]["fa"] != response.json()["message"]["en"]
    assert not ProgressReport.objects.exists()


def test_writing_for_another_agencys_assignment_is_a_404(world, api):
    body = {"assignment": world.assignment_b.pk, "period": world.period.pk, **FIELDS}
    assert _post(api(world.staff_a), "/api/v1/reports/", body).status_code == 404
    assert _post(api(world.it), "/api/v1/reports/", body).status_code == 403  # reviewers write no reports


def test_invalid_input_is_refused_field_by_field(world, api):
    body = {"assignment": world.assignment_a.pk, "period": world.period.pk, "percent": 140, "status": "nonsense"}
    response = _post(api(world.staff_a), "/api/v1/reports/", body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"percent", "status"}
    assert errors["percent"][0]["code"] == "max_value"
    assert errors["percent"][0]["message"]["en"] == "Ensure this value is less than or equal to 100."
    assert errors["percent"][0]["message"]["fa"] != errors["percent"][0]["message"]["en"]
    malformed = api(world.staff_a).post("/api/v1/reports/", "{not json", content_type="application/json")
    assert malformed.status_code == 400 and malformed.json()["code"] == "parse_error"


def test_filters_take_jalali_and_iso_dates_and_answer_iso(world, api):
    report = _report(world)
    ProgressReport.objects.filter(pk=report.pk).update(updated_at=timezone.now() - datetime.timedelta(days=10))
    newer = _report(world, assignment=world.assignment_b)
    client = api(world.it)
    five_days_ago = timezone.localdate() - datetime.timedelta(days=5)
    jalali = jdatetime.date.fromgregorian(date=five_days_ago)
    persian_digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    typed = (
        five_days_ago.isoformat(),
        f"{jalali.year}/{jalali.month:02d}/{jalali.day:02d}",
        f"{jalali.year}-{jalali.month}-{jalali.day}".translate(persian_digits),
    )
    for value in typed:
        ids = [row["id"] for row in client.get("/api/v1/reports/", {"updated_since": value}).json()["results"]]
        assert ids == [newer.pk], value
    bad = client.get("/api/v1/reports/", {"updated_since": "1405/13/40"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"updated_since"}
    row = client.get(f"/api/v1/reports/{newer.pk}/").json()
    assert datetime.datetime.fromisoformat(row["created_at"]) and row["created_at"][4] == "-"


def test_lists_are_filtered_ordered_and_paginated_by_cursor(world, api):
    reports = [_report(world, period=factories.PeriodFactory()) for _ in range(5)]
    reports[2].state = "submitted"
    reports[2].first_submitted_at = timezone.now()
    reports[2].save()
    client = api(world.staff_a)
    assert [row["id"] for row in client.get("/api/v1/reports/?state=submitted").json()["results"]] == [reports[2].pk]
    seen, url = [], "/api/v1/reports/?page_size=2&ordering=-id"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted((report.pk for report in reports), reverse=True)


def test_reads_carry_an_etag_and_answer_304_when_unchanged(world, api):
    report = _report(world)
    client = api(world.staff_a)
    first = client.get(f"/api/v1/reports/{report.pk}/")
    etag = first["ETag"]
    assert etag and "private" in first["Cache-Control"]
    assert client.get(f"/api/v1/reports/{report.pk}/", headers={"If-None-Match": etag}).status_code == 304
    _post(client, f"/api/v1/reports/{report.pk}/submit/")
    assert client.get(f"/api/v1/reports/{report.pk}/", headers={"If-None-Match": etag}).status_code == 200


def test_changes_made_with_a_token_are_the_token_users_in_the_audit_log(world, api):
    from auditlog.models import LogEntry

    report = _report(world)
    _post(api(world.staff_a), f"/api/v1/reports/{report.pk}/submit/")
    entry = LogEntry.objects.get_for_object(report).order_by("-pk").first()
    assert entry.actor == world.staff_a
