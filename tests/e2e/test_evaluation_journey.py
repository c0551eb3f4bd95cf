"""The evaluation in a real browser: an agency reports two indicator values with evidence, the
reviewer verifies one with a different value, the results are published, the agency objects,
the objection is accepted and the ranking changes."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from evaluations.models import EvaluationCycle, IndicatorScore, Objection
from programs.models import Indicator, IndicatorTarget, IndicatorValue, ProgressReport
from tests import factories
from tests.e2e.test_report_journey import PDF, login, logout

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
YEAR = 1405


@pytest.fixture
def evaluation(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    province = factories.ProvinceFactory()
    a = factories.AgencyFactory(province=province, name_fa="سازمان جهاد کشاورزی")
    b = factories.AgencyFactory(province=province, name_fa="اداره کل آموزش و پرورش")
    program = factories.ProgramFactory(title_fa="توسعه دولت الکترونیک")
    today = timezone.localdate()
    period = factories.PeriodFactory(fiscal_year=YEAR, number=3)
    services_online = Indicator.objects.create(
        program=program, code="EG-01", title_fa="خدمات الکترونیکی‌شده", kind="value", aggregation="sum", weight=5,
        evidence_required=True,
    )  # fmt: skip
    letters = Indicator.objects.create(
        program=program, code="PL-01", title_fa="سهم مکاتبات الکترونیکی", kind="ratio", aggregation="latest",
        weight=5, numerator_label="نامه‌های الکترونیکی", denominator_label="همه نامه‌ها", evidence_required=True,
    )  # fmt: skip
    IndicatorTarget.objects.create(indicator=services_online, fiscal_year=YEAR, value=10)
    IndicatorTarget.objects.create(indicator=letters, fiscal_year=YEAR, value=80)
    factories.AssignmentFactory(agency=a, program=program)
    b_report = factories.ReportFactory(
        assignment=factories.AssignmentFactory(agency=b, program=program), period=period, state="approved",
        work_done="انجام شد", first_submitted_at=timezone.now(),
    )  # fmt: skip
    IndicatorValue.objects.create(report=b_report, indicator=services_online, value=8)  # 0.8 × 5 = 4
    IndicatorValue.objects.create(report=b_report, indicator=letters, value=80, numerator=80, denominator=100)  # 5
    factories.UserFactory(username="staff1", role="agency_staff", agency=a)
    factories.UserFactory(
        username="itoffice", role="it_office_reviewer",
        agency=factories.AgencyFactory(province=province, kind="it_office", group=""),
    )  # fmt: skip
    cycle = EvaluationCycle.objects.create(
        province=province, fiscal_year=YEAR, state="under_evaluation", objection_opens_on=today,
        objection_closes_on=today + datetime.timedelta(days=10),
    )  # fmt: skip
    return {"a": a, "b": b, "cycle": cycle, "services": services_online, "letters": letters}


def _ranking(page: Page) -> list[str]:
    return page.locator("#province-ranking tbody th").all_inner_texts()


def test_report_verify_publish_object_accept(page: Page, live_server, evaluation):
    base, cycle = live_server.url, evaluation["cycle"]
    services_online, letters = evaluation["services"], evaluation["letters"]

    # The agency reports both indicator values, each with its evidence file.
    login(page, base, "staff1")
    page.get_by_role("link", name="شروع گزارش").click()
    page.get_by_label("درصد پیشرفت").fill("۷۰")
    page.get_by_label("اقدامات انجام‌شده").fill("ده خدمت دیگر الکترونیکی شد.")
    box = page.locator(f"#indicator-{services_online.pk}")
    box.get_by_label("خدمات الکترونیکی‌شده").fill("۱۰")
    box.get_by_label("مستندات این شاخص").set_input_files(
        {"name": "فهرست خدمات.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    box = page.locator(f"#indicator-{letters.pk}")
    box.get_by_label("نامه‌های الکترونیکی").fill("۸۰")
    box.get_by_label("همه نامه‌ها").fill("۱۰۰")
    box.get_by_label("مستندات این شاخص").set_input_files(
        {"name": "گزارش دبیرخانه.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="ارسال برای بررسی").click()
    expect(page.locator("#report-state")).to_have_text("ارسال‌شده")
    expect(page.get_by_role("link", name="فهرست خدمات.pdf").first).to_be_visible()
    report = ProgressReport.objects.get(assignment__agency=evaluation["a"])
    logout(page)

    # The reviewer records a verified value for the first, then approves the report.
    login(page, base, "itoffice")
    page.goto(f"{base}{report.get_absolute_url()}")
    box = page.locator(f"#indicator-value-{services_online.pk}")
    box.locator("summary").click()
    box.get_by_label("مقدار تأییدشده").fill("۶")
    box.get_by_label("دلیل تفاوت با مقدار اظهارشده").fill("در درگاه ملی تنها شش خدمت فعال است.")
    box.get_by_role("button", name="ثبت مقدار تأییدشده").click()
    box = page.locator(f"#indicator-value-{services_online.pk}")
    expect(box.locator("[data-role=verified]")).to_contain_text("۶")
    expect(box.locator("[data-role=declared]")).to_contain_text("۱۰")
    page.get_by_role("button", name="تأیید").click()
    expect(page.locator("#report-state")).to_have_text("تأییدشده")

    # The IT office publishes the preliminary results and opens the objection window.
    page.goto(f"{base}{cycle.get_absolute_url()}")
    page.get_by_role("button", name="محاسبه و اعلام نتایج اولیه").click()
    expect(page.locator("#cycle-state")).to_have_text("نتایج اولیه اعلام شد")
    page.get_by_role("button", name="گشودن مهلت اعتراض").click()
    expect(page.locator("#cycle-state")).to_have_text("مهلت اعتراض باز است")
    page.get_by_role("link", name="نتایج و رتبه‌بندی").click()
    assert _ranking(page) == ["اداره کل آموزش و پرورش", "سازمان جهاد کشاورزی"]  # 900 and 800
    logout(page)

    # The agency sees its score, how it was computed, and objects.
    login(page, base, "staff1")
    page.get_by_role("link", name="ارزیابی", exact=True).click()
    page.get_by_role("link", name="امتیازهای دستگاه شما").click()
    expect(page.locator("#overall-score")).to_have_text("۸۰۰")
    row = page.locator("#score-EG-01")
    expect(row).to_contain_text("عملکرد ÷ هدف = ۶ ÷ ۱۰")
    row.get_by_role("link", name="اعتراض").click()
    page.get_by_label("دلیل اعتراض").fill("ده خدمت در درگاه ملی فعال است؛ فهرست پیوست است.")
    page.get_by_label("مقداری که درست می‌دانید (اختیاری)").fill("۱۰")
    page.get_by_label("پیوست‌ها").set_input_files({"name": "فهرست درگاه.pdf", "mimeType": "application/pdf",
                                                   "buffer": PDF})  # fmt: skip
    page.get_by_role("button", name="ثبت اعتراض").click()
    expect(page.locator("#objection-state")).to_have_text("ثبت‌شده، در انتظار رسیدگی")
    objection = Objection.objects.get()
    logout(page)

    # The IT office accepts it; the score is recomputed and the ranking changes.
    login(page, base, "itoffice")
    page.goto(f"{base}{cycle.get_absolute_url()}")
    page.get_by_role("link", name="EG-01 — خدمات الکترونیکی‌شده").click()
    expect(page.get_by_role("link", name="فهرست درگاه.pdf")).to_be_visible()
    expect(page.get_by_label("مقداری که امتیاز با آن دوباره محاسبه می‌شود")).to_have_value("۱۰")
    page.get_by_label("دلیل تصمیم (برای رد الزامی است)").fill("فهرست با درگاه ملی تطبیق داده شد.")
    page.get_by_role("button", name="پذیرش و محاسبه دوباره امتیاز").click()
    expect(page.locator("#objection-state")).to_have_text("پذیرفته‌شده")
    expect(page.locator("#score-now")).to_contain_text("۵")
    page.goto(f"{base}/evaluations/{cycle.pk}/results/")
    assert _ranking(page) == ["سازمان جهاد کشاورزی", "اداره کل آموزش و پرورش"]  # 1000 and 900

    score = IndicatorScore.objects.get(agency=evaluation["a"], indicator=services_online)
    assert (score.preliminary_score, score.score, score.source) == (Decimal("3.00"), Decimal("5.00"), "objection")
    assert list(objection.events.values_list("action", flat=True)) == ["objection.filed", "objection.accepted"]
    assert report.events.filter(action="report.indicator_verified").count() == 1
