"""Large register downloads run in a Celery worker, with their progress shown, and are downloaded when ready.

A register page's download (``?format=xlsx`` or ``csv``, or a register's own export URL) of more than
``EXPORT_INLINE_ROWS`` rows is not written inside the web request (a 100,000-risk register takes longer than the
web server's timeout): ``background_or_none`` records an ``ExportJob`` and answers a redirect to its page, which
shows the rows written so far and then the download link. The worker (``core.tasks.run_export``) asks the same URL
with the same filters as the same person, so the file holds exactly what the page would have given them, through
the same code: ``core.exports.attachment`` then answers a ``SpooledResponse`` that writes to a temporary file
instead of memory, and ``progress`` records the rows written (every ``PROGRESS_EVERY`` rows, at most once in
``PROGRESS_SECONDS``: each record is a committed UPDATE, about 15 ms of waiting on a busy database). Smaller
downloads are written at once, as before, and so are the API's downloads (an API client cannot follow a progress
page; it pages the list instead). Only the person who asked may see or download a job; files are deleted after
``EXPORT_KEEP_DAYS`` (``purge``, on the beat schedule).
"""

import datetime
import logging
import tempfile
import time
from collections.abc import Sized
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.base import SessionBase
from django.core.files import File
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import timezone

from core.models import ExportJob, ExportStatus, Membership

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 500
PROGRESS_SECONDS = 1.0  # the progress page polls every 2 s


@dataclass
class Sink:
    """The job a worker is writing, and the file it writes to."""

    job: ExportJob
    spool: object
    rows: int = 0
    responses: list = field(default_factory=list)
    recorded: float = field(default_factory=time.monotonic)


_sink = ContextVar("core_export_sink", default=None)


def inline_limit():
    return getattr(settings, "EXPORT_INLINE_ROWS", 2000)


def _count(rows, limit):
    """How many rows, up to ``limit`` + 1; None for rows that cannot be counted without reading them (a generator,
    written at once as before)."""
    if isinstance(rows, QuerySet) and rows._result_cache is None:
        return rows.order_by()[:limit + 1].count()
    return len(rows) if isinstance(rows, Sized) else None


def in_worker():
    return _sink.get() is not None


def background_or_none(request, rows, label):
    """A redirect to a new export job when ``rows`` (a queryset or a list) is too many to write in this request;
    None to write it now (a small download, or the worker writing the job)."""
    sink = _sink.get()
    if sink is not None:
        expected = _count(rows, 10**9)
        if expected is not None:
            sink.job.expected = expected
            ExportJob.objects.filter(pk=sink.job.pk).update(expected=expected)
        return None
    if request.path.startswith("/api/"):  # an API client cannot follow a browser's progress page
        return None
    limit = inline_limit()
    counted = _count(rows, limit)
    if counted is None or counted <= limit:
        return None
    return redirect("export-job", token=start(request, label).token)


def start(request, label):
    from core import dispatch, tasks

    job = ExportJob.objects.create(requested_by=request.user, path=request.path[:300],
                                   query=request.GET.urlencode(), label=label[:200])
    dispatch.enqueue_on_commit(tasks.run_export, job.tenant_id, job.pk)
    return job


class SpooledResponse(HttpResponse):
    """What ``core.exports.attachment`` answers inside the worker: the body goes to the job's temporary file."""

    def __init__(self, sink, content_type, name):
        super().__init__(content_type=content_type)
        self.sink = sink
        self.name = name
        sink.responses.append(self)

    def write(self, content):
        self.sink.spool.write(self.make_bytes(content))

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def tell(self):
        return self.sink.spool.tell()


def spooled_response(content_type, name):
    """A ``SpooledResponse`` when a worker is writing a job, else None (``core.exports.attachment``)."""
    sink = _sink.get()
    return SpooledResponse(sink, content_type, name) if sink is not None else None


def progress(count):
    """Called by the writers with the rows written so far: recorded on the job every ``PROGRESS_EVERY`` rows, unless
    it was recorded less than ``PROGRESS_SECONDS`` ago."""
    sink = _sink.get()
    if sink is None:
        return
    sink.rows = count
    if count % PROGRESS_EVERY == 0 and time.monotonic() - sink.recorded >= PROGRESS_SECONDS:
        ExportJob.objects.filter(pk=sink.job.pk).update(rows=count)
        sink.recorded = time.monotonic()


def _request(job):
    query = f"?{job.query}" if job.query else ""
    request = RequestFactory().get(f"{job.path}{query}")
    request.user = job.requested_by
    request.tenant = job.tenant
    request.membership = Membership.objects.filter(user=job.requested_by).select_related("organisation").first()
    request.session = SessionBase()
    request._messages = default_storage(request)
    return request


def _fail(job, message):
    job.status = ExportStatus.FAILED
    job.error = message
    job.finished = timezone.now()
    job.save(update_fields=["status", "error", "finished"])


def run(job):
    """Write the job's file (the tenant is active). Idempotent: a job already finished or taken is left alone."""
    claimed = ExportJob.objects.filter(pk=job.pk, status=ExportStatus.QUEUED).update(status=ExportStatus.RUNNING)
    if not claimed:
        return job.status
    try:
        match = resolve(job.path)
    except Resolver404:
        _fail(job, "The page this download came from no longer exists.")
        return job.status
    with tempfile.TemporaryFile() as spool:
        sink = Sink(job, spool)
        token = _sink.set(sink)
        try:
            response = match.func(_request(job), *match.args, **match.kwargs)
        except Exception:
            logger.exception("Export %s failed", job.pk)
            _fail(job, "Something went wrong writing the file; the PMO's logs say what. Ask for it again.")
            return job.status
        finally:
            _sink.reset(token)
        if response not in sink.responses:
            _fail(job, f"The page answered {response.status_code} instead of a file: you may no longer be allowed "
                       "to see these rows.")
            return job.status
        spool.seek(0, 2)
        job.size = spool.tell()
        spool.seek(0)
        job.rows = sink.rows
        job.file.save(response.name, File(spool), save=False)
    job.status = ExportStatus.READY
    job.finished = timezone.now()
    job.save(update_fields=["status", "rows", "size", "file", "finished"])
    return job.status


def purge(tenant, now=None):
    """Delete this partnership's jobs (and their files) older than ``EXPORT_KEEP_DAYS``; returns how many."""
    days = getattr(settings, "EXPORT_KEEP_DAYS", 7)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = list(ExportJob.objects.filter(tenant=tenant, created__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)
