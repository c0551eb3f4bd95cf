from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencies.permissions import reviewer_required
from programs.selectors import current_period, get_report_for_user, province_overview


@reviewer_required
def overview(request: HttpRequest) -> HttpResponse:
    period = current_period()
    return render(
        request,
        "programs/overview.html",
        {"period": period, "overview": province_overview(request.user, period)},
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    events = report.events.select_related("actor")
    return render(request, "programs/report_detail.html", {"report": report, "events": events})
