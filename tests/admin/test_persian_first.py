"""The admin is Persian first: RTL, Vazirmatn, translated header, Jalali dates, filters and picker."""

import datetime

import pytest
from django.contrib.admin import site
from django.urls import reverse
from django.utils import timezone, translation

from programs.models import ReportingPeriod
from reform_portal.admin import JalaliDateFieldListFilter, jalali_range
from reform_portal.forms import JalaliDateInput
from tests import factories


def test_admin_pages_are_right_to_left_in_vazirmatn(admin_client):
    response = admin_client.get(reverse("admin:index"))
    page = response.content.decode()
    assert 'lang="fa" dir="rtl"' in page
    assert "admin/css/rtl.css" in page
    assert "css/admin.css" in page


def test_admin_css_carries_the_font(settings):
    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text()
    assert "Vazirmatn-Regular.woff2" in css and "--font-family-primary" in css


def test_site_header_is_translated(admin_client):
    with translation.override("en"):
        assert str(site.site_header) == "Administrative Reform Monitoring System"
    with translation.override("fa"):
        assert str(site.site_header) == "سامانه پایش تحول نظام اداری"
    assert "سامانه پایش تحول نظام اداری" in admin_client.get(reverse("admin:index")).content.decode()


def test_dates_in_lists_are_jalali(admin_client):
    factories.PeriodFactory(opens_on=datetime.date(2026, 3, 21), due_on=datetime.date(2026, 7, 1),
                            closes_on=datetime.date(2026, 7, 20))  # fmt: skip
    page = admin_client.get(reverse("admin:programs_reportingperiod_changelist")).content.decode()
    assert "۱۴۰۵/۰۱/۰۱" in page


def test_date_fields_use_the_jalali_picker(admin_client):
    page = admin_client.get(reverse("admin:programs_reportingperiod_add")).content.decode()
    assert 'class="jalali-date"' in page
    assert "js/jalali-datepicker.js" in page
    assert "css/jalali-datepicker.css" in page


def test_jalali_input_media_serves_portal_forms_too():
    media = str(JalaliDateInput().media)
    assert "js/jalali-datepicker.js" in media


def test_jalali_ranges():
    today = datetime.date(2026, 5, 10)  # 1405/02/20
    assert jalali_range("month", today) == (datetime.date(2026, 4, 21), datetime.date(2026, 5, 21))
    assert jalali_range("quarter", today) == (datetime.date(2026, 3, 21), datetime.date(2026, 6, 21))
    assert jalali_range("year", today) == (datetime.date(2026, 3, 21), datetime.date(2027, 3, 20))
    assert jalali_range("last_year", today) == (datetime.date(2025, 3, 21), datetime.date(2026, 3, 20))
    assert jalali_range("nonsense", today) is None


@pytest.mark.parametrize("choice", ["month", "quarter", "year", "last_year"])
def test_jalali_list_filter_on_the_changelist(admin_client, choice):
    start, end = jalali_range(choice)
    inside = factories.PeriodFactory(opens_on=start, due_on=end, closes_on=end)
    factories.PeriodFactory(opens_on=start - datetime.timedelta(days=1), due_on=end, closes_on=end)
    response = admin_client.get(reverse("admin:programs_reportingperiod_changelist"), {"opens_on__jalali": choice})
    assert response.status_code == 200
    assert [p.pk for p in response.context["cl"].result_list] == [inside.pk]


def test_jalali_filter_on_a_datetime_field(admin_client):
    report = factories.ReportFactory(state="submitted", first_submitted_at=timezone.now(), submitted_at=timezone.now())
    factories.ReportFactory(state="submitted", first_submitted_at=timezone.now(),
                            submitted_at=timezone.now() - datetime.timedelta(days=800))  # fmt: skip
    response = admin_client.get(reverse("admin:programs_progressreport_changelist"), {"submitted_at__jalali": "year"})
    assert [r.pk for r in response.context["cl"].result_list] == [report.pk]


def test_plain_date_fields_in_list_filter_get_the_jalali_filter(rf, superuser):
    from django.contrib import admin

    class PlainAdmin(admin.ModelAdmin):
        list_filter = ["due_on"]

    request = rf.get("/", {"due_on__jalali": "year"})
    request.user = superuser
    changelist = PlainAdmin(ReportingPeriod, site).get_changelist_instance(request)
    assert isinstance(changelist.filter_specs[0], JalaliDateFieldListFilter)
