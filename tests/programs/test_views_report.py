"""The report pages through the test client: who may open what, and the forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Evidence, ProgressReport
from tests import factories
from tests.programs.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_a(draft_a):
    return draft_a


@pytest.fixture
def evidence_a(report_a, staff_a):
    from programs import services

    (evidence,) = services.add_evidence(report=report_a, by=staff_a, files=[upload("مدرک.pdf")])
    return evidence


def _client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


ROLES = ["anonymous", "staff_a", "staff_b", "governorate_user", "it_office_user"]


def _user(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("staff_a", 200), ("staff_b", 404), ("governorate_user", 200), ("it_office_user", 200)],
)
def test_report_detail(request, client, report_a, role, expected):
    response = _client_for(client, _user(request, role)).get(report_a.get_absolute_url())
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("staff_a", 200), ("staff_b", 404), ("governorate_user", 403), ("it_office_user", 403)],
)
def test_report_edit(request, client, report_a, role, expected):
    assert (
        _client_for(client, _user(request, role)).get(reverse("programs:report_edit", args=[report_a.pk])).status_code
        == expected
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("staff_a", 200), ("staff_b", 404), ("governorate_user", 403), ("it_office_user", 403)],
)
def test_report_start(request, client, assignment_a, period, role, expected):
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    assert _client_for(client, _user(request, role)).get(url).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("staff_a", 403), ("staff_b", 403), ("governorate_user", 403), ("it_office_user", 302)],
)
def test_report_review(request, client, report_a, role, expected):
    ProgressReport.objects.filter(pk=report_a.pk).update(state="submitted", first_submitted_at=timezone.now())
    url = reverse("programs:report_review", args=[report_a.pk])
    response = _client_for(client, _user(request, role)).post(url, {"decision": "approve"})
    assert response.status_code == expected
    approved = ProgressReport.objects.get(pk=report_a.pk).state == "approved"
    assert approved == (role == "it_office_user")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("staff_a", 200), ("staff_b", 404), ("governorate_user", 200), ("it_office_user", 200)],
)
def test_evidence_download(request, client, evidence_a, role, expected):
    response = _client_for(client, _user(request, role)).get(evidence_a.get_absolute_url())
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("staff_a", 302), ("staff_b", 404), ("governorate_user", 403), ("it_office_user", 403)],
)
def test_evidence_remove(request, client, evidence_a, role, expected):
    url = reverse("programs:evidence_remove", args=[evidence_a.pk])
    assert _client_for(client, _user(request, role)).post(url).status_code == expected
    removed = Evidence.objects.get(pk=evidence_a.pk).removed_at is not None
    assert removed == (role == "staff_a")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("staff_a", 403), ("staff_b", 403), ("governorate_user", 200), ("it_office_user", 200)],
)
def test_review_queue(request, client, role, expected):
    assert _client_for(client, _user(request, role)).get(reverse("programs:review_queue")).status_code == expected


def test_missing_objects_are_404_like_other_agencies(client, staff_a):
    client.force_login(staff_a)
    for url in (
        reverse("programs:report_detail", args=[999999]),
        reverse("programs:report_edit", args=[999999]),
        reverse("programs:evidence_download", args=[999999]),
    ):
        assert client.get(url).status_code == 404


# --- the form ----------------------------------------------------------------------


def test_percent_typed_in_persian_digits_is_stored_in_latin(client, staff_a, assignment_a, period):
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    response = client.post(
        url,
        {"percent": "۶۵", "status": "on_track", "work_done": "راه‌اندازی پیشخوان", "submit": "1",
         "evidence": [upload("صورتجلسه.pdf")]},
    )  # fmt: skip
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert (report.percent, report.state) == (65, "submitted")
    assert report.evidence.get().original_name == "صورتجلسه.pdf"


def test_arabic_indic_digits_too(client, staff_a, assignment_a, period):
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    client.post(url, {"percent": "٤٢", "status": "at_risk", "save": "1"})
    assert ProgressReport.objects.get().percent == 42


def test_refused_form_keeps_what_was_typed_and_says_why_in_persian(client, staff_a, assignment_a, period):
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    response = client.post(url, {"percent": "۱۵۰", "status": "on_track", "work_done": "متن طولانی من", "submit": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "متن طولانی من" in html
    assert "۱۵۰" in html or "150" in html
    assert "کوچک‌تر" in html or "کمتر" in html or "حداکثر" in html
    assert not ProgressReport.objects.exists()


def test_submit_without_work_done_saves_the_draft_and_explains(client, staff_a, assignment_a, period):
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    response = client.post(url, {"percent": "20", "status": "on_track", "obstacles": "کمبود اعتبار", "submit": "1"})
    assert response.status_code == 200
    report = ProgressReport.objects.get()
    assert (report.state, report.obstacles) == ("draft", "کمبود اعتبار")
    html = response.content.decode()
    assert "کمبود اعتبار" in html
    assert "پیش‌نویس ذخیره شد، اما ارسال نشد" in html
    assert list(report.events.values_list("action", flat=True)) == ["report.created"]


def test_bad_file_is_refused_by_the_form_and_nothing_saved(client, staff_a, assignment_a, period):
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    response = client.post(
        url,
        {"percent": "20", "status": "on_track", "work_done": "x", "save": "1",
         "evidence": [upload("virus.pdf", b"MZ\x90\x00\x03 executable")]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "virus.pdf" in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_too_large_file_is_refused(client, staff_a, assignment_a, period, settings):
    settings.UPLOAD_MAX_BYTES = 20
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    response = client.post(
        url, {"percent": "20", "status": "on_track", "work_done": "x", "save": "1", "evidence": [upload()]}
    )
    assert response.status_code == 200
    assert not Evidence.objects.exists()


def test_submitted_report_is_read_only_to_the_agency(client, staff_a, report_a):
    ProgressReport.objects.filter(pk=report_a.pk).update(state="submitted", first_submitted_at=timezone.now())
    client.force_login(staff_a)
    response = client.post(
        reverse("programs:report_edit", args=[report_a.pk]), {"percent": "99", "status": "done", "save": "1"}
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get(pk=report_a.pk).percent == 40
    follow = client.get(response["Location"])
    assert reverse("programs:report_edit", args=[report_a.pk]) not in follow.content.decode()


def test_closed_period_is_refused_in_persian(client, staff_a, assignment_a):
    today = timezone.localdate()
    closed = factories.PeriodFactory(
        opens_on=today - datetime.timedelta(days=90),
        due_on=today - datetime.timedelta(days=40),
        closes_on=today - datetime.timedelta(days=30),
    )
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, closed.pk])
    assert "بسته" in client.get(url).content.decode()
    client.post(url, {"percent": "20", "status": "on_track", "save": "1"})
    assert not ProgressReport.objects.exists()


def test_returned_report_shows_the_reason(client, staff_a, report_a):
    ProgressReport.objects.filter(pk=report_a.pk).update(
        state="returned", first_submitted_at=timezone.now(), review_comment="جدول پیوست را کامل کنید"
    )
    client.force_login(staff_a)
    html = client.get(reverse("programs:report_edit", args=[report_a.pk])).content.decode()
    assert "جدول پیوست را کامل کنید" in html and 'id="return-reason"' in html


def test_return_without_reason_is_refused_on_the_page(client, it_office_user, report_a):
    ProgressReport.objects.filter(pk=report_a.pk).update(state="submitted", first_submitted_at=timezone.now())
    client.force_login(it_office_user)
    response = client.post(reverse("programs:report_review", args=[report_a.pk]), {"decision": "return"})
    assert response.status_code == 400
    assert ProgressReport.objects.get(pk=report_a.pk).state == "submitted"


def test_review_queue_is_oldest_first_and_filters_it_office_programs(client, it_office_user, period):
    now = timezone.now()
    it_program = factories.ProgramFactory()
    other = factories.ProgramFactory(owner=factories.AgencyFactory(kind="governorate", group=""))
    late = factories.ReportFactory(
        assignment=factories.AssignmentFactory(program=it_program), period=period, state="submitted",
        submitted_at=now, first_submitted_at=now,
    )  # fmt: skip
    early = factories.ReportFactory(
        assignment=factories.AssignmentFactory(program=other), period=period, state="submitted",
        submitted_at=now - datetime.timedelta(days=2), first_submitted_at=now - datetime.timedelta(days=2),
    )  # fmt: skip
    client.force_login(it_office_user)
    response = client.get(reverse("programs:review_queue"))
    assert [r.pk for r in response.context["page"]] == [early.pk, late.pk]
    response = client.get(reverse("programs:review_queue"), {"it_office_only": "on"})
    assert [r.pk for r in response.context["page"]] == [late.pk]


def test_review_queue_query_count_does_not_grow(client, it_office_user, period, django_assert_max_num_queries):
    client.force_login(it_office_user)

    def make(n):
        for _ in range(n):
            factories.ReportFactory(period=period, state="submitted", submitted_at=timezone.now(),
                                    first_submitted_at=timezone.now())  # fmt: skip

    make(2)
    with django_assert_max_num_queries(50) as small:
        client.get(reverse("programs:review_queue"))
    make(20)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as large:
        client.get(reverse("programs:review_queue"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_agency_page_query_count_does_not_grow(client, staff_a, agency_a, period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_a)
    factories.AssignmentFactory(agency=agency_a)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("programs:agency", args=[agency_a.pk])).status_code == 200
    for _ in range(10):
        assignment = factories.AssignmentFactory(agency=agency_a)
        factories.ReportFactory(assignment=assignment, period=period)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("programs:agency", args=[agency_a.pk]))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_timeline_event_without_actor_renders(client, it_office_user, report_a):
    """Demo and imported reports have events with no recorded person (it was a 500)."""
    from programs.models import ReportEvent

    ReportEvent.objects.create(report=report_a, action="report.created", to_state="draft", actor=None)
    client.force_login(it_office_user)
    response = client.get(report_a.get_absolute_url())
    assert response.status_code == 200
    assert "سامانه" in response.content.decode()
