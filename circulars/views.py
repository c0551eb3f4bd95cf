import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circulars import selectors, services
from circulars.forms import CircularForm
from circulars.models import Circular
from reform_portal import access
from reform_portal.access import capability_required
from reform_portal.persian import localize_digits
from reform_portal.uploads import attachment_response


def _agency_reader(user) -> bool:
    """Reads as an agency: their agency's circulars, not the province's archive."""
    return not access.has(user, access.SEE_PROVINCE)


@capability_required(access.READ_CIRCULARS)
def circular_list(request: HttpRequest) -> HttpResponse:
    """Agency staff: their agency's circulars, unread ones marked. Reviewers: the archive
    with acknowledgement rates. Both search subject, number and body."""
    query = request.GET.get("q", "").strip()[:200]
    if _agency_reader(request.user):
        circulars = selectors.staff_circular_list(request.user, query=query)
        return render(request, "circulars/staff_list.html", {"circulars": circulars, "query": query})
    state = request.GET.get("state", "")
    circulars = selectors.office_circular_list(request.user, query=query, state=state)
    return render(
        request,
        "circulars/office_list.html",
        {"circulars": circulars, "query": query, "state": state, "states": Circular.State.choices},
    )


def _save_form(request: HttpRequest, circular: Circular | None) -> tuple[CircularForm, Circular | None]:
    agencies = selectors.selectable_agencies(request.user)
    if request.method != "POST":
        today = timezone.localdate()
        initial = (
            CircularForm.initial_from(circular)
            if circular
            else {"date": today, "acknowledge_by": today + datetime.timedelta(days=14)}
        )
        return CircularForm(initial=initial, agencies=agencies, circular=circular), None
    form = CircularForm(request.POST, request.FILES, agencies=agencies, circular=circular)
    if not form.is_valid():
        return form, None
    try:
        if circular is None:
            saved = services.create_draft(by=request.user, **form.service_kwargs())
        else:
            saved = services.update_draft(circular=circular, by=request.user, **form.service_kwargs())
    except ValidationError as error:
        form.add_error(None, error)
        return form, None
    return form, saved


@capability_required(access.PUBLISH_CIRCULARS)
def circular_create(request: HttpRequest) -> HttpResponse:
    form, saved = _save_form(request, None)
    if saved is not None:
        messages.success(request, _("The draft was saved. Check it, then publish it."))
        return redirect("circulars:detail", pk=saved.pk)
    return render(request, "circulars/form.html", {"form": form, "circular": None})


@capability_required(access.PUBLISH_CIRCULARS)
def circular_edit(request: HttpRequest, pk: int) -> HttpResponse:
    circular = selectors.get_circular_for_user(request.user, pk, manage=True)
    if not circular.is_draft:
        messages.error(request, _("This circular has already been published and can no longer be edited."))
        return redirect("circulars:detail", pk=circular.pk)
    try:
        form, saved = _save_form(request, circular)
    except services.TransitionError as error:
        messages.error(request, error.messages[0])
        return redirect("circulars:detail", pk=circular.pk)
    if saved is not None:
        messages.success(request, _("The draft was saved."))
        return redirect("circulars:detail", pk=saved.pk)
    return render(request, "circulars/form.html", {"form": form, "circular": circular})


@capability_required(access.READ_CIRCULARS)
def circular_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    circular = selectors.get_circular_for_user(user, pk)
    context = {"circular": circular, **selectors.circular_detail_parts(circular)}
    if _agency_reader(user):
        services.mark_read(circular=circular, user=user)
        context["target"] = circular.targets.select_related("acknowledged_by").get(agency_id=user.agency_id)
    elif not circular.is_draft:
        context["status"] = selectors.acknowledgement_status(circular)
    context["can_manage"] = access.has(user, access.PUBLISH_CIRCULARS)  # the circulars they see are theirs
    context["can_acknowledge"] = access.has(user, access.ACKNOWLEDGE_CIRCULARS)
    return render(request, "circulars/detail.html", context)


@capability_required(access.PUBLISH_CIRCULARS)
def circular_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirm page (targets, and those without a confirmed deputy); POST: publish."""
    circular = selectors.get_circular_for_user(request.user, pk, manage=True)
    if request.method == "POST":
        try:
            queued = services.publish_circular(circular=circular, by=request.user)
        except services.TransitionError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("The circular was published; %(count)s emails were queued.") % {"count": localize_digits(queued)},
            )
        return redirect("circulars:detail", pk=circular.pk)
    if not circular.is_draft:
        messages.info(request, _("This circular has already been published."))
        return redirect("circulars:detail", pk=circular.pk)
    preview = selectors.publish_preview(circular)
    return render(request, "circulars/publish_confirm.html", {"circular": circular, **preview})


@require_POST
@capability_required(access.ACKNOWLEDGE_CIRCULARS)
def circular_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    circular = selectors.get_circular_for_user(request.user, pk)
    try:
        services.acknowledge_circular(circular=circular, by=request.user)
    except services.TransitionError as error:
        messages.warning(request, error.messages[0])
    else:
        messages.success(request, _("Receipt of the circular was acknowledged for your agency."))
    return redirect("circulars:detail", pk=circular.pk)


@require_POST
@capability_required(access.PUBLISH_CIRCULARS)
def circular_remind(request: HttpRequest, pk: int) -> HttpResponse:
    circular = selectors.get_circular_for_user(request.user, pk, manage=True)
    try:
        reminder = services.send_acknowledgement_reminder(circular=circular, by=request.user)
    except services.TransitionError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("A reminder was sent to %(count)s agencies that have not acknowledged.")
            % {"count": localize_digits(reminder.agency_count)},
        )
    return redirect("circulars:detail", pk=circular.pk)


@capability_required(access.READ_CIRCULARS)
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    circular = selectors.get_circular_for_user(request.user, pk)
    attachment = circular.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment.file, download_name=attachment.original_name)
