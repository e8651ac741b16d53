"""The pages of a large download written in the background (``core.export_jobs``): its progress, then the file.
Only the person who asked sees a job; anyone else, in any partnership, gets a 404."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from core.models import ExportJob, ExportStatus


def _mine(request, token):
    return get_object_or_404(ExportJob.objects.select_related("requested_by"), token=token,
                             requested_by=request.user)


@login_required
def job_page(request, token):
    job = _mine(request, token)
    return render(request, "core/export_job.html", {"job": job})


@login_required
def job_status(request, token):
    """The status panel alone: the job page polls it every two seconds until the file is ready or failed."""
    return render(request, "core/_export_status.html", {"job": _mine(request, token)})


@login_required
def job_list(request):
    jobs = ExportJob.objects.filter(requested_by=request.user)[:50]
    return render(request, "core/export_list.html",
                  {"jobs": jobs, "keep_days": getattr(settings, "EXPORT_KEEP_DAYS", 7)})


@login_required
def job_download(request, token):
    job = _mine(request, token)
    if job.status != ExportStatus.READY or not job.file:
        raise Http404("This download is not ready.")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])
