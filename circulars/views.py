import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circulars import selectors, services
from circulars.forms import CircularForm
from circulars.models import Circular
from reform_portal.persian import localize_digits
from reform_portal.uploads import attachment_response


def _it_office_only(request: HttpRequest) -> None:
    if not request.user.is_it_office_reviewer:
        raise PermissionDenied


def _reader_only(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_agency_staff or user.is_reviewer or user.is_superuser):
        raise PermissionDenied


def circular_list(request: HttpRequest) -> HttpResponse:
    """Agency staff: their agency's circulars, unread ones marked. Reviewers: the archive
    with acknowledgement rates. Both search subject, number and body."""
    _reader_only(request)
    query = request.GET.get("q", "").strip()[:200]
    if request.user.is_agency_staff:
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


def circular_create(request: HttpRequest) -> HttpResponse:
    _it_office_only(request)
    form, saved = _save_form(request, None)
    if saved is not None:
        messages.success(request, _("The draft was saved. Check it, then publish it."))
        return redirect("circulars:detail", pk=saved.pk)
    return render(request, "circulars/form.html", {"form": form, "circular": None})


def circular_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _it_office_only(request)
    circular = selectors.get_circular_for_user(request.user, pk)
    if not circular.is_draft:
        messages.error(request, _("This circular has already been published and can no longer be edited."))
        return redirect("circulars:detail", pk=circular.pk)
    try:
        form, saved = _save_form(request, circular)
    except services.CircularError as error:
        messages.error(request, str(error))
        return redirect("circulars:detail", pk=circular.pk)
    if saved is not None:
        messages.success(request, _("The draft was saved."))
        return redirect("circulars:detail", pk=saved.pk)
    return render(request, "circulars/form.html", {"form": form, "circular": circular})


def circular_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader_only(request)
    user = request.user
    circular = selectors.get_circular_for_user(user, pk)
    context = {"circular": circular, **selectors.circular_detail_parts(circular)}
    if user.is_agency_staff:
        services.mark_read(circular=circular, user=user)
        context["target"] = circular.targets.select_related("acknowledged_by").get(agency_id=user.agency_id)
    elif not circular.is_draft:
        context["status"] = selectors.acknowledgement_status(circular)
    context["can_manage"] = user.is_it_office_reviewer
    return render(request, "circulars/detail.html", context)


def circular_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirm page (targets, and those without a confirmed deputy); POST: publish."""
    _it_office_only(request)
    circular = selectors.get_circular_for_user(request.user, pk)
    if request.method == "POST":
        try:
            queued = services.publish_circular(circular=circular, by=request.user)
        except services.CircularError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The circular was published; %(count)s emails were queued.") % {"count": localize_digits(queued)},
            )
        return redirect("circulars:detail", pk=circular.pk)
    if not circular.is_draft:
        messages.info(request, _("This circular has already been published."))
        return redirect("circulars:detail", pk=circular.pk)
    preview = selectors.publish_preview(circular, request.user)
    return render(request, "circulars/publish_confirm.html", {"circular": circular, **preview})


@require_POST
def circular_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_agency_staff:
        raise PermissionDenied
    circular = selectors.get_circular_for_user(request.user, pk)
    try:
        services.acknowledge_circular(circular=circular, by=request.user)
    except services.CircularError as error:
        messages.warning(request, str(error))
    else:
        messages.success(request, _("Receipt of the circular was acknowledged for your agency."))
    return redirect("circulars:detail", pk=circular.pk)


@require_POST
def circular_remind(request: HttpRequest, pk: int) -> HttpResponse:
    _it_office_only(request)
    circular = selectors.get_circular_for_user(request.user, pk)
    try:
        reminder = services.send_acknowledgement_reminder(circular=circular, by=request.user)
    except services.CircularError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("A reminder was sent to %(count)s agencies that have not acknowledged.")
            % {"count": localize_digits(reminder.agency_count)},
        )
    return redirect("circulars:detail", pk=circular.pk)


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    _reader_only(request)
    circular = selectors.get_circular_for_user(request.user, pk)
    attachment = circular.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment.file, download_name=attachment.original_name)
