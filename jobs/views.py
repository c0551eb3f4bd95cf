"""A job's page (progress, then the download), its status for the page's script, its file.

A job is its asker's alone: anyone else gets the same 404 as for a job that does not exist.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from jobs import services
from jobs.models import Job
from reform_portal.persian import format_percent
from reform_portal.uploads import attachment_response


def _own_job(request: HttpRequest, pk) -> Job:
    return get_object_or_404(Job, pk=pk, user=request.user)


@require_GET
def detail(request: HttpRequest, pk) -> HttpResponse:
    return render(request, "jobs/detail.html", {"job": _own_job(request, pk)})


@require_GET
def status(request: HttpRequest, pk) -> JsonResponse:
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "progress": job.progress,
            "progress_label": format_percent(job.progress),
            "finished": job.is_finished,
        },
        headers={"Cache-Control": "no-store"},
    )


@require_GET
def download(request: HttpRequest, pk) -> HttpResponse:
    job = _own_job(request, pk)
    if job.state != Job.State.DONE or not job.result:
        return render(request, "jobs/detail.html", {"job": job}, status=404)
    services.record_fetch(job)
    return attachment_response(job.result, download_name=job.result_name, content_type=job.result_type)
