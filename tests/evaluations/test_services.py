"""The cycle's and the objection's life cycles through the services, with their illegal moves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from post_office.models import Email

from evaluations import selectors, services
from evaluations.models import EvaluationCycle, IndicatorScore, Objection
from reform_portal.review import TransitionError
from tests.evaluations.conftest import YEAR

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _score(cycle, agency, code):
    return IndicatorScore.objects.get(cycle=cycle, agency=agency, indicator__code=code)


def test_a_cycle_goes_from_self_assessment_to_final(world):
    it = world.users["it"]
    cycle = services.create_cycle(by=it, province_id=world.province.pk, fiscal_year=YEAR)
    assert cycle.state == "self_assessment"
    with pytest.raises(ValidationError):  # the objection window's dates come first
        services.publish_preliminary(cycle=services.start_evaluation(cycle=cycle, by=it), by=it)
    today = timezone.localdate()
    cycle = services.update_cycle(
        cycle=cycle, by=it, objection_opens_on=today, objection_closes_on=today + datetime.timedelta(days=7)
    )
    cycle = services.publish_preliminary(cycle=cycle, by=it)
    assert (cycle.state, cycle.published_by) == ("preliminary", it)
    assert IndicatorScore.objects.filter(cycle=cycle).count() == 12  # A and B: I1–I4; C: I1–I3 and I5
    assert Email.objects.filter(to__contains="ev_staff_a@example.ir", subject__contains="۱۴۰۳").exists()
    with pytest.raises(TransitionError):
        services.update_cycle(cycle=cycle, by=it, late_penalty=Decimal("0.5"))  # the rules are fixed once published
    cycle = services.open_objections(cycle=cycle, by=it)
    with pytest.raises(TransitionError) as refused:  # the window is still open
        services.close_objections(cycle=cycle, by=it)
    assert refused.value.code == "window_open"
    EvaluationCycle.objects.filter(pk=cycle.pk).update(
        objection_opens_on=today - datetime.timedelta(days=8), objection_closes_on=today - datetime.timedelta(days=1)
    )
    cycle = services.close_objections(cycle=cycle, by=it)
    cycle = services.finalize(cycle=cycle, by=it)
    assert (cycle.state, cycle.finalized_by) == ("final", it)
    with pytest.raises(TransitionError):
        services.open_objections(cycle=cycle, by=it)
    with pytest.raises(PermissionDenied):  # only the admin's recorded action reopens it
        services.reopen_cycle(cycle=cycle, by=it, reason="اشتباه")
    with pytest.raises(ValidationError):
        services.reopen_cycle(cycle=cycle, by=world.users["admin"], reason="")
    cycle = services.reopen_cycle(cycle=cycle, by=world.users["admin"], reason="اصلاح یک امتیاز")
    assert cycle.state == "objections_decided"
    assert list(cycle.events.values_list("action", flat=True)) == [
        "evaluation.created", "evaluation.started", "evaluation.edited", "evaluation.published",
        "evaluation.objections_opened", "evaluation.objections_closed", "evaluation.finalized", "evaluation.reopened",
    ]  # fmt: skip
    # every step but the change of settings reached the agency by email, the reopening with its reason
    emails = Email.objects.filter(to__contains="ev_staff_a@example.ir").order_by("pk")
    assert emails.count() == 7
    assert "اصلاح یک امتیاز" in emails.last().message


def test_one_cycle_per_province_and_year_and_only_the_it_office_runs_it(world):
    services.create_cycle(by=world.users["it"], province_id=world.province.pk, fiscal_year=YEAR)
    with pytest.raises(ValidationError):
        services.create_cycle(by=world.users["it"], province_id=world.province.pk, fiscal_year=YEAR)
    for role in ("staff_a", "gov", "it2", "deputy_a"):
        with pytest.raises(PermissionDenied):
            services.create_cycle(by=world.users[role], province_id=world.province.pk, fiscal_year=YEAR + 1)


def test_an_objection_is_filed_once_and_accepted_with_the_score_recomputed(world, published):
    score = _score(published, world.b, "I2")
    assert score.score == Decimal("0.00")
    before = [row.agency for row in selectors.results(published).agencies]
    objection = services.file_objection(
        score=score, by=world.users["staff_b"], reason="گزارش سه‌ماهه دوم پیش از موعد ارسال شد.",
        claimed_value=Decimal(60), files=[SimpleUploadedFile("نامه.pdf", PDF, content_type="application/pdf")],
    )  # fmt: skip
    assert (objection.state, objection.attachments.count()) == ("filed", 1)
    with pytest.raises(TransitionError) as twice:
        services.file_objection(score=score, by=world.users["staff_b"], reason="دوباره")
    assert twice.value.code == "already_objected"
    objection = services.accept_objection(
        objection=objection, by=world.users["it"], accepted_value=Decimal(60), reason="مستندات پذیرفته شد."
    )
    assert (objection.state, objection.decided_by, objection.decision_reason) == (
        "accepted", world.users["it"], "مستندات پذیرفته شد.",
    )  # fmt: skip
    score.refresh_from_db()
    assert (score.actual, score.score, score.preliminary_score, score.source) == (
        Decimal(60), Decimal("3.00"), Decimal("0.00"), "objection",
    )  # fmt: skip
    after = {row.agency: row for row in selectors.results(published).agencies}
    assert after[world.b].general == Decimal("1000.0")  # (5 + 3 + 2) ÷ 10
    assert after[world.b].overall == Decimal("500.0")
    assert [row.agency for row in selectors.results(published).agencies] == before  # A, C, B still
    with pytest.raises(TransitionError):
        services.reject_objection(objection=objection, by=world.users["it"], reason="نه")
    assert list(objection.events.values_list("action", flat=True)) == ["objection.filed", "objection.accepted"]
    assert Email.objects.filter(to__contains="ev_it@example.ir", subject__contains="ب").exists()  # filed
    assert Email.objects.filter(to__contains="ev_staff_b@example.ir", subject__contains="I2").exists()  # accepted


def test_accepting_changes_the_ranking(world, published):
    score = _score(published, world.b, "I4")  # «no» → objects: it is «yes»
    objection = services.file_objection(score=score, by=world.users["staff_b"], reason="درگاه فعال است.")
    services.accept_objection(objection=objection, by=world.users["it"], accepted_value=Decimal(1))
    score_i2 = _score(published, world.b, "I2")
    objection = services.file_objection(score=score_i2, by=world.users["staff_b"], reason="سهم ۹۰ درصد است.")
    services.accept_objection(objection=objection, by=world.users["it"], accepted_value=Decimal(90))
    ranking = [row.agency for row in selectors.results(published).agencies]
    assert ranking == [world.b, world.a, world.c]  # B: 1000 and 1000


def test_a_rejection_needs_a_reason_and_keeps_the_score(world, published):
    score = _score(published, world.c, "I3")
    objection = services.file_objection(score=score, by=_staff_c(world), reason="زمان انتظار ثبت نشد.")
    with pytest.raises(ValidationError):
        services.reject_objection(objection=objection, by=world.users["it"], reason="  ")
    objection = services.reject_objection(objection=objection, by=world.users["it"], reason="گزارشی ارسال نشده بود.")
    score.refresh_from_db()
    assert (objection.state, score.score, score.source) == ("rejected", Decimal("0.00"), "missing")


def _staff_c(world):
    from tests import factories

    return factories.UserFactory(username="ev_staff_c", role="agency_staff", agency=world.c)


def test_illegal_objections(world, published):
    score = _score(published, world.a, "I1")
    # another agency's staff, the deputy and the reviewers cannot file one
    for role in ("staff_b", "deputy_a", "it", "gov", "it2", "admin"):
        with pytest.raises(PermissionDenied):
            services.file_objection(score=score, by=world.users[role], reason="دلیل")
    with pytest.raises(ValidationError):
        services.file_objection(score=score, by=world.users["staff_a"], reason=" ")
    with pytest.raises(ValidationError):  # 1 or 0 only
        services.file_objection(score=_score(published, world.a, "I4"), by=world.users["staff_a"], reason="x",
                                claimed_value=Decimal(2))  # fmt: skip
    objection = services.file_objection(score=score, by=world.users["staff_a"], reason="دلیل")
    for role in ("staff_a", "gov", "it2"):
        with pytest.raises(PermissionDenied):
            services.accept_objection(objection=objection, by=world.users[role], accepted_value=Decimal(120))
    with pytest.raises(ValidationError):
        services.accept_objection(objection=objection, by=world.users["it"], accepted_value=None)
    assert Objection.objects.get(pk=objection.pk).state == "filed"


@pytest.mark.parametrize("when", ["before", "after", "not_open"])
def test_no_objection_outside_the_window(world, published, when):
    today = timezone.localdate()
    if when == "before":
        EvaluationCycle.objects.filter(pk=published.pk).update(objection_opens_on=today + datetime.timedelta(days=1))
    elif when == "after":
        EvaluationCycle.objects.filter(pk=published.pk).update(objection_closes_on=today - datetime.timedelta(days=1))
    else:
        EvaluationCycle.objects.filter(pk=published.pk).update(state="preliminary")
    with pytest.raises(TransitionError) as refused:
        services.file_objection(score=_score(published, world.a, "I1"), by=world.users["staff_a"], reason="دلیل")
    assert refused.value.code == "window_closed"


def test_objections_are_decided_only_in_the_window_and_the_window_closes_only_when_all_are(world, published):
    objection = services.file_objection(score=_score(published, world.a, "I3"), by=world.users["staff_a"],
                                        reason="دلیل")  # fmt: skip
    EvaluationCycle.objects.filter(pk=published.pk).update(
        objection_closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(TransitionError) as pending:
        services.close_objections(cycle=published, by=world.users["it"])
    assert pending.value.code == "objections_pending"
    services.reject_objection(objection=objection, by=world.users["it"], reason="مستند نیست")
    cycle = services.close_objections(cycle=published, by=world.users["it"])
    other = services  # the window is over: no new objection, no decision
    with pytest.raises(TransitionError):
        other.file_objection(score=_score(cycle, world.a, "I1"), by=world.users["staff_a"], reason="دیر")
    assert cycle.state == "objections_decided"


def test_published_results_are_final_ones_only(world, published):
    assert selectors.published_results(world.province) == []
    EvaluationCycle.objects.filter(pk=published.pk).update(state="final")
    results = selectors.published_results(world.province)
    assert [(row.agency, row.overall, row.grade) for row in results] == [
        (world.a, Decimal("917.5"), "excellent"), (world.c, Decimal("660.0"), "fair"),
        (world.b, Decimal("350.0"), "weak"),
    ]  # fmt: skip
