"""The annual evaluation's pages: thin views over evaluations.services and selectors.

Reviewers (dashboards' capability) see their province's cycles, results and objections; the
IT office runs the cycle and decides objections; agency staff and their deputy see their own
agency's scores (or, while the cycle is open, its score simulator), and staff object.
"""

import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agencies.models import Province
from evaluations import exports, jobs, metrics, scoring, selectors, services
from evaluations.forms import CycleCreateForm, CycleSettingsForm, ObjectionDecisionForm, ObjectionForm
from evaluations.models import EvaluationCycle, IndicatorScore, Objection
from jobs.services import request_page as job_request_page
from jobs.services import submit as submit_job
from reform_portal import access, review
from reform_portal.access import capability_required
from reform_portal.persian import format_number
from reform_portal.ratelimits import export_rate_limit, pdf_job_rate_limit
from reform_portal.review.views import Decision, offered
from reform_portal.tabular import XLSX_TYPE
from reform_portal.uploads import attachment_response

CYCLE_DECISIONS = [
    Decision("start_evaluation", gettext_lazy("Close self-assessment and start the evaluation"), "btn-primary",
             gettext_lazy("Self-assessment is closed; the evaluation has started.")),
    Decision("publish", gettext_lazy("Compute and publish the preliminary results"), "btn-primary",
             gettext_lazy("The preliminary results were computed and published; the agencies were told.")),
    Decision("open_objections", gettext_lazy("Open the objection window"), "btn-primary",
             gettext_lazy("The objection window is open; the agencies were told.")),
    Decision("close_objections", gettext_lazy("Close the window: every objection is decided"), "btn-primary",
             gettext_lazy("The objections are decided.")),
    Decision("finalize", gettext_lazy("Make the results final"), "btn-success",
             gettext_lazy("The results are final and frozen; the agencies were told.")),
]  # fmt: skip
SERVICES = {
    "start_evaluation": services.start_evaluation,
    "publish": services.publish_preliminary,
    "open_objections": services.open_objections,
    "close_objections": services.close_objections,
    "finalize": services.finalize,
}
VIEWERS = (access.SEE_DASHBOARDS, access.SEE_AGENCY)


