"""Large register downloads are written by a Celery worker (core.export_jobs): the page answers a redirect to the
job's progress page at once, the worker writes exactly the file the page would have given, only the person who asked
can open it, and small downloads stay immediate."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core import export_jobs
from core.models import ExportJob, ExportStatus
from core.tenancy import tenant_context

ISSUES_CSV = "/risks/issues/?format=csv"
ISSUES_XLSX = "/risks/issues/?format=xlsx&status=open"
RISKS_XLSX = "/risks/export.xlsx"


def _file(client, job):
    response = client.get(f"/downloads/{job.token}/file/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _job(llr):
    with tenant_context(llr):
        return ExportJob.objects.select_related("requested_by").latest("created")


def _values(content, skip=1):
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [row for row in sheet.iter_rows(values_only=True)][skip:]


@pytest.fixture
def background(settings):
    settings.EXPORT_INLINE_ROWS = 0  # every download with a row goes to the worker


def test_a_large_download_goes_to_the_worker_and_gives_the_same_file(browser, llr, settings,
                                                                     django_capture_on_commit_callbacks):
    client = browser("pmo.llr")
    inline = client.get(ISSUES_CSV)
    assert inline.status_code == 200 and inline["Content-Type"].startswith("text/csv")
    settings.EXPORT_INLINE_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(ISSUES_CSV)
    job = _job(llr)
    assert response.status_code == 302 and response["Location"] == f"/downloads/{job.token}/"
    assert job.status == ExportStatus.READY and job.requested_by.username == "pmo.llr"
    assert _file(client, job) == inline.content  # byte for byte what the page gives inline
    rows = inline.content.decode("utf-8-sig").count("\n") - 1
    assert job.rows == rows == job.expected and job.size == len(inline.content)
    page = client.get(response["Location"]).content.decode()
    assert "Download the file" in page and "hx-get" not in page  # final: the page stops polling


def test_the_worker_keeps_the_filters_and_the_register_layout(browser, llr, background, settings,
                                                              django_capture_on_commit_callbacks):
    client = browser("pmo.llr")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(RISKS_XLSX + "?category=strategic").status_code == 302
    job = _job(llr)
    assert job.query == "category=strategic"
    rows = _values(_file(client, job))
    assert rows[1][0] == "No" and rows[2][0] == "Strategic Risks"  # App. 7: group row, header, then each group
    settings.EXPORT_INLINE_ROWS = 10_000
    inline = _values(client.get(RISKS_XLSX + "?category=strategic").content)
    everything = _values(client.get(RISKS_XLSX).content)
    assert rows == inline and len(everything) > len(rows)  # the filter the page had, nothing more


def test_a_queued_job_shows_its_progress_and_polls(browser, llr, background):
    client = browser("pmo.llr")
    response = client.get(ISSUES_XLSX)  # the commit hooks never run here: the job stays queued
    assert response.status_code == 302
    job = _job(llr)
    assert job.status == ExportStatus.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and "hx-trigger=\"every 2s\"" in page and "Waiting to start" in page
    assert client.get(f"/downloads/{job.token}/file/").status_code == 404  # not ready yet


def test_progress_is_recorded_while_writing(browser, llr, background, monkeypatch,
                                            django_capture_on_commit_callbacks):
    seen = []
    original = export_jobs.progress

    def spy(count):
        original(count)
        sink = export_jobs._sink.get()
        seen.append(ExportJob.objects.get(pk=sink.job.pk).rows)

    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(export_jobs, "PROGRESS_SECONDS", 0)
    monkeypatch.setattr(export_jobs, "progress", spy)
    client = browser("pmo.llr")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(ISSUES_CSV)
    job = _job(llr)
    assert seen == list(range(1, job.rows + 1)) and job.rows > 1


def test_only_the_person_who_asked_can_see_or_download_it(browser, llr, background,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        browser("pmo.llr").get(ISSUES_CSV)
    job = _job(llr)
    someone_else = browser("director.llr")
    for suffix in ("", "status/", "file/"):
        assert someone_else.get(f"/downloads/{job.token}/{suffix}").status_code == 404
    assert job.label not in someone_else.get("/downloads/").content.decode()
    assert job.label in browser("pmo.llr").get("/downloads/").content.decode()


def test_small_downloads_stay_immediate(browser, llr):
    with tenant_context(llr):
        before = ExportJob.objects.count()
    response = browser("pmo.llr").get(ISSUES_XLSX)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    with tenant_context(llr):
        assert ExportJob.objects.count() == before


def test_a_job_whose_page_refuses_fails_with_a_reason(browser, llr, background, persona,
                                                      django_capture_on_commit_callbacks):
    client = browser("pmo.llr")
    client.get(ISSUES_CSV)
    job = _job(llr)
    with tenant_context(llr):
        job.path = "/no/such/page/"
        job.save()
        export_jobs.run(job)
        job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "no longer exists" in job.error


def test_old_jobs_and_their_files_are_purged(browser, llr, background, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        browser("pmo.llr").get(ISSUES_CSV)
    job = _job(llr)
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    with tenant_context(llr):
        assert export_jobs.purge(llr, now=timezone.now() + datetime.timedelta(days=6)) == 0
        assert export_jobs.purge(llr, now=timezone.now() + datetime.timedelta(days=8)) >= 1
        assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert not storage.exists(name)
