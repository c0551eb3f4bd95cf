from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies import services as agency_services
from agencies.forms import DeputyForm, RejectForm
from agencies.models import LiaisonDeputy
from agencies.selectors import (
    DEPUTY_STATES,
    agencies_by_deputy_state,
    agency_deputy_history,
    current_deputy,
    get_deputy_for_user,
)
from reform_portal import access, review
from reform_portal.access import capability_required

# Liaison deputy registration (agency staff) and its two-step review (reviewers)


@capability_required(access.REGISTER_DEPUTY)
def deputy_overview(request: HttpRequest) -> HttpResponse:
    """The agency's confirmed deputy, the registration under review and the history."""
    agency = request.user.agency
    history = agency_deputy_history(agency)
    return render(
        request,
        "agencies/deputy_overview.html",
        {
            "agency": agency,
            "history": history,
            "confirmed": next((d for d in history if d.state == LiaisonDeputy.State.CONFIRMED), None),
            "pending": next((d for d in history if d.state in LiaisonDeputy.PENDING_STATES), None),
        },
    )


@capability_required(access.REGISTER_DEPUTY)
def deputy_submit(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    latest = (
        LiaisonDeputy.objects.filter(agency=agency, state__in=[*LiaisonDeputy.PENDING_STATES, "confirmed"])
        .order_by("-created_at", "-pk")
        .first()
    )
    if request.method == "POST":
        form = DeputyForm(request.POST)
        if form.is_valid():
            try:
                agency_services.submit_deputy(agency=agency, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The liaison deputy's details were sent to the governorate for review."))
                return redirect("agencies:deputy")
    else:
        form = DeputyForm(initial=DeputyForm.initial_from(latest))
    return render(request, "agencies/deputy_form.html", {"agency": agency, "form": form, "latest": latest})


@capability_required(access.SEE_PROVINCE)
def deputy_review_list(request: HttpRequest) -> HttpResponse:
    """Agencies by deputy state: none, awaiting governorate, awaiting IT office, confirmed."""
    rows = agencies_by_deputy_state(request.user)
    counts = dict.fromkeys(DEPUTY_STATES, 0)
    for row in rows:
        counts[row.deputy_state] += 1
    state = request.GET.get("state")
    if state is None:  # opens on the step the user takes: the governorate verifies, the IT office confirms
        if access.has(request.user, access.VERIFY_DEPUTIES):
            state = "awaiting_governorate"
        elif access.has(request.user, access.CONFIRM_DEPUTIES):
            state = "awaiting_it_office"
    if state not in DEPUTY_STATES:
        state = ""
    labels = {
        "none": _("No deputy"),
        "awaiting_governorate": _("Awaiting governorate"),
        "awaiting_it_office": _("Awaiting IT office"),
        "confirmed": _("Confirmed"),
    }
    return render(
        request,
        "agencies/deputy_review_list.html",
        {
            "rows": [row for row in rows if not state or row.deputy_state == state],
            "tabs": [(key, labels[key], counts[key]) for key in DEPUTY_STATES],
            "labels": labels,
            "state": state,
            "total": len(rows),
        },
    )


@capability_required(access.SEE_PROVINCE)
def deputy_review(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = get_deputy_for_user(request.user, pk)
    user = request.user
    State = LiaisonDeputy.State
    can_verify = review.allows(deputy, "verify", by=user)
    can_confirm = review.allows(deputy, "confirm", by=user)
    return render(
        request,
        "agencies/deputy_review.html",
        {
            "deputy": deputy,
            "events": deputy.events.select_related("actor"),
            "current": current_deputy(deputy.agency) if deputy.state != State.CONFIRMED else None,
            "can_verify": can_verify,
            "can_confirm": can_confirm,
            "reject_form": RejectForm() if review.allows(deputy, "reject", by=user) else None,
        },
    )


def _deputy_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    deputy = get_deputy_for_user(request.user, pk)
    try:
        action(deputy)
    except review.TransitionError as error:
        messages.error(request, error.messages[0])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("agencies:deputy_review", pk=deputy.pk)


@require_POST
@capability_required(access.VERIFY_DEPUTIES, access.CONFIRM_DEPUTIES)
def deputy_verify(request: HttpRequest, pk: int) -> HttpResponse:
    def verify(deputy):
        agency_services.verify_deputy(deputy=deputy, by=request.user)
        messages.success(request, _("Verified; the registration now awaits the IT office's confirmation."))

    return _deputy_action(request, pk, verify)


@require_POST
@capability_required(access.VERIFY_DEPUTIES, access.CONFIRM_DEPUTIES)
def deputy_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    def confirm(deputy):
        agency_services.confirm_deputy(deputy=deputy, by=request.user)
        messages.success(request, _("Confirmed; this is now the agency's liaison deputy."))

    return _deputy_action(request, pk, confirm)


@require_POST
@capability_required(access.VERIFY_DEPUTIES, access.CONFIRM_DEPUTIES)
def deputy_reject(request: HttpRequest, pk: int) -> HttpResponse:
    form = RejectForm(request.POST)

    def reject(deputy):
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        agency_services.reject_deputy(deputy=deputy, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Rejected; the agency has been told the reason."))

    return _deputy_action(request, pk, reject)
