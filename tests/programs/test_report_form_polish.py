"""The report form says what happened: a refused draft is «not saved» (not «not submitted»), files
kept by a saved draft are not said to be lost, the evidence label is not doubled, and the
percent and its messages are in Persian digits."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from programs.models import Evidence, ProgressReport
from tests import factories
from tests.programs.conftest import upload

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_refused_draft_says_the_draft_was_not_saved(client, staff_a, assignment_a, period):
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    response = client.post(url, {"percent": "۱۵۰", "status": "on_track", "work_done": "", "save": "1"})
    assert response.status_code == 200
    (message,) = _messages(response)
    assert message.startswith("پیش‌نویس ذخیره نشد") and "ارسال نشد" not in message
    page = response.content.decode()
    assert "۱۰۰" in page and "مساوی 100" not in page  # the limit in Persian digits
    assert 'value="۱۵۰"' in page  # what was typed, in Persian digits


def test_files_kept_by_a_saved_draft_are_not_said_to_be_lost(client, staff_a, assignment_a, period):
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    response = client.post(
        url, {"percent": "۳۰", "status": "on_track", "work_done": "", "submit": "1", "evidence": [upload("مدرک.pdf")]}
    )
    assert response.status_code == 200
    assert Evidence.objects.filter(report__assignment=assignment_a, removed_at__isnull=True).count() == 1
    page = response.content.decode()
    assert "مدرک.pdf" in page
    assert 'id="files-not-kept"' not in page


def test_files_chosen_before_an_error_that_saved_nothing_are_said_to_be_lost(client, staff_a, assignment_a, period):
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    response = client.post(url, {"percent": "۱۵۰", "status": "on_track", "save": "1", "evidence": [upload()]})
    assert 'id="files-not-kept"' in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_evidence_label_is_not_doubled(client, staff_a, assignment_a, period):
    client.force_login(staff_a)
    page = client.get(reverse("programs:report_start", args=[assignment_a.pk, period.pk])).content.decode()
    assert page.count("پرونده‌های مستند") == 1 and "افزودن پرونده" in page


def test_the_percent_box_and_the_decrease_message_use_persian_digits(client, staff_a, assignment_a, period):
    earlier = factories.PeriodFactory(
        opens_on=period.opens_on - datetime.timedelta(days=90),
        due_on=period.opens_on - datetime.timedelta(days=60),
        closes_on=period.opens_on - datetime.timedelta(days=50),
    )
    factories.ReportFactory(
        assignment=assignment_a, period=earlier, percent=67, state="approved", first_submitted_at=timezone.now()
    )
    report = factories.ReportFactory(assignment=assignment_a, period=period, percent=65, work_done="کار")
    client.force_login(staff_a)
    edit = reverse("programs:report_edit", args=[report.pk])
    assert 'value="۶۵"' in client.get(edit).content.decode()
    response = client.post(edit, {"percent": "65", "status": "on_track", "work_done": "کار", "submit": "1"})
    page = response.content.decode()
    assert "(۶۷٪)" in page and "(67)" not in page
    assert 'value="۶۵"' in page
