from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencies.selectors import current_deputy, get_agency_for_user
from programs.selectors import agency_assignments_with_progress, open_periods


def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, pk)
    periods = open_periods()
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "deputy": current_deputy(agency),
            "periods": periods,
            "assignments": agency_assignments_with_progress(agency, periods[0] if periods else None),
        },
    )
