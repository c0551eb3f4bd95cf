"""Every (state, action, role) of every record kind, against a table written here by hand
from the domain brief (not derived from the engine's own tables): the allowed ones move
the record to the expected state and write one event; every other one is refused, with
PermissionDenied (the role or the scope) or TransitionError (the state)."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from agencies.models import LiaisonDeputy
from circulars.models import Circular
from programs.models import ProgressReport
from reform_portal import review
from reform_portal.review import NEW, TransitionError
from service_channels.models import ChannelReport, ServiceChannel, TransactionCount
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["staff", "deputy", "gov", "it", "national_it", "admin", "reopener", "staff_other", "it_other", "entry"]

# (state, action): {role: the state it ends in}. Anything not listed is refused.
REPORT = {
    (NEW, "create"): {"staff": "draft"},
    ("draft", "save"): {"staff": "draft"},
    ("returned", "save"): {"staff": "returned"},
    ("draft", "add_evidence"): {"staff": "draft"},
    ("returned", "add_evidence"): {"staff": "returned"},
    ("draft", "remove_evidence"): {"staff": "draft"},
    ("returned", "remove_evidence"): {"staff": "returned"},
    ("draft", "submit"): {"staff": "submitted"},
    ("returned", "submit"): {"staff": "submitted"},
    ("submitted", "approve"): {"it": "approved", "national_it": "approved"},
    ("submitted", "return"): {"it": "returned", "national_it": "returned"},
    ("approved", "reopen"): {"admin": "returned", "reopener": "returned"},
    # A report left awaiting sign-off when the province stopped requiring it is still signed off.
    ("awaiting_sign_off", "sign_off"): {"deputy": "submitted"},
    ("awaiting_sign_off", "send_back"): {"deputy": "returned"},
    ("submitted", "verify_indicator"): {"it": "submitted", "national_it": "submitted"},
}
# Where the province requires the liaison deputy's sign-off.
REPORT_WITH_SIGN_OFF = {
    **REPORT,
    ("draft", "submit"): {"staff": "awaiting_sign_off"},
    ("returned", "submit"): {"staff": "awaiting_sign_off"},
}
COUNTS = {
    (NEW, "create"): {"staff": "draft"},
    ("draft", "save"): {"staff": "draft"},
    ("returned", "save"): {"staff": "returned"},
    ("draft", "submit"): {"staff": "submitted"},
    ("returned", "submit"): {"staff": "submitted"},
    ("submitted", "approve"): {"it": "approved", "national_it": "approved"},
    ("submitted", "return"): {"it": "returned", "national_it": "returned"},
}
DEPUTY = {
    (NEW, "submit"): {"staff": "awaiting_governorate"},
    ("awaiting_governorate", "verify"): {"gov": "awaiting_it_office"},
    ("awaiting_governorate", "reject"): {"gov": "rejected"},
    ("awaiting_it_office", "confirm"): {"it": "confirmed", "national_it": "confirmed"},
    ("awaiting_it_office", "reject"): {"it": "rejected", "national_it": "rejected"},
}
EVALUATION = {
    (NEW, "create"): {"it": "self_assessment", "national_it": "self_assessment"},
    ("self_assessment", "edit"): {"it": "self_assessment", "national_it": "self_assessment"},
    ("under_evaluation", "edit"): {"it": "under_evaluation", "national_it": "under_evaluation"},
    ("self_assessment", "start_evaluation"): {"it": "under_evaluation", "national_it": "under_evaluation"},
    ("under_evaluation", "publish"): {"it": "preliminary", "national_it": "preliminary"},
    ("preliminary", "open_objections"): {"it": "objection_window", "national_it": "objection_window"},
    ("objection_window", "close_objections"): {"it": "objections_decided", "national_it": "objections_decided"},
    ("objections_decided", "finalize"): {"it": "final", "national_it": "final"},
    # Reopened only by the admin's recorded action (superuser or holders of its own permission).
    ("final", "reopen"): {"admin": "objections_decided"},
}
OBJECTION = {
    (NEW, "file"): {"staff": "filed"},
    ("filed", "accept"): {"it": "accepted", "national_it": "accepted"},
    ("filed", "reject"): {"it": "rejected", "national_it": "rejected"},
}
CIRCULAR = {
    (NEW, "create"): {"it": "draft", "national_it": "draft"},
    ("draft", "edit"): {"it": "draft", "national_it": "draft"},
    ("draft", "publish"): {"it": "published", "national_it": "published"},
    ("published", "remind"): {"it": "published", "national_it": "published"},
}


@pytest.fixture
def world(db):
    province = factories.ProvinceFactory()
    other_province = factories.ProvinceFactory(code="P2", name_fa="استان دوم")
    agency = factories.AgencyFactory(province=province)
    other_agency = factories.AgencyFactory(province=province)
    reopener = factories.UserFactory(is_staff=True)
    reopener.user_permissions.add(Permission.objects.get(codename="reopen_progressreport"))
    users = {
        "staff": factories.UserFactory(role="agency_staff", agency=agency),
        "deputy": factories.UserFactory(role="liaison_deputy", agency=agency),
        "gov": factories.UserFactory(role="governorate_reviewer", agency=factories.AgencyFactory(
            province=province, kind="governorate", group="")),
        "it": factories.UserFactory(role="it_office_reviewer", agency=factories.AgencyFactory(
            province=province, kind="it_office", group="")),
        "national_it": factories.UserFactory(role="it_office_reviewer"),
        "admin": factories.UserFactory(is_staff=True, is_superuser=True),
        "reopener": reopener,
        "staff_other": factories.UserFactory(role="agency_staff", agency=other_agency),
        "it_other": factories.UserFactory(role="it_office_reviewer", agency=factories.AgencyFactory(
            province=other_province, kind="it_office", group="")),
        "entry": factories.UserFactory(is_staff=True),
    }  # fmt: skip
    factories.DeputyFactory(agency=agency, state="confirmed", user=users["deputy"])
    return SimpleNamespace(province=province, agency=agency, users=users)


def _report(world, state):
    period = factories.PeriodFactory()
    assignment = factories.AssignmentFactory(agency=world.agency)
    if state == NEW:
        return ProgressReport(assignment=assignment, period=period)
    submitted = timezone.now() if state in ("submitted", "approved") else None
    return factories.ReportFactory(
        assignment=assignment, period=period, state=state, work_done="انجام شد", first_submitted_at=submitted
    )


def _counts(world, state):
    period = factories.PeriodFactory()
    if state == NEW:
        return ChannelReport(agency=world.agency, period=period)
    report = ChannelReport.objects.create(
        agency=world.agency, period=period, state=state,
        first_submitted_at=timezone.now() if state in ("submitted", "approved", "returned") else None,
    )  # fmt: skip
    service = world.agency.services.get_or_create(code="S1", defaults={"name_fa": "خدمت"})[0]
    channel = ServiceChannel.objects.get_or_create(service=service, channel="online")[0]
    TransactionCount.objects.create(report=report, service_channel=channel, count=5)
    return report


def _deputy(world, state):
    if state == NEW:
        return LiaisonDeputy(agency=world.agency)
    agency = factories.AgencyFactory(province=world.province)
    factories.UserFactory(role="agency_staff", agency=agency)
    return factories.DeputyFactory(agency=agency, state=state)


def _circular(world, state):
    today = timezone.localdate()
    circular = Circular(
        province=world.province, number="۱۲", date=today, subject="بخشنامه", body="متن",
        acknowledge_by=today + datetime.timedelta(days=7), state=state or Circular.State.DRAFT,
        published_at=timezone.now() if state == "published" else None,
    )  # fmt: skip
    if state != NEW:
        circular.save()
    return circular


def _walk(world, workflow_model, make, table, states, *, by_role_user):
    workflow = review.workflow_for(workflow_model)
    failures = []
    for state in states:
        for action in workflow.action_names:
            if action == "supersede":
                continue  # a step the portal takes inside confirm and submit, never a role
            for role in ROLES:
                record = make(world, state)
                user = by_role_user[role]
                expected = table.get((state, action), {}).get(role)
                kwargs = {"reason": "دلیل", "touched": action in ("save", "edit")}
                if action in ("create", "submit") and state == NEW and workflow_model is LiaisonDeputy:
                    kwargs["changes"] = {
                        "full_name": "رضا محمدی", "position": "معاون", "national_code": "0499370899",
                        "mobile": "09141234567", "email": "d@example.ir",
                    }  # fmt: skip
                try:
                    saved = review.transition(record, action, by=user, **kwargs)
                except PermissionDenied:
                    outcome = "denied"
                except TransitionError:
                    outcome = "refused"
                else:
                    outcome = saved.state
                    events = saved.events.filter(action__startswith=f"{workflow.kind}.")
                    if not events.exists():
                        failures.append(f"{state or 'new'} {action} {role}: no event written")
                if (expected or "refused/denied") != outcome and not (
                    expected is None and outcome in ("refused", "denied")
                ):
                    failures.append(f"{state or 'new'} {action} {role}: {outcome}, expected {expected or 'refused'}")
    return failures


REPORT_STATES = [NEW, "draft", "awaiting_sign_off", "submitted", "returned", "approved"]


@pytest.mark.parametrize("sign_off", [False, True], ids=["without sign-off", "with the deputy's sign-off"])
def test_every_report_transition(world, sign_off):
    world.province.requires_sign_off = sign_off
    world.province.save()
    table = REPORT_WITH_SIGN_OFF if sign_off else REPORT
    assert _walk(world, ProgressReport, _report, table, REPORT_STATES, by_role_user=world.users) == []


def test_every_counts_transition(world):
    states = [NEW, "draft", "submitted", "returned", "approved"]
    assert _walk(world, ChannelReport, _counts, COUNTS, states, by_role_user=world.users) == []


def test_every_deputy_transition(world):
    states = [NEW, *LiaisonDeputy.State.values]
    assert _walk(world, LiaisonDeputy, _deputy, DEPUTY, states, by_role_user=world.users) == []


def test_every_circular_transition(world):
    assert _walk(world, Circular, _circular, CIRCULAR, [NEW, "draft", "published"], by_role_user=world.users) == []


def test_superseding_is_never_an_action_of_a_role(world):
    deputy = factories.DeputyFactory(agency=world.agency)
    for user in world.users.values():
        with pytest.raises(PermissionDenied):
            review.transition(deputy, "supersede", by=user)


def _evaluation(world, state):
    """A cycle of the world's province whose objection window has just ended (so that it may
    be closed). One cycle per province and year: the previous record is removed first."""
    from evaluations.models import EvaluationCycle

    EvaluationCycle.objects.filter(province=world.province).delete()
    today = timezone.localdate()
    cycle = EvaluationCycle(
        province=world.province, fiscal_year=1403, state=state or EvaluationCycle.State.SELF_ASSESSMENT,
        objection_opens_on=today - datetime.timedelta(days=10), objection_closes_on=today - datetime.timedelta(days=1),
    )  # fmt: skip
    if state != NEW:
        cycle.save()
    return cycle


def _objection(world, state):
    """An objection to a new score of the world's agency, in a cycle whose objection window is open."""
    from evaluations.models import EvaluationCycle, IndicatorScore, Objection
    from programs.models import Indicator

    today = timezone.localdate()
    cycle, _created = EvaluationCycle.objects.get_or_create(
        province=world.province, fiscal_year=1403,
        defaults={"state": EvaluationCycle.State.OBJECTIONS, "objection_opens_on": today - datetime.timedelta(days=1),
                  "objection_closes_on": today + datetime.timedelta(days=5)},
    )  # fmt: skip
    program = factories.ProgramFactory()
    indicator = Indicator.objects.create(program=program, code=f"IND-{program.pk}", title_fa="شاخص", kind="yes_no")
    score = IndicatorScore.objects.create(
        cycle=cycle, agency=world.agency, indicator=indicator, indicator_set="general", weight=1, source="declared",
        actual=0, target=None, achievement=0, score=0, preliminary_score=0,
    )  # fmt: skip
    objection = Objection(score=score, reason="دلیل", filed_by=world.users["staff"], state=state or "filed")
    if state != NEW:
        objection.save()
    return objection


def test_every_evaluation_transition(world):
    states = [NEW, "self_assessment", "under_evaluation", "preliminary", "objection_window", "objections_decided",
              "final"]  # fmt: skip
    from evaluations.models import EvaluationCycle

    assert _walk(world, EvaluationCycle, _evaluation, EVALUATION, states, by_role_user=world.users) == []


def test_every_objection_transition(world):
    from evaluations.models import Objection

    states = [NEW, "filed", "accepted", "rejected"]
    assert _walk(world, Objection, _objection, OBJECTION, states, by_role_user=world.users) == []
