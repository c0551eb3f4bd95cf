"""Indicator values inside the progress report: saved with it, refused when impossible,
required before submitting (with evidence where required), verified by the reviewer."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from programs import services
from programs.indicators import field_name
from programs.models import Evidence, Indicator, IndicatorLevel, IndicatorValue, ProgressReport
from reform_portal import review
from tests import factories
from tests.programs.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(assignment_a):
    program = assignment_a.program
    make = Indicator.objects.create
    found = {
        "count": make(program=program, code="T-COUNT", title_fa="خدمات الکترونیکی‌شده", kind="value",
                      evidence_required=True, min_value=0, max_value=500),
        "ratio": make(program=program, code="T-RATIO", title_fa="سهم خدمات برخط", kind="ratio",
                      numerator_label="خدمات برخط", denominator_label="همه خدمات"),
        "yes": make(program=program, code="T-YES", title_fa="درگاه یکپارچه", kind="yes_no"),
        "level": make(program=program, code="T-LEVEL", title_fa="کیفیت پاسخگویی", kind="qualitative"),
        "other_group": make(program=program, code="T-OTHER", title_fa="ویژه گروه دیگر", kind="value",
                            indicator_set="specific", agency_group="health_welfare"),
        "computed": make(program=program, code="T-SHARE", title_fa="سهم تراکنش‌ها", kind="ratio",
                         source="outside_transaction_share"),
    }  # fmt: skip
    for rank in (1, 2, 3):
        IndicatorLevel.objects.create(indicator=found["level"], rank=rank, label_fa=f"سطح {rank}",
                                      fraction=Decimal(rank) / 3)  # fmt: skip
    return found


def _values(indicators, **overrides):
    values = {
        indicators["count"].pk: {"value": Decimal(12), "note": "دوازده خدمت"},
        indicators["ratio"].pk: {"numerator": Decimal(30), "denominator": Decimal(40)},
        indicators["yes"].pk: {"value": Decimal(1)},
        indicators["level"].pk: {"value": Decimal(2)},
    }
    for key, value in overrides.items():
        values[indicators[key].pk] = value
    return values


DATA = {"percent": 50, "status": "on_track", "work_done": "کار انجام شد"}


def test_values_are_saved_with_the_report(assignment_a, period, staff_a, indicators):
    report = services.save_draft(assignment=assignment_a, period=period, by=staff_a, data=DATA,
                                 indicator_values=_values(indicators))  # fmt: skip
    stored = {row.indicator.code: row for row in IndicatorValue.objects.filter(report=report)}
    assert set(stored) == {"T-COUNT", "T-RATIO", "T-YES", "T-LEVEL"}
    assert (stored["T-RATIO"].numerator, stored["T-RATIO"].denominator, stored["T-RATIO"].value) == (
        Decimal(30), Decimal(40), Decimal("75.0000"),
    )  # fmt: skip
    assert stored["T-COUNT"].note == "دوازده خدمت"
    services.save_draft(assignment=assignment_a, period=period, by=staff_a, data=DATA,
                        indicator_values=_values(indicators, count={"value": Decimal(14)}))  # fmt: skip
    assert IndicatorValue.objects.get(report=report, indicator=indicators["count"]).value == Decimal(14)
    assert list(report.events.values_list("action", flat=True)) == ["report.created", "report.saved"]


@pytest.mark.parametrize(
    ("key", "typed", "field", "words"),
    [
        ("ratio", {"numerator": Decimal(50), "denominator": Decimal(40)}, "numerator", "cannot exceed"),
        ("ratio", {"numerator": Decimal(5), "denominator": Decimal(0)}, "denominator", "above zero"),
        ("ratio", {"numerator": Decimal(5), "denominator": None}, "denominator", "both"),
        ("count", {"value": Decimal(501)}, "value", "outside the valid range"),
        ("yes", {"value": Decimal(2)}, "value", "yes or no"),
        ("level", {"value": Decimal(7)}, "value", "levels"),
    ],
)
def test_impossible_values_are_refused_with_a_clear_message(
    assignment_a, period, staff_a, indicators, key, typed, field, words
):  # fmt: skip
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.save_draft(assignment=assignment_a, period=period, by=staff_a, data=DATA,
                            indicator_values=_values(indicators, **{key: typed}))  # fmt: skip
    messages = refused.value.message_dict[field_name(indicators[key].pk, field)]
    assert words in messages[0] and indicators[key].title_fa in messages[0]
    assert not ProgressReport.objects.exists()  # nothing saved


def test_submitting_needs_every_value_and_the_evidence_required(assignment_a, period, staff_a, indicators):
    values = _values(indicators)
    del values[indicators["yes"].pk]
    with translation.override("en"), pytest.raises(review.SubmissionRefused) as refused:
        services.save_and_submit(assignment=assignment_a, period=period, by=staff_a, data=DATA,
                                 indicator_values=values)  # fmt: skip
    errors = refused.value.message_dict
    assert "درگاه یکپارچه" in errors[field_name(indicators["yes"].pk, "value")][0]
    assert "evidence" in errors[field_name(indicators["count"].pk, "evidence")][0]  # 12 services, no file
    assert field_name(indicators["other_group"].pk, "value") not in errors  # another group's indicator
    report = refused.value.record
    assert report.state == "draft"
    report = services.save_and_submit(
        assignment=assignment_a, period=period, by=staff_a, data=DATA, indicator_values=_values(indicators),
        indicator_files={indicators["count"].pk: [upload("فهرست خدمات.pdf")]},
    )  # fmt: skip
    assert report.state == "submitted"
    assert Evidence.objects.get(report=report).indicator == indicators["count"]


def test_zero_needs_no_evidence(assignment_a, period, staff_a, indicators):
    report = services.save_and_submit(assignment=assignment_a, period=period, by=staff_a, data=DATA,
                                      indicator_values=_values(indicators, count={"value": Decimal(0)}))  # fmt: skip
    assert report.state == "submitted"


@pytest.fixture
def submitted(assignment_a, period, staff_a, indicators):
    return services.save_and_submit(
        assignment=assignment_a, period=period, by=staff_a, data=DATA, indicator_values=_values(indicators),
        indicator_files={indicators["count"].pk: [upload()]},
    )  # fmt: skip


def test_the_reviewer_records_a_verified_value_and_both_are_kept(submitted, indicators, it_office_user, staff_a):
    row = services.verify_indicator_value(
        report=submitted, indicator=indicators["ratio"], by=it_office_user, reason="سامانه ۲۵ خدمت نشان می‌دهد.",
        numerator=Decimal(25), denominator=Decimal(40),
    )  # fmt: skip
    assert (row.value, row.verified_value, row.verified_by) == (Decimal(75), Decimal("62.5000"), it_office_user)
    assert row.effective_value == Decimal("62.5")
    event = submitted.events.get(action="report.indicator_verified")
    assert event.comment == "سامانه ۲۵ خدمت نشان می‌دهد."
    assert event.data == {"indicator": "T-RATIO", "declared": "75", "verified": "62.5",
                          "declared_ratio": ["30", "40"], "verified_ratio": ["25", "40"]}  # fmt: skip
    with pytest.raises(ValidationError):  # a reason is required
        services.verify_indicator_value(report=submitted, indicator=indicators["yes"], by=it_office_user, reason="",
                                        value=Decimal(0))  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.verify_indicator_value(report=submitted, indicator=indicators["yes"], by=staff_a, reason="x",
                                        value=Decimal(0))  # fmt: skip
    with pytest.raises(ValidationError):
        services.verify_indicator_value(report=submitted, indicator=indicators["yes"], by=it_office_user, reason="x",
                                        value=Decimal(3))  # fmt: skip


def test_verification_is_refused_once_the_report_left_review_and_cleared_when_the_agency_corrects(
    submitted, indicators, it_office_user, staff_a, assignment_a, period
):  # fmt: skip
    services.verify_indicator_value(report=submitted, indicator=indicators["count"], by=it_office_user,
                                    reason="۱۰ خدمت", value=Decimal(10))  # fmt: skip
    services.return_report(report=submitted, by=it_office_user, reason="اصلاح کنید")
    with pytest.raises(review.TransitionError):
        services.verify_indicator_value(report=submitted, indicator=indicators["count"], by=it_office_user,
                                        reason="دوباره", value=Decimal(9))  # fmt: skip
    services.save_draft(assignment=assignment_a, period=period, by=staff_a, data=DATA,
                        indicator_values=_values(indicators, count={"value": Decimal(11)}))  # fmt: skip
    row = IndicatorValue.objects.get(report=submitted, indicator=indicators["count"])
    assert (row.value, row.verified_value, row.verified_at) == (Decimal(11), None, None)


def test_the_report_form_shows_the_indicators_and_saves_them(client, assignment_a, period, staff_a, indicators):
    client.force_login(staff_a)
    url = reverse("programs:report_start", args=[assignment_a.pk, period.pk])
    page = client.get(url).content.decode()
    assert "سهم خدمات برخط" in page and "ویژه گروه دیگر" not in page
    assert "سامانه این شاخص را از آمار تأییدشده تراکنش‌های دستگاه محاسبه می‌کند" in page  # shown, not typed
    post = {
        **DATA, "save": "1", field_name(indicators["count"].pk, "value"): "۱۲",
        field_name(indicators["ratio"].pk, "numerator"): "۵۰", field_name(indicators["ratio"].pk, "denominator"): "۴۰",
    }  # fmt: skip
    response = client.post(url, post)
    assert response.status_code == 200
    assert "صورت (۵۰) نمی‌تواند از مخرج (۴۰) بیشتر باشد" in response.content.decode()
    post[field_name(indicators["ratio"].pk, "numerator")] = "۳۰"
    response = client.post(url, post)
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert IndicatorValue.objects.get(report=report, indicator=indicators["ratio"]).value == Decimal(75)


def test_the_reviewer_verifies_on_the_report_page(client, submitted, indicators, it_office_user, staff_b):
    client.force_login(it_office_user)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert f"indicator-value-{indicators['count'].pk}" in page
    url = reverse("programs:indicator_verify", args=[submitted.pk])
    response = client.post(url, {"indicator": indicators["count"].pk, "value": "۱۰", "reason": "در سامانه ۱۰ است"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(report=submitted, indicator=indicators["count"]).verified_value == 10
    response = client.post(url, {"indicator": indicators["count"].pk, "value": "۱۰", "reason": ""})
    assert response.status_code == 400
    other = factories.UserFactory(role="it_office_reviewer", agency=factories.AgencyFactory(
        province=factories.ProvinceFactory(code="OTHER"), kind="it_office", group=""))  # fmt: skip
    client.force_login(other)
    assert client.post(url, {"indicator": indicators["count"].pk, "value": "9", "reason": "x"}).status_code == 404
