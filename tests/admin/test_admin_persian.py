"""The admin in Persian: headings of every app, counts in Persian digits, and a history that a
person can read (labels, Jalali times, names instead of ids, no «programs.ReportEvent.None»)."""

import re

import pytest
from auditlog.context import set_actor
from django.urls import reverse
from django.utils import timezone

from programs import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_index_headings_are_persian(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    for english in ("Axes", "Post Office", ">Emails<", ">Logs<"):
        assert english not in page
    assert "تلاش‌های ورود" in page and "صندوق نامه‌های خروجی" in page


def test_changelist_count_and_numbers_in_persian_digits(admin_client):
    report = factories.ReportFactory(percent=97)
    page = admin_client.get(reverse("admin:programs_progressreport_changelist")).content.decode()
    paginator = re.search(r'<p class="paginator">(.*?)</p>', page, re.S).group(1)
    assert "۱" in paginator and not re.search(r"[0-9]", re.sub(r"<[^>]+>", "", paginator))
    detail = admin_client.get(reverse("admin:programs_progressreport_change", args=[report.pk])).content.decode()
    assert "۹۷" in detail


def test_history_is_readable(admin_client, staff_a, it_office_user, agency_a):
    assignment = factories.AssignmentFactory(agency=agency_a)
    period = factories.PeriodFactory()
    with set_actor(staff_a):
        report = services.save_and_submit(
            assignment=assignment, period=period, by=staff_a, data={"percent": 40, "work_done": "کار"}, files=[]
        )
    with set_actor(it_office_user):
        services.approve_report(report=report, by=it_office_user)
    page = admin_client.get(reverse("admin:programs_progressreport_history", args=[report.pk])).content.decode()
    body = page.split('id="auditlog-history"')[1]
    assert "programs.ReportEvent.None" not in body and "None" not in body
    assert not re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", body)  # no ISO (UTC) timestamps
    assert "تأییدشده" in body  # the state's label, not "approved"
    assert ">approved<" not in body and ">submitted<" not in body
    assert it_office_user.username in body or it_office_user.get_full_name() in body  # a name, not an id
    today = timezone.localdate()
    assert "۱۴" in body or str(today.year) not in body  # Jalali dates in Persian digits


def test_cells_isolate_codes_and_write_digits_in_persian():
    from django.utils import translation

    from reform_portal.templatetags.portal_admin import persian_html, persian_text

    cell = '<td class="field-code"><a href="/admin/x/12/change/" title="CO-01">CO-01 — ۱۲ &amp; 34 a@b.ir</a></td>'
    with translation.override("fa"):
        assert persian_html(cell) == (
            '<td class="field-code"><a href="/admin/x/12/change/" title="CO-01"><bdi dir="ltr">CO-01</bdi> — ۱۲ '
            '&amp; ۳۴ <bdi dir="ltr">a@b.ir</bdi></a></td>'
        )
        typed = persian_text("<b>1403</b>")  # typed text stays text
        assert typed == '&lt;<bdi dir="ltr">b</bdi>&gt;۱۴۰۳&lt;/<bdi dir="ltr">b</bdi>&gt;'
    with translation.override("en"):
        assert persian_html(cell) == cell


def test_filters_groups_and_the_log_speak_persian(admin_client):
    from django.contrib.auth.models import Group

    factories.PeriodFactory(fiscal_year=1404)
    periods = admin_client.get(reverse("admin:programs_reportingperiod_changelist")).content.decode()
    assert ">۱۴۰۴</a>" in periods and ">1404</a>" not in periods  # the fiscal-year filter
    group = Group.objects.get_or_create(name="Data entry")[0]
    assert str(group) == "ورود اطلاعات"
    log = admin_client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "Correlation" not in log and "date_hierarchy" not in log
