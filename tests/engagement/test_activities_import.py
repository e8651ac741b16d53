"""The engagement plan's Excel round trip (issue 21): its download, edited, imports back through a preview; an
unedited download changes nothing; a bad row refuses the whole file; what was previewed is what is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from engagement import activity_imports
from engagement.choices import ActivityStatus
from engagement.models import EngagementActivity, EngagementObjective
from tests.engagement.factories import make_activity

pytestmark = pytest.mark.django_db


def download(client):
    response = client.get("/engagement/activities/", {"format": "xlsx"})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def upload(workbook, name="plan.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def column(sheet, heading):
    return [cell.value for cell in sheet[2]].index(heading) + 1


def row_of(sheet, ref):
    return next(row for row in range(3, sheet.max_row + 1) if sheet.cell(row, 1).value == ref)


@pytest.fixture
def planned(in_llr, persona):
    return make_activity(owner=persona("pmo.llr"), title="Healthwatch briefing",
                         objectives=list(EngagementObjective.objects.filter(number__in=[5, 8])))


def test_an_unedited_download_imports_as_unchanged(browser, planned, persona, llr):
    workbook = download(browser("pmo.llr"))
    preview = activity_imports.preview(upload(workbook), persona("pmo.llr"), llr)
    assert preview.ok, preview.refused
    assert not preview.added and not preview.changed
    assert planned.ref in {entry["ref"] for entry in preview.unchanged}


def test_an_edited_download_logs_the_activity_and_adds_a_row(browser, planned, persona, llr, today):
    client = browser("pmo.llr")
    workbook = download(client)
    sheet = workbook.worksheets[0]
    row = row_of(sheet, planned.ref)
    sheet.cell(row, column(sheet, "Status")).value = "Held"
    sheet.cell(row, column(sheet, "Held on")).value = today
    sheet.cell(row, column(sheet, "Reach")).value = 64
    sheet.cell(row, column(sheet, "What we heard")).value = "Information in other languages"
    sheet.cell(row, column(sheet, "Objectives")).value = "5, 7"
    new = sheet.max_row + 1
    for heading, value in {"Title": "Staff side newsletter", "Kind": "Newsletter", "Channel": "Email",
                           "Planned date": today, "Owner": "pmo.llr", "Status": "Planned"}.items():
        sheet.cell(new, column(sheet, heading)).value = value
    page = client.post("/engagement/activities/import/", {"file": upload(workbook)})
    assert page.status_code == 200
    preview = page.context["plan"]
    assert preview.ok and len(preview.added) == 1 and [entry["ref"] for entry in preview.changed] == [planned.ref]
    assert EngagementActivity.objects.get(pk=planned.pk).status == ActivityStatus.PLANNED  # nothing written yet
    done = client.post("/engagement/activities/import/confirm/", {"token": preview.token})
    assert done.status_code == 200 and done.context["applied"]
    planned.refresh_from_db()
    assert planned.status == ActivityStatus.HELD and planned.reach == 64 and planned.held_on == today
    assert sorted(o.number for o in planned.objectives.all()) == [5, 7]
    assert EngagementActivity.objects.get(title="Staff side newsletter").owner == persona("pmo.llr")


def test_a_bad_row_refuses_the_whole_file_and_writes_nothing(browser, planned, persona, llr, today):
    client = browser("pmo.llr")
    workbook = download(client)
    sheet = workbook.worksheets[0]
    row = row_of(sheet, planned.ref)
    sheet.cell(row, column(sheet, "Reach")).value = 12
    sheet.cell(sheet.max_row + 1, 1).value = "EA-9999"
    bad = sheet.max_row
    sheet.cell(bad, column(sheet, "Title")).value = "Unknown"
    page = client.post("/engagement/activities/import/", {"file": upload(workbook)})
    assert page.status_code == 400
    assert "EA-9999 is not an activity of this partnership" in page.content.decode()
    planned.refresh_from_db()
    assert planned.reach is None


def test_a_log_in_the_future_is_refused_by_row(planned, persona, llr, browser, today):
    workbook = download(browser("pmo.llr"))
    sheet = workbook.worksheets[0]
    row = row_of(sheet, planned.ref)
    sheet.cell(row, column(sheet, "Status")).value = "Held"
    sheet.cell(row, column(sheet, "Held on")).value = today.replace(year=today.year + 1)
    preview = activity_imports.preview(upload(workbook), persona("pmo.llr"), llr)
    assert not preview.ok and preview.refused[0][0] == row and "future" in " ".join(preview.refused[0][1])


def test_someone_outside_communications_may_not_import(browser, in_llr):
    assert browser("pm.poa.llr").get("/engagement/activities/import/").status_code == 403

