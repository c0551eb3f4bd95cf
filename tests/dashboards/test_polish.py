"""The dashboard offers only periods that have opened; the province status PDF has a letterhead,
a trend chart, page numbers in Persian digits and the heatmap's column headers on every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.exports import status_pdf_html
from dashboards.selectors import Filters, province_dashboard
from programs.metrics import all_periods
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_period_that_has_not_opened_is_not_offered(client, province, reviewer):
    today = timezone.localdate()
    future = factories.PeriodFactory(
        fiscal_year=1499, number=4, opens_on=today + datetime.timedelta(days=20),
        due_on=today + datetime.timedelta(days=100), closes_on=today + datetime.timedelta(days=110),
    )  # fmt: skip
    client.force_login(reviewer)
    response = client.get(reverse("dashboards:dashboard"))
    page = response.content.decode()
    assert f'<option value="{future.pk}"' not in page
    assert f'<option value="{province.q2.pk}"' in page
    asked = client.get(reverse("dashboards:dashboard"), {"period": future.pk}).content.decode()
    assert f'<option value="{future.pk}"' not in asked and future.label not in asked


def _pdf_html(reviewer, province) -> str:
    dashboard = province_dashboard(reviewer, Filters(period=province.q2), periods=all_periods())
    return dashboard, status_pdf_html(dashboard)


def test_status_pdf_has_a_letterhead_a_chart_and_persian_page_numbers(province, reviewer):
    _dashboard, html = _pdf_html(reviewer, province)
    assert 'class="letterhead"' in html and f"استانداری {reviewer.agency.province.name_fa}" in html
    assert "<svg" in html and "<polyline" in html  # the trend, drawn without JavaScript
    assert "counter(page, persian)" in html and "counter(pages, persian)" in html
    assert "<thead><tr><th>دستگاه</th>" in html


def test_status_pdf_repeats_the_heatmap_headers_on_every_page(province, reviewer):
    """Enough agencies to fill more than a page: every page of the heatmap starts with its headers."""
    from weasyprint import HTML

    program = province.p1
    for index in range(60):
        agency = factories.AgencyFactory(province=province.a.province, name_fa=f"دستگاه آزمایشی {index}")
        factories.AssignmentFactory(agency=agency, program=program)
    _dashboard, html = _pdf_html(reviewer, province)
    document = HTML(string=html).render()

    def texts(page):
        found = []

        def walk(box):
            if getattr(box, "text", None):
                found.append(box.text)
            for child in getattr(box, "children", []):
                walk(child)

        walk(page._page_box)
        return " ".join(found)

    pages = [texts(page) for page in document.pages]
    start = next(index for index, text in enumerate(pages) if "آخرین درصد تأییدشده" in text)
    later = [text for text in pages[start + 1 :] if "دستگاه آزمایشی" in text]
    assert later, "the heatmap fits on its first page: this test needs more agencies"
    for text in later:
        assert "دستگاه" in text.split("دستگاه آزمایشی")[0]  # the header cell comes before the rows
