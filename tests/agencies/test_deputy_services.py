"""The deputy registration's state machine: agency → governorate → IT office."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from post_office.models import Email

from agencies import services
from agencies.models import LiaisonDeputy
from agencies.selectors import current_deputy
from reform_portal.review import TransitionError
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are matched in English; emails still follow each recipient's language."""
    with translation.override("en"):
        yield


State = LiaisonDeputy.State


DETAILS = {
    "full_name": "رضا محمدي",
    "position": "معاون توسعه مديريت",
    "national_code": "۰۴۹۹۳۷۰۸۹۹",
    "mobile": "+98 914 123 4567",
    "email": "Deputy@Example.ir",
    "office_phone": "044-33001234",
}


@pytest.fixture
def staff_a(agency_a):
    return factories.UserFactory(
        username="staff_a", role="agency_staff", agency=agency_a, email="staff_a@example.ir", language="en"
    )


@pytest.fixture
def colleague_a(agency_a):
    return factories.UserFactory(username="colleague_a", role="agency_staff", agency=agency_a, email="c@example.ir")


def submit(staff, **changes):
    return services.submit_deputy(agency=staff.agency, by=staff, **{**DETAILS, **changes})


def test_submit_stores_canonical_identifiers_and_records_who(staff_a):
    deputy = submit(staff_a)
    assert deputy.state == State.AWAITING_GOVERNORATE
    assert deputy.national_code == "0499370899"
    assert deputy.mobile == "09141234567"
    assert deputy.full_name == "رضا محمدی"
    assert deputy.submitted_by == staff_a
    event = deputy.events.get()
    assert (event.action, event.actor, event.to_state) == ("deputy.submitted", staff_a, State.AWAITING_GOVERNORATE)


def test_submit_rejects_invalid_national_code(staff_a):
    with pytest.raises(ValidationError):
        submit(staff_a, national_code="0499370898")
    assert not LiaisonDeputy.objects.exists()


def test_only_own_agency_staff_submit(staff_a, staff_b, governorate_user):
    with pytest.raises(PermissionDenied):
        services.submit_deputy(agency=staff_a.agency, by=staff_b, **DETAILS)
    with pytest.raises(PermissionDenied):
        services.submit_deputy(agency=staff_a.agency, by=governorate_user, **DETAILS)


def test_full_path_and_each_step_is_recorded_and_emailed(staff_a, colleague_a, governorate_user, it_office_user):
    deputy = submit(staff_a)
    services.verify_deputy(deputy=deputy, by=governorate_user)
    deputy.refresh_from_db()
    assert deputy.state == State.AWAITING_IT_OFFICE
    assert deputy.governorate_reviewed_by == governorate_user and deputy.governorate_reviewed_at
    assert Email.objects.filter(to="staff_a@example.ir").count() == 1
    english = Email.objects.get(to="staff_a@example.ir")
    assert "verified by the governorate" in english.subject
    persian = Email.objects.get(to="c@example.ir")
    assert "استانداری" in persian.message

    services.confirm_deputy(deputy=deputy, by=it_office_user)
    deputy.refresh_from_db()
    assert deputy.state == State.CONFIRMED
    assert deputy.it_office_reviewed_by == it_office_user and deputy.it_office_reviewed_at
    assert current_deputy(staff_a.agency) == deputy
    actions = list(deputy.events.values_list("action", flat=True))
    assert actions == ["deputy.submitted", "deputy.verified", "deputy.confirmed"]
    assert Email.objects.filter(to="staff_a@example.ir").count() == 2


def test_confirmed_deputy_stays_until_the_next_is_confirmed(staff_a, governorate_user, it_office_user):
    first = submit(staff_a)
    services.verify_deputy(deputy=first, by=governorate_user)
    services.confirm_deputy(deputy=first, by=it_office_user)

    second = submit(staff_a, full_name="مریم احمدی", national_code="0790419904")
    assert current_deputy(staff_a.agency) == first
    services.verify_deputy(deputy=second, by=governorate_user)
    assert current_deputy(staff_a.agency) == first

    services.confirm_deputy(deputy=second, by=it_office_user)
    first.refresh_from_db()
    assert current_deputy(staff_a.agency) == second
    assert first.state == State.SUPERSEDED and first.superseded_at
    assert first.events.last().action == "deputy.superseded"
    assert LiaisonDeputy.objects.filter(agency=staff_a.agency).count() == 2


def test_a_new_submission_replaces_the_one_under_review(staff_a, governorate_user):
    first = submit(staff_a)
    services.verify_deputy(deputy=first, by=governorate_user)
    second = submit(staff_a, mobile="09149998877")
    first.refresh_from_db()
    assert first.state == State.SUPERSEDED
    assert second.state == State.AWAITING_GOVERNORATE
    assert LiaisonDeputy.objects.filter(agency=staff_a.agency, state__in=LiaisonDeputy.PENDING_STATES).get() == second


