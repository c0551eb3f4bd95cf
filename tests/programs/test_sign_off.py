"""The liaison deputy's sign-off: where the province requires it, a report goes from the
agency's staff to its confirmed deputy, who signs it off to the IT office or sends it back."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from post_office.models import Email

from agencies import services as deputies
from agencies.models import User
from programs import services
from programs.models import ProgressReport
from reform_portal.review import SubmissionRefused, TransitionError
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(db):
    return factories.ProvinceFactory(requires_sign_off=True)


@pytest.fixture
def agency(province):
    return factories.AgencyFactory(province=province)


@pytest.fixture
def staff(agency):
    return factories.UserFactory(role="agency_staff", agency=agency, email="staff@example.ir")


@pytest.fixture
def reviewer(province):
    return factories.UserFactory(
        role="it_office_reviewer", email="it@example.ir",
        agency=factories.AgencyFactory(province=province, kind="it_office", group=""),
    )  # fmt: skip


@pytest.fixture
def governorate(province):
    return factories.UserFactory(
        role="governorate_reviewer", agency=factories.AgencyFactory(province=province, kind="governorate", group="")
    )


@pytest.fixture
def deputy(agency, staff, governorate, reviewer):
    """The agency's deputy, registered, verified and confirmed through the portal."""
    registration = deputies.submit_deputy(
        agency=agency, by=staff, full_name="رضا محمدی", position="معاون توسعه مدیریت", national_code="0499370899",
        mobile="09141234567", email="deputy@example.ir",
    )  # fmt: skip
    deputies.verify_deputy(deputy=registration, by=governorate)
    deputies.confirm_deputy(deputy=registration, by=reviewer)
    return User.objects.get(username="0499370899")


@pytest.fixture
def draft(agency, staff):
    return services.save_draft(
        assignment=factories.AssignmentFactory(agency=agency), period=factories.PeriodFactory(), by=staff,
        data={"percent": 35, "work_done": "سامانه نوبت‌دهی راه‌اندازی شد"},
    )  # fmt: skip


def test_confirming_a_deputy_gives_them_an_account_with_the_role(deputy, agency):
    assert (deputy.role, deputy.agency_id, deputy.has_usable_password()) == ("liaison_deputy", agency.pk, False)
    assert deputy.deputy_registrations.get().state == "confirmed"


def test_losing_the_confirmation_loses_the_role(deputy, agency, staff, governorate, reviewer):
    successor = deputies.submit_deputy(
        agency=agency, by=staff, full_name="مریم احمدی", position="معاون", national_code="0012345679",
        mobile="09141234568", email="maryam@example.ir",
    )  # fmt: skip
    deputies.verify_deputy(deputy=successor, by=governorate)
    deputies.confirm_deputy(deputy=successor, by=reviewer)
    deputy.refresh_from_db()
    assert deputy.role == ""
    assert User.objects.get(username="0012345679").role == "liaison_deputy"


def test_submit_goes_to_the_deputy_who_signs_it_off_to_the_it_office(draft, staff, deputy, reviewer):
    before = Email.objects.count()
    report = services.submit_report(report=draft, by=staff)
    assert report.state == ProgressReport.State.AWAITING_SIGN_OFF
    assert report.first_submitted_at is None  # it has not reached the IT office
    assert [m.to for m in Email.objects.order_by("pk")[before:]] == [["deputy@example.ir"]]
    with pytest.raises(TransitionError):  # not yet the IT office's to review
        services.approve_report(report=report, by=reviewer)
    with pytest.raises(PermissionDenied):
        services.sign_off_report(report=report, by=staff)

    report = services.sign_off_report(report=report, by=deputy)
    assert report.state == ProgressReport.State.SUBMITTED
    assert (report.signed_off_by, report.submitted_by) == (deputy, deputy)
    assert report.first_submitted_at == report.signed_off_at
    assert Email.objects.filter(to="it@example.ir").exists()
    assert list(report.events.values_list("action", flat=True)) == [
        "report.created", "report.sent_for_sign_off", "report.signed_off",
    ]  # fmt: skip
    assert services.approve_report(report=report, by=reviewer).state == ProgressReport.State.APPROVED


def test_the_deputy_sends_it_back_with_a_reason_and_staff_correct_it(draft, staff, deputy):
    report = services.submit_report(report=draft, by=staff)
    with pytest.raises(Exception, match="reason|دلیل"):
        services.send_back_report(report=report, by=deputy, reason=" ")
    report = services.send_back_report(report=report, by=deputy, reason="درصد با مستندات نمی‌خواند")
    assert (report.state, report.review_comment) == ("returned", "درصد با مستندات نمی‌خواند")
    assert Email.objects.filter(to="staff@example.ir", message__contains="درصد با مستندات نمی‌خواند").exists()
    report = services.save_draft(assignment=report.assignment, period=report.period, by=staff, data={"percent": 30})
    assert services.submit_report(report=report, by=staff).state == ProgressReport.State.AWAITING_SIGN_OFF


def test_a_deputy_signs_off_only_their_own_agencys_reports(draft, staff, deputy, province):
    other_deputy = factories.UserFactory(role="liaison_deputy", agency=factories.AgencyFactory(province=province))
    report = services.submit_report(report=draft, by=staff)
    with pytest.raises(PermissionDenied):
        services.sign_off_report(report=report, by=other_deputy)


def test_without_a_deputy_account_the_submission_is_refused_and_the_draft_kept(agency, staff):
    with pytest.raises(SubmissionRefused) as refused:
        services.save_and_submit(
            assignment=factories.AssignmentFactory(agency=agency), period=factories.PeriodFactory(), by=staff,
            data={"percent": 10, "work_done": "آغاز شد"},
        )  # fmt: skip
    assert "معاون ذیربط" in " ".join(refused.value.messages) or "liaison deputy" in " ".join(refused.value.messages)
    assert refused.value.record.state == "draft" and ProgressReport.objects.get().work_done == "آغاز شد"


def test_a_signed_off_report_cannot_be_signed_off_twice(draft, staff, deputy):
    report = services.submit_report(report=draft, by=staff)
    services.sign_off_report(report=report, by=deputy)
    with pytest.raises(TransitionError) as refused:
        services.sign_off_report(report=report, by=deputy)
    assert refused.value.code == "not_awaiting_sign_off"


def test_the_deputy_has_a_queue_and_signs_off_from_the_report_page(client, draft, staff, deputy):
    report = services.submit_report(report=draft, by=staff)
    client.force_login(deputy)
    assert client.get(reverse("home"))["Location"] == reverse("programs:sign_off_queue")
    queue = client.get(reverse("programs:sign_off_queue")).content.decode()
    assert report.get_absolute_url() in queue
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'value="sign_off"' in page and 'value="send_back"' in page and 'value="approve"' not in page
    response = client.post(reverse("programs:report_review", args=[report.pk]), {"decision": "sign_off"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"
    assert report.get_absolute_url() not in client.get(reverse("programs:sign_off_queue")).content.decode()


def test_the_deputy_cannot_write_or_review(client, draft, deputy, reviewer):
    client.force_login(deputy)
    assert client.get(reverse("programs:report_edit", args=[draft.pk])).status_code == 403
    assert client.get(reverse("programs:review_queue")).status_code == 403
    assert client.get(reverse("programs:agency", args=[draft.assignment.agency_id])).status_code == 200
    client.force_login(reviewer)
    assert client.get(reverse("programs:sign_off_queue")).status_code == 403
