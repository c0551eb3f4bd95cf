"""Bad input into the portal's own forms, through the pages: the report form, the review
form, the circular form, the channel counts and the list filters. Never a server error;
nothing half-saved (a report, circular or count exists only with valid values)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from circulars.models import Circular
from programs.models import ProgressReport
from service_channels.models import Channel, ChannelReport, Service, ServiceChannel, TransactionCount
from tests import factories
from tests.security.test_fuzz_forms import FUZZ, assert_post_survives, nasty_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agency = factories.AgencyFactory()
    staff = factories.UserFactory(role="agency_staff", agency=agency)
    ito = factories.UserFactory(role="it_office_reviewer", agency=factories.AgencyFactory(kind="it_office", group=""))
    period = factories.PeriodFactory()
    assignment = factories.AssignmentFactory(agency=agency)
    return {"agency": agency, "staff": staff, "ito": ito, "period": period, "assignment": assignment}


@FUZZ
@given(
    percent=nasty_text(),
    status=st.one_of(nasty_text(max_size=20), st.sampled_from(["on_track", "done"])),
    work_done=nasty_text(),
    obstacles=nasty_text(),
    action=st.sampled_from(["save", "submit"]),
)
def test_report_form(client, people, percent, status, work_done, obstacles, action):
    client.force_login(people["staff"])
    url = reverse("programs:report_start", args=[people["assignment"].pk, people["period"].pk])
    report = ProgressReport.objects.filter(assignment=people["assignment"]).first()
    if report is not None:
        url = reverse("programs:report_edit", args=[report.pk])
    data = {"percent": percent, "status": status, "work_done": work_done, "obstacles": obstacles, action: "1"}
    assert_post_survives(client, url, data)
    for saved in ProgressReport.objects.all():
        assert 0 <= saved.percent <= 100
        assert saved.status in ProgressReport.Status.values
        assert "\x00" not in saved.work_done


@FUZZ
@given(comment=nasty_text(), decision=st.one_of(nasty_text(max_size=20), st.sampled_from(["approve", "return"])))
def test_review_form(client, people, comment, decision):
    report = factories.ReportFactory(
        assignment=factories.AssignmentFactory(agency=people["agency"]), period=people["period"],
        state="submitted", first_submitted_at=timezone.now(), work_done="x",
    )  # fmt: skip
    client.force_login(people["ito"])
    assert_post_survives(client, reverse("programs:report_review", args=[report.pk]), {"decision": decision,
                                                                                      "comment": comment})  # fmt: skip
    report.refresh_from_db()
    if report.state == "returned":
        assert report.review_comment.strip()


@FUZZ
@given(
    number=nasty_text(max_size=60), date=nasty_text(), subject=nasty_text(), body=nasty_text(),
    target_mode=st.one_of(nasty_text(max_size=10), st.sampled_from(["all", "group", "selected"])),
    acknowledge_by=nasty_text(),
)  # fmt: skip
def test_circular_form(client, people, number, date, subject, body, target_mode, acknowledge_by):
    client.force_login(people["ito"])
    data = {"number": number, "date": date, "subject": subject, "body": body, "target_mode": target_mode,
            "acknowledge_by": acknowledge_by}  # fmt: skip
    assert_post_survives(client, reverse("circulars:create"), data)
    for circular in Circular.objects.all():
        assert circular.subject.strip() and circular.date and circular.acknowledge_by >= circular.date


@FUZZ
@given(counts=st.lists(nasty_text(max_size=30), min_size=2, max_size=2), action=st.sampled_from(["save", "submit"]))
def test_channel_counts_form(client, people, counts, action):
    service, _ = Service.objects.get_or_create(agency=people["agency"], code="S1", defaults={"name_fa": "خدمت"})
    channels = [
        ServiceChannel.objects.get_or_create(service=service, channel=channel)[0]
        for channel in (Channel.IN_PERSON, Channel.ONLINE)
    ]
    client.force_login(people["staff"])
    data = {f"count_{channel.pk}": value for channel, value in zip(channels, counts, strict=True)}
    assert_post_survives(client, reverse("channels:counts_edit", args=[people["period"].pk]), {**data, action: "1"})
    for count in TransactionCount.objects.all():
        assert count.count is None or count.count >= 0
    assert ChannelReport.objects.count() <= 1


@FUZZ
@given(period=nasty_text(max_size=30), program=nasty_text(max_size=30), agency=nasty_text(max_size=30),
       page=nasty_text(max_size=30), scope=nasty_text(max_size=20), sort=nasty_text(max_size=20))  # fmt: skip
def test_list_filters(client, people, period, program, agency, page, scope, sort):
    client.force_login(people["ito"])
    for url in (reverse("programs:review_queue"), reverse("dashboards:dashboard"), reverse("circulars:list"),
                reverse("channels:dashboard")):  # fmt: skip
        params = {"period": period, "program": program, "agency": agency, "page": page, "scope": scope,
                  "sort": sort, "q": program}  # fmt: skip
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)