@pytest.mark.parametrize("step", ["governorate", "it_office"])
def test_rejection_at_each_step_records_reason_and_emails(step, staff_a, governorate_user, it_office_user):
    deputy = submit(staff_a)
    reviewer = governorate_user
    if step == "it_office":
        services.verify_deputy(deputy=deputy, by=governorate_user)
        reviewer = it_office_user
    Email.objects.all().delete()
    services.reject_deputy(deputy=deputy, by=reviewer, reason="کد ملی با شناسنامه مطابقت ندارد")
    deputy.refresh_from_db()
    assert deputy.state == State.REJECTED
    assert deputy.rejection_reason == "کد ملی با شناسنامه مطابقت ندارد"
    event = deputy.events.last()
    assert (event.action, event.actor, event.comment) == ("deputy.rejected", reviewer, deputy.rejection_reason)
    if step == "governorate":
        assert deputy.governorate_reviewed_by == governorate_user and deputy.it_office_reviewed_by is None
    else:
        assert deputy.it_office_reviewed_by == it_office_user
    mail = Email.objects.get(to="staff_a@example.ir")
    assert "rejected" in mail.subject and "کد ملی" in mail.message
    assert ("IT office" in mail.message) == (step == "it_office")


def test_rejection_needs_a_reason(staff_a, governorate_user):
    deputy = submit(staff_a)
    with pytest.raises(ValidationError):
        services.reject_deputy(deputy=deputy, by=governorate_user, reason="   ")
    deputy.refresh_from_db()
    assert deputy.state == State.AWAITING_GOVERNORATE


def test_roles_cannot_do_the_other_step(staff_a, governorate_user, it_office_user):
    deputy = submit(staff_a)
    with pytest.raises(PermissionDenied):
        services.confirm_deputy(deputy=deputy, by=governorate_user)
    with pytest.raises(PermissionDenied):
        services.verify_deputy(deputy=deputy, by=it_office_user)
    with pytest.raises(PermissionDenied):
        services.verify_deputy(deputy=deputy, by=staff_a)
    with pytest.raises(TransitionError):
        services.reject_deputy(deputy=deputy, by=it_office_user, reason="x")
    with pytest.raises(PermissionDenied):
        services.reject_deputy(deputy=deputy, by=staff_a, reason="x")
    services.verify_deputy(deputy=deputy, by=governorate_user)
    with pytest.raises(TransitionError, match="already been verified"):
        services.reject_deputy(deputy=deputy, by=governorate_user, reason="x")


@pytest.mark.parametrize("final", ["confirmed", "rejected", "superseded"])
def test_no_move_out_of_a_final_state(final, staff_a, governorate_user, it_office_user):
    deputy = submit(staff_a)
    if final == "superseded":
        submit(staff_a)
    else:
        services.verify_deputy(deputy=deputy, by=governorate_user)
        if final == "confirmed":
            services.confirm_deputy(deputy=deputy, by=it_office_user)
        else:
            services.reject_deputy(deputy=deputy, by=it_office_user, reason="no")
    for action in [
        lambda: services.verify_deputy(deputy=deputy, by=governorate_user),
        lambda: services.confirm_deputy(deputy=deputy, by=it_office_user),
        lambda: services.reject_deputy(deputy=deputy, by=it_office_user, reason="late"),
        lambda: services.reject_deputy(deputy=deputy, by=governorate_user, reason="late"),
    ]:
        with pytest.raises(TransitionError):
            action()
    deputy.refresh_from_db()
    assert deputy.state == final


def test_verify_and_reject_at_once_end_in_one_state(staff_a, governorate_user):
    """Two governorate reviewers act on the same page; the second one is told what happened."""
    other = factories.UserFactory(role="governorate_reviewer", agency=governorate_user.agency)
    deputy = submit(staff_a)
    stale = LiaisonDeputy.objects.get(pk=deputy.pk)
    services.verify_deputy(deputy=deputy, by=governorate_user)
    with pytest.raises(TransitionError, match="already been verified"):
        services.reject_deputy(deputy=stale, by=other, reason="late")
    deputy.refresh_from_db()
    assert deputy.state == State.AWAITING_IT_OFFICE
    assert deputy.rejection_reason == ""
    assert list(deputy.events.values_list("action", flat=True)) == ["deputy.submitted", "deputy.verified"]


def test_confirm_after_staff_replaced_the_registration_is_refused(staff_a, governorate_user, it_office_user):
    deputy = submit(staff_a)
    services.verify_deputy(deputy=deputy, by=governorate_user)
    submit(staff_a, full_name="نام اصلاح شده")
    with pytest.raises(TransitionError, match="replaced by a newer"):
        services.confirm_deputy(deputy=deputy, by=it_office_user)
    assert current_deputy(staff_a.agency) is None
