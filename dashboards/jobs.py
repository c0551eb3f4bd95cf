"""The dashboards' heavy work, done by the task worker (jobs/): the province status PDF."""

from django.core.exceptions import PermissionDenied

from dashboards import exports, selectors
from jobs.registry import Result
from reform_portal import access

PROVINCE_STATUS_PDF = "dashboards.province_status_pdf"


def province_status_pdf(job, progress) -> Result:
    """The PDF of the dashboard the user saw, with the filters they had chosen, checked again
    against what they may see now (a role may have changed since they asked)."""
    from dashboards.views import read_filters

    user = job.user
    if not (user.is_active and access.has(user, access.SEE_DASHBOARDS)):
        raise PermissionDenied
    choices = selectors.filter_choices(user)
    filters = read_filters(job.params.get("query", {}), choices)
    progress(10)
    data = selectors.province_dashboard(user, filters, periods=choices["periods"], sort=job.params.get("sort", "score"))
    progress(40)
    return Result(exports.build_status_pdf(data), "province-status.pdf", "application/pdf")
