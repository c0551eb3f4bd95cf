import datetime

import pytest
from django.utils import timezone

from service_channels.models import Channel, ChannelReport, Service, ServiceChannel, TransactionCount
from tests import factories


def make_service(agency, code, channels, *, is_active=True, name_fa=None):
    """channels: {channel: opened_on or None}."""
    service = Service.objects.create(
        agency=agency, code=code, name_fa=name_fa or f"خدمت {code}", name_en=f"Service {code}", is_active=is_active
    )
    for channel, opened_on in channels.items():
        ServiceChannel.objects.create(service=service, channel=channel, opened_on=opened_on)
    return service


def sc(service, channel):
    return ServiceChannel.objects.get(service=service, channel=channel)


def make_report(agency, period, counts, *, state="approved"):
    """counts: {(service, channel): number or None}."""
    report = ChannelReport.objects.create(
        agency=agency,
        period=period,
        state=state,
        first_submitted_at=None if state == "draft" else timezone.now(),
    )
    for (service, channel), value in counts.items():
        TransactionCount.objects.create(report=report, service_channel=sc(service, channel), count=value)
    return report


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def period(db):
    """Open now: opened 30 days ago, due in 10 days, closes in 25."""
    return factories.PeriodFactory(fiscal_year=1400, number=2)


@pytest.fixture
def past_period(db, today):
    return factories.PeriodFactory(
        fiscal_year=1400,
        number=1,
        opens_on=today - datetime.timedelta(days=120),
        due_on=today - datetime.timedelta(days=80),
        closes_on=today - datetime.timedelta(days=70),
    )


@pytest.fixture
def service_a(agency_a):
    return make_service(agency_a, "A-1", {Channel.IN_PERSON: None, Channel.ONLINE: None})


@pytest.fixture
def service_b(agency_b):
    return make_service(agency_b, "B-1", {Channel.IN_PERSON: None, Channel.COUNTER_OFFICE: None})
