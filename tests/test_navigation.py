"""The top bar: a skip link, the page shown marked for screen readers, links chosen by the access
policy (staff reach their agency's dashboard; the governorate is not promised a review)."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_skip_link_leads_to_the_main_content(client, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("programs:agency", args=[staff_a.agency_id])).content.decode()
    assert '<a class="skip-link visually-hidden-focusable" href="#main">پرش به محتوا</a>' in page
    assert 'id="main" tabindex="-1"' in page
    assert page.index('href="#main"') < page.index("<nav")


def test_the_page_shown_is_marked_in_the_menu(client, staff_a):
    client.force_login(staff_a)
    agency = reverse("programs:agency", args=[staff_a.agency_id])
    page = client.get(agency).content.decode()
    assert f'<a class="nav-link active" aria-current="page" href="{agency}">' in page
    assert page.count('aria-current="page"') >= 1
    circular_list = client.get(reverse("circulars:list")).content.decode()
    assert f'<a class="nav-link active" aria-current="page" href="{reverse("circulars:list")}">' in circular_list
    assert f'<a class="nav-link" href="{agency}">' in circular_list


def test_staff_menu_links_to_their_agency_dashboard(client, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("circulars:list")).content.decode()
    assert f'href="{reverse("dashboards:agency", args=[staff_a.agency_id])}">داشبورد دستگاه</a>' in page


def test_menu_names_the_queue_by_what_the_user_may_do(client, governorate_user, it_office_user):
    client.force_login(governorate_user)
    page = client.get(reverse("circulars:list")).content.decode()
    assert "گزارش‌های ارسال‌شده</a>" in page and "صف بررسی</a>" not in page
    client.force_login(it_office_user)
    assert "صف بررسی</a>" in client.get(reverse("circulars:list")).content.decode()


def test_make_run_points_email_links_at_the_port_it_serves():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert "run: export SITE_URL ?= http://$(HOST):$(PORT)" in makefile
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert "Mail leaves only when `send_queued_mail` runs" in readme


def test_typed_text_keeps_its_own_direction_in_english(client, staff_a, it_office_user):
    """A Persian narrative on an English page is laid out right to left (dir="auto"), and a
    Persian name before a date does not turn the date around (<bdi>)."""
    from programs import services

    report = services.save_draft(
        assignment=factories.AssignmentFactory(agency=staff_a.agency), period=factories.PeriodFactory(), by=staff_a,
        data={"percent": 10, "work_done": "دو دفتر پیشخوان راه‌اندازی شد."},
    )  # fmt: skip
    client.force_login(staff_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(report.get_absolute_url()).content.decode()
    assert '<dd class="col-sm-8" dir="auto">دو دفتر پیشخوان راه‌اندازی شد.</dd>' in page
    assert "<bdi>" in page.split('id="timeline-heading"')[1]
