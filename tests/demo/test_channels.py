import pytest
from django.core.management import call_command

from programs.models import ReportingPeriod
from programs.selectors import current_period
from service_channels.models import ChannelReport, ChannelReportEvent, Service, ServiceChannel, TransactionCount
from service_channels.selectors import channel_dashboard

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count() for model in (Service, ServiceChannel, ChannelReport, TransactionCount,
                                                ChannelReportEvent)]  # fmt: skip


def test_seed_demo_adds_catalogues_and_counts_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()
    assert first[0] >= 60 and first[2] >= 28
    call_command("seed_demo")
    assert _counts() == first
    assert ChannelReport.objects.filter(state="approved").exists()
    assert TransactionCount.objects.filter(count__isnull=True).exists()  # some "not reported"
    # staff1's agency has the current period left to fill in.
    period = current_period()
    assert not ChannelReport.objects.filter(agency__code="WAZ-AGR", period=period).exists()
    # The dashboard has figures to show.
    from agencies.models import User

    dashboard = channel_dashboard(User.objects.get(username="itoffice"), period)
    assert dashboard.services.percent is not None
    past = ReportingPeriod.objects.filter(closes_on__lt=period.opens_on).order_by("-opens_on").first()
    assert channel_dashboard(User.objects.get(username="itoffice"), past).transactions.percent is not None
