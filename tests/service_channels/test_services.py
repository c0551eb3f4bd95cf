"""The counts' life cycle through the services, and its illegal moves."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reform_portal.review import TransitionError
from service_channels import services
from service_channels.models import Channel, ChannelReport, Service, ServiceChannel, TransactionCount
from tests import factories
from tests.service_channels.conftest import sc


def counts_for(service, **values):
    return {sc(service, channel).pk: value for channel, value in values.items()}


def test_save_creates_a_draft_once_and_keeps_null_apart_from_zero(service_a, period, staff_a, agency_a):
    report = services.save_counts(
        agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, in_person=0, online=None)
    )
    assert report.state == "draft" and report.created_by == staff_a
    stored = dict(TransactionCount.objects.values_list("service_channel__channel", "count"))
    assert stored == {"in_person": 0, "online": None}
    again = services.save_counts(
        agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, in_person=5, online=None)
    )
    assert again.pk == report.pk and ChannelReport.objects.count() == 1
    assert list(report.events.values_list("action", flat=True)) == ["counts.created", "counts.saved"]
    # Saving the same numbers records nothing new.
    services.save_counts(agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, in_person=5))
    assert report.events.count() == 2


def test_full_cycle_records_who_and_when(service_a, period, staff_a, agency_a, it_office_user):
    report = services.save_counts(agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, online=7))
    report = services.submit_counts(report=report, by=staff_a)
    assert report.state == "submitted" and report.submitted_by == staff_a and report.first_submitted_at
    first = report.first_submitted_at
    report = services.return_counts(report=report, by=it_office_user, reason="  عدد حضوری را هم وارد کنید  ")
    assert report.state == "returned" and report.review_comment == "عدد حضوری را هم وارد کنید"
    report = services.save_counts(
        agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, online=7, in_person=3)
    )
    assert report.state == "returned"  # stays returned until resubmitted
    report = services.submit_counts(report=report, by=staff_a)
    assert report.first_submitted_at == first
    report = services.approve_counts(report=report, by=it_office_user, comment="")
    assert report.state == "approved" and report.reviewed_by == it_office_user
    events = list(report.events.values_list("action", "from_state", "to_state", "actor__username"))
    assert events == [
        ("counts.created", "", "draft", "staff_a"),
        ("counts.submitted", "draft", "submitted", "staff_a"),
        ("counts.returned", "submitted", "returned", "ito"),
        ("counts.saved", "returned", "returned", "staff_a"),
        ("counts.submitted", "returned", "submitted", "staff_a"),
        ("counts.approved", "submitted", "approved", "ito"),
    ]


@pytest.fixture
def submitted(service_a, period, staff_a, agency_a):
    report = services.save_counts(agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, online=7))
    return services.submit_counts(report=report, by=staff_a)


def test_submitted_counts_are_read_only_to_the_agency(submitted, service_a, period, staff_a, agency_a):
    with pytest.raises(TransitionError) as refused:
        services.save_counts(agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, online=8))
    assert refused.value.code == "already_submitted"
    with pytest.raises(TransitionError):
        services.submit_counts(report=submitted, by=staff_a)  # double submit
    assert TransactionCount.objects.get(service_channel__channel="online").count == 7


def test_double_review_is_refused_with_a_clear_message(submitted, it_office_user):
    services.approve_counts(report=submitted, by=it_office_user)
    with pytest.raises(TransitionError) as refused:
        services.approve_counts(report=submitted, by=it_office_user)
    assert refused.value.code == "not_submitted"
    assert "nothing was changed" in refused.value.messages[0] or "تغییری" in refused.value.messages[0]
    with pytest.raises(TransitionError):
        services.return_counts(report=submitted, by=it_office_user, reason="x")


def test_approved_counts_are_frozen(submitted, it_office_user, service_a, period, staff_a, agency_a):
    services.approve_counts(report=submitted, by=it_office_user)
    with pytest.raises(TransitionError) as refused:
        services.save_counts(agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, online=9))
    assert refused.value.code == "already_approved"


def test_return_needs_a_reason(submitted, it_office_user):
    with pytest.raises(ValidationError) as refused:
        services.return_counts(report=submitted, by=it_office_user, reason="   ")
    assert "reason" in refused.value.message_dict
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_only_the_it_office_reviews(submitted, governorate_user, staff_a):
    for user in (governorate_user, staff_a):
        with pytest.raises(PermissionDenied):
            services.approve_counts(report=submitted, by=user)
        with pytest.raises(PermissionDenied):
            services.return_counts(report=submitted, by=user, reason="x")


def test_another_agency_cannot_write_or_submit(service_a, period, staff_a, staff_b, agency_a):
    with pytest.raises(PermissionDenied):
        services.save_counts(agency=agency_a, period=period, by=staff_b, counts={})
    report = services.save_counts(agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, online=1))
    with pytest.raises(PermissionDenied):
        services.submit_counts(report=report, by=staff_b)


def test_counts_only_for_the_agencys_own_services(service_a, service_b, period, staff_a, agency_a):
    with pytest.raises(ValidationError):
        services.save_counts(agency=agency_a, period=period, by=staff_a, counts=counts_for(service_b, in_person=3))
    assert not ChannelReport.objects.exists()


def test_nothing_reported_cannot_be_submitted(service_a, period, staff_a, agency_a):
    report = services.save_counts(agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, online=None))
    with pytest.raises(ValidationError) as refused:
        services.submit_counts(report=report, by=staff_a)
    assert refused.value.code == "no_counts"


def test_closed_and_unopened_periods_refuse_new_counts(service_a, past_period, staff_a, agency_a, today):
    with pytest.raises(TransitionError) as refused:
        services.save_counts(agency=agency_a, period=past_period, by=staff_a, counts=counts_for(service_a, online=1))
    assert refused.value.code == "period_closed"
    future = factories.PeriodFactory(
        opens_on=today + datetime.timedelta(days=5),
        due_on=today + datetime.timedelta(days=20),
        closes_on=today + datetime.timedelta(days=30),
    )
    with pytest.raises(TransitionError) as refused:
        services.save_counts(agency=agency_a, period=future, by=staff_a, counts=counts_for(service_a, online=1))
    assert refused.value.code == "period_not_open"


def test_returned_counts_may_be_corrected_after_the_period_closed(
    service_a, past_period, staff_a, agency_a, it_office_user
):
    report = ChannelReport.objects.create(
        agency=agency_a, period=past_period, state="returned", first_submitted_at=timezone.now()
    )
    services.save_counts(agency=agency_a, period=past_period, by=staff_a, counts=counts_for(service_a, online=4))
    report = services.submit_counts(report=report, by=staff_a)
    assert report.state == "submitted"


# --- the catalogue -----------------------------------------------------------------------


def test_save_service_creates_updates_and_drops_channels(agency_a, staff_a, today):
    service = services.save_service(
        agency=agency_a,
        by=staff_a,
        data={"code": "X-1", "name_fa": "صدور مجوز", "name_en": "Permit", "is_active": True},
        channels={Channel.IN_PERSON: None, Channel.ONLINE: today},
    )
    assert dict(service.channels.values_list("channel", "opened_on")) == {"in_person": None, "online": today}
    services.save_service(
        agency=agency_a,
        service=service,
        by=staff_a,
        data={"name_fa": "صدور مجوز"},
        channels={Channel.ONLINE: today, Channel.COUNTER_OFFICE: None},
    )
    assert set(service.channels.values_list("channel", flat=True)) == {"online", "counter_office"}


def test_a_channel_with_counts_cannot_be_dropped(service_a, period, staff_a, agency_a):
    services.save_counts(agency=agency_a, period=period, by=staff_a, counts=counts_for(service_a, online=3))
    with pytest.raises(ValidationError) as refused:
        services.save_service(
            agency=agency_a, service=service_a, by=staff_a, data={}, channels={Channel.IN_PERSON: None}
        )
    assert "channels" in refused.value.message_dict
    assert ServiceChannel.objects.filter(service=service_a).count() == 2


def test_service_codes_are_unique_per_agency_and_only_staff_of_the_agency_write(
    service_a, agency_a, staff_a, staff_b, it_office_user
):
    with pytest.raises(ValidationError):
        services.save_service(
            agency=agency_a, by=staff_a, data={"code": "A-1", "name_fa": "دوباره"}, channels={Channel.ONLINE: None}
        )
    for user in (staff_b, it_office_user):
        with pytest.raises(PermissionDenied):
            services.save_service(
                agency=agency_a, by=user, data={"code": "A-9", "name_fa": "نو"}, channels={Channel.ONLINE: None}
            )
    assert Service.objects.count() == 1