@capability_required(*VIEWERS)
def index(request: HttpRequest) -> HttpResponse:
    """The province's evaluation cycles; the IT office opens a new one here."""
    user = request.user
    cycles = list(selectors.cycles_visible_to(user).order_by("-fiscal_year", "province__name_fa"))
    manages = access.has(user, access.MANAGE_EVALUATION)
    form = None
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        form = _create_form(request, data=request.POST)
        if form.is_valid():
            province_id = access.user_province_id(user) or form.cleaned_data["province"].pk
            try:
                cycle = services.create_cycle(
                    by=user, province_id=province_id, fiscal_year=form.cleaned_data["fiscal_year"], **form.values()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The evaluation is open for self-assessment."))
                return redirect(cycle)
    elif manages:
        today = timezone.localdate()
        opens, closes = services.objection_window_default(today)
        form = _create_form(request, initial={"objection_opens_on": opens, "objection_closes_on": closes})
    own_agency = (
        user.agency_id if access.has(user, access.SEE_AGENCY) and not access.has(user, access.SEE_PROVINCE) else None
    )
    return render(
        request, "evaluations/index.html",
        {"cycles": cycles, "form": form, "own_agency": own_agency,
         "sees_province": access.has(user, access.SEE_DASHBOARDS)},
    )  # fmt: skip


def _create_form(request, **kwargs) -> CycleCreateForm:
    provinces = None if access.user_province_id(request.user) else Province.objects.order_by("name_fa")
    return CycleCreateForm(provinces=provinces, **kwargs)


def _cycle_page(request, cycle: EvaluationCycle, *, settings_form=None, status=200):
    user = request.user
    return render(
        request,
        "evaluations/cycle.html",
        {
            "cycle": cycle,
            "events": cycle.events.select_related("actor"),
            "decisions": [
                decision
                for decision in offered(cycle, CYCLE_DECISIONS, by=user)
                if decision.action != "close_objections" or not cycle.objection_window_open()
            ],
            "can_edit": review.allows(cycle, "edit", by=user),
            "settings_form": settings_form or CycleSettingsForm(initial=CycleSettingsForm.initial_from(cycle)),
            "objections": selectors.cycle_objections(cycle),
            "rules": metrics.Rules.of(cycle),
            "grades": metrics.GRADES,
        },
        status=status,
    )


@capability_required(access.SEE_DASHBOARDS)
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _cycle_page(request, selectors.get_cycle_for_user(request.user, pk))


@capability_required(access.MANAGE_EVALUATION)
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_user(request.user, pk)
    if request.method != "POST":
        return redirect(cycle)
    form = CycleSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.update_cycle(cycle=cycle, by=request.user, **form.values())
        except review.TransitionError as error:
            messages.error(request, error.messages[0])
            return redirect(cycle)
        except PermissionDenied:
            raise
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evaluation's settings were saved."))
            return redirect(cycle)
    messages.error(request, _("The settings were not saved. Correct the marked fields."))
    return _cycle_page(request, cycle, settings_form=form, status=400)


@require_POST
@capability_required(access.MANAGE_EVALUATION)
def cycle_decide(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_user(request.user, pk)
    decisions = {decision.action: decision for decision in CYCLE_DECISIONS}
    decision = decisions.get(request.POST.get("decision", ""))
    if decision is None:
        messages.error(request, _("Choose what to do with it."))
        return redirect(cycle)
    try:
        SERVICES[decision.action](cycle=cycle, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, decision.done)
    return redirect(cycle)


@capability_required(access.SEE_DASHBOARDS)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Rankings per agency group and for the province, with the change from last year, and
    the indicator × agency achievement heatmap."""
    cycle = selectors.get_cycle_for_user(request.user, pk)
    return render(request, "evaluations/results.html", {"cycle": cycle, "results": selectors.results(cycle)})


@capability_required(*VIEWERS)
def scorecard(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    """An agency's scores indicator by indicator (how each was computed, its objection), or,
    while the cycle is open, its score simulator."""
    user = request.user
    cycle = selectors.get_cycle_for_user(user, pk)
    agency = selectors.get_agency_in_cycle(user, cycle, agency_pk)
    context = {"cycle": cycle, "agency": agency, "grades": metrics.GRADES}
    if cycle.has_scores:
        card = selectors.scorecard(cycle, agency)
        context |= {
            "card": card,
            "rows": [(score, exports.formula(score)) for score in card.scores],
            "window_open": cycle.objection_window_open(),
            "may_object": access.can_act_on(user, access.OBJECT_TO_SCORES, agency),
        }
    else:
        simulation = scoring.simulate(agency=agency, year=cycle.fiscal_year, rules=metrics.Rules.of(cycle))
        for stake in simulation.stakes:
            stake.label = CAUSES[stake.cause]
        context |= {
            "simulation": simulation,
            "totals": [(CAUSES[cause], simulation.totals[cause]) for cause in CAUSES],
        }
    return render(request, "evaluations/scorecard.html", context)


CAUSES = {
    "missing_evidence": gettext_lazy("Missing evidence files"),
    "missing_report": gettext_lazy("Missing reports"),
    "under_target": gettext_lazy("Indicators under target"),
    "late": gettext_lazy("Late data"),
}


@capability_required(access.OBJECT_TO_SCORES)
def objection_new(request: HttpRequest, score_pk: int) -> HttpResponse:
    """The agency's objection to one of its scores: reason, the value it claims, attachments."""
    score = selectors.get_score_for_user(request.user, score_pk)
    if not access.can_act_on(request.user, access.OBJECT_TO_SCORES, score.agency):
        raise Http404
    refusal = None
    if not score.cycle.objection_window_open():
        refusal = _("The objection window of this evaluation is not open.")
    elif Objection.objects.filter(score=score).exists():
        refusal = _("Your agency already objected to this indicator; one objection per indicator.")
    elif not score.scored:
        refusal = _("This indicator is not scored (no target is set); there is nothing to object to.")
    form = ObjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            objection = services.file_objection(
                score=score, by=request.user, reason=form.cleaned_data["reason"],
                claimed_value=form.cleaned_data["claimed_value"], files=form.cleaned_data["attachments"],
            )  # fmt: skip
        except review.TransitionError as error:
            messages.error(request, error.messages[0])
            return redirect("evaluations:scorecard", pk=score.cycle_id, agency_pk=score.agency_id)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your objection was filed; the IT office will decide it."))
            return redirect(objection)
    elif request.method == "POST" and refusal is not None:
        messages.error(request, refusal)
    return render(
        request, "evaluations/objection_form.html",
        {"score": score, "form": form, "refusal": refusal, "formula": exports.formula(score)},
    )  # fmt: skip


def _objection_page(request, objection: Objection, *, form=None, status=200):
    user = request.user
    return render(
        request,
        "evaluations/objection.html",
        {
            "objection": objection,
            "score": objection.score,
            "formula": exports.formula(objection.score),
            "events": objection.events.select_related("actor"),
            "attachments": objection.attachments.all(),
            "can_decide": review.allows(objection, "accept", by=user),
            "form": form or ObjectionDecisionForm(initial={"accepted_value": format_number(objection.claimed_value)}),
        },
        status=status,
    )


@capability_required(*VIEWERS)
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _objection_page(request, selectors.get_objection_for_user(request.user, pk))


@require_POST
@capability_required(access.MANAGE_EVALUATION)
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    objection = selectors.get_objection_for_user(request.user, pk)
    form = ObjectionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was decided. Correct the marked fields."))
        return _objection_page(request, objection, form=form, status=400)
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            services.accept_objection(
                objection=objection, by=request.user, accepted_value=data["accepted_value"], reason=data["reason"],
                waive_late_penalty=data["waive_late_penalty"],
            )  # fmt: skip
            messages.success(request, _("The objection was accepted and the score recomputed."))
        else:
            services.reject_objection(objection=objection, by=request.user, reason=data["reason"])
            messages.success(request, _("The objection was rejected with your reason."))
    except review.TransitionError as error:
        messages.error(request, error.messages[0])
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        messages.error(request, _("Nothing was decided. Correct the marked fields."))
        return _objection_page(request, objection, form=form, status=400)
    return redirect(objection)


@capability_required(*VIEWERS)
def objection_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.get_attachment_for_user(request.user, pk)
    return attachment_response(attachment.file, download_name=attachment.original_name)


# --- documents ---------------------------------------------------------------------------------


def _dossier(request, pk: int, agency_pk: int):
    cycle, agency = selectors.get_scored_agency_for_user(request.user, pk, agency_pk)
    card = selectors.scorecard(cycle, agency)
    return card, selectors.evidence_files(cycle, agency), selectors.objection_attachments(cycle, agency)


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@capability_required(*VIEWERS)
@pdf_job_rate_limit
def dossier_pdf(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    """The dossier as PDF is prepared by the task worker (evaluations/jobs.py): GET offers the
    button, the POST queues the job and leads to its page."""
    cycle, agency = selectors.get_scored_agency_for_user(request.user, pk, agency_pk)  # the worker builds the rest
    if request.method != "POST":
        return job_request_page(
            request, title=_("Dossier (PDF)"),
            explanation=_("%(agency)s's dossier of the %(year)s evaluation is prepared in the background; it takes "
                          "a few seconds, and the next page shows how far it is.")
            % {"agency": agency.name, "year": format_number(cycle.fiscal_year)},
            back_url=reverse("evaluations:scorecard", args=[pk, agency_pk]),
        )  # fmt: skip
    job = submit_job(
        request.user, jobs.DOSSIER_PDF, title=_("Dossier (PDF)") + " — " + agency.name,
        params={"cycle": pk, "agency": agency_pk},
    )  # fmt: skip
    return redirect(job)


@capability_required(*VIEWERS)
@export_rate_limit
def dossier_xlsx(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    card, evidence, attachments = _dossier(request, pk, agency_pk)
    return _download(
        exports.build_dossier_xlsx(card, evidence, attachments), content_type=XLSX_TYPE,
        filename=exports.dossier_filename(card, "xlsx"),
    )  # fmt: skip


@capability_required(*VIEWERS)
@export_rate_limit
def evidence_zip(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    """The agency's evidence files of the year and its objection attachments, in one ZIP
    (refused above EVIDENCE_ZIP_MAX_BYTES)."""
    card, evidence, attachments = _dossier(request, pk, agency_pk)
    stream = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 -- FileResponse closes it
    try:
        exports.build_evidence_zip(evidence, attachments, stream)
    except exports.ZipTooLarge:
        stream.close()
        messages.error(request, _("The evidence files are too large for one download; download them from the reports."))
        return redirect("evaluations:scorecard", pk=pk, agency_pk=agency_pk)
    stream.seek(0)
    response = FileResponse(
        stream, as_attachment=True, filename=exports.dossier_filename(card, "zip"), content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@capability_required(access.SEE_DASHBOARDS)
@export_rate_limit
def workbook(request: HttpRequest, pk: int) -> HttpResponse:
    """The province workbook for the national evaluation system (published results only)."""
    cycle = selectors.get_cycle_for_user(request.user, pk)
    if not cycle.has_scores:
        raise Http404
    scores = list(
        IndicatorScore.objects.filter(cycle=cycle)
        .select_related("agency", "indicator")
        .order_by("agency__name_fa", "indicator_set", "indicator__code")
    )
    return _download(
        exports.build_province_workbook(selectors.results(cycle), scores, selectors.cycle_objections(cycle)),
        content_type=XLSX_TYPE, filename=f"evaluation-{cycle.fiscal_year}-{cycle.province.code}.xlsx",
    )  # fmt: skip
