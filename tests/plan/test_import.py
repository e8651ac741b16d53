"""Importing the plan: an unedited export (.xlsx or CSV, items and external dependencies) previews as unchanged and
writes nothing; an edited one previews what it would add and change (old → new), writes nothing until confirmed,
then writes exactly that; a stale, tampered or used preview is refused and writes nothing."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from plan import services
from plan.choices import ExternalKind
from plan.models import ExternalDependency, PlanDependency, PlanItem

pytestmark = pytest.mark.django_db
HEADER = ("Ref,Kind,Title,Level,Workstream,Project,Stage,Owner,Start,Forecast date,Actual date,Status,Waits for,"
          "Needed by,Description\n")


def upload(content, name="plan.csv"):
    if isinstance(content, str):
        content = ("\ufeff" + content).encode("utf-8")
    return SimpleUploadedFile(name, content)


def history_rows():
    return sum(model.history.count() for model in (PlanItem, PlanDependency, ExternalDependency))


@pytest.fixture
def pmo(client, persona, in_llr):
    client.force_login(persona("pmo.llr"))
    return client


@pytest.fixture
def external(make_item, persona, today):
    item = make_item("Waits outside", weeks=6, outputs="Typed in a form:\r\ntwo lines ")
    return services.add_external(persona("pmo.llr"), item=item, title="National go-live decision",
                                 kind=ExternalKind.NATIONAL_DECISION, owner="NHS England",
                                 due_date=today + datetime.timedelta(weeks=5), note="Expected in spring")


def check(client, content, name="plan.csv"):
    response = client.post("/plan/import/", {"file": upload(content, name)})
    return response, response.context["plan"]


def confirm(client, token):
    return client.post("/plan/import/confirm/", {"token": token})


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_unedited_export_imports_back_changing_nothing(pmo, external, fmt):
    exported = pmo.get(f"/plan/?format={fmt}").content
    if fmt == "csv":
        assert f"EXT-{external.pk},External: A national decision,National go-live decision" in exported.decode()
    rows, links = history_rows(), PlanDependency.objects.count()
    response, preview = check(pmo, exported, f"plan.{fmt}")
    assert response.status_code == 200 and preview.ok, preview.refused
    assert (preview.added, preview.changed) == ([], [])
    unchanged = {entry["ref"] for entry in preview.unchanged}
    assert f"EXT-{external.pk}" in unchanged and external.item.ref in unchanged
    assert len(unchanged) == PlanItem.objects.count() + ExternalDependency.objects.count()
    assert "Nothing to import: the file matches the plan." in response.content.decode()
    assert 'name="token"' not in response.content.decode()
    assert (history_rows(), PlanDependency.objects.count()) == (rows, links)


def test_the_xlsx_export_lists_each_external_under_its_item(pmo, external):
    sheet = load_workbook(io.BytesIO(pmo.get("/plan/?format=xlsx").content)).worksheets[0]
    headings = [cell.value for cell in sheet[2]]
    rows = [dict(zip(headings, (cell.value for cell in row), strict=False)) for row in sheet.iter_rows(min_row=3)]
    index = next(i for i, row in enumerate(rows) if row["Ref"] == f"EXT-{external.pk}")
    row = rows[index]
    assert rows[index - 1]["Ref"] == external.item.ref == row["Needed by"]
    assert (row["Owner"], row["Forecast date"].date(), row["Description"]) == (
        "NHS England", external.due_date, "Expected in spring")


def test_an_edited_file_is_previewed_and_written_only_once_confirmed(pmo, make_item, external, today, poa):
    first, second = make_item("First", weeks=2), make_item("Second", weeks=3)
    later = today + datetime.timedelta(weeks=9)
    text = HEADER + (
        f"{first.ref},Milestone,First renamed,Programme,,,,,,{first.forecast_date},,On track,,,\n"
        f"{second.ref},Milestone,Second,Programme,,,,,,{second.forecast_date},,Not started,"
        f"\"{first.ref} (start to start; lag 3 days)\",,\n"
        f",Milestone,Imported one,Project,,{poa.name},,pm.poa.llr,,{later},,On track,"
        f"\"{first.ref} (start to start, lag 3 days)\",,\n"
        f"EXT-{external.pk},External: A national decision,National go-live decision,,,,,NHS England,,"
        f"{later},,,,{external.item.ref},Expected in spring\n"
        f",External: A partner's procurement,Community hub lease,,,,,Leicester City Council,,{later},,,,{first.ref},\n"
    )
    response, preview = check(pmo, text)
    assert response.status_code == 400  # "start to start; lag 3 days" is not a reference
    [[row, [message]]] = preview.refused
    assert row == 3 and message.startswith("Waits for: ") and "is not a reference such as PI-0003" in message
    text = text.replace("(start to start; lag 3 days)", "(start to start, lag 3 days)")
    rows = history_rows()
    response, preview = check(pmo, text)
    assert response.status_code == 200 and preview.ok, preview.refused
    page = response.content.decode()
    assert "2 to add, 3 to change, 0 unchanged, 0 refused." in page
    changes = {(entry["ref"], change["label"]): (change["old_shown"], change["new_shown"])
               for entry in preview.changed for change in entry["changes"]}
    assert changes == {
        (first.ref, "Title"): ("First", "First renamed"),
        (first.ref, "Status"): ("Not started", "On track"),
        (second.ref, "Waits for"): ("", f"{first.ref} (start to start, lag 3 days)"),
        (f"EXT-{external.pk}", "Forecast date"): (f"{external.due_date:%d/%m/%Y}", f"{later:%d/%m/%Y}"),
    }
    assert [entry["show"] for entry in preview.added] == ["Imported one", "Community hub lease"]
    assert history_rows() == rows and not PlanItem.objects.filter(title="Imported one").exists()

    done = confirm(pmo, preview.token)
    assert done.status_code == 200 and "Import applied: 2 added" in done.content.decode()
    first.refresh_from_db()
    external.refresh_from_db()
    assert (first.title, first.status, external.due_date) == ("First renamed", "on_track", later)
    link = PlanDependency.objects.get(successor=second)
    assert (link.predecessor, link.type, link.lag_days) == (first, "start_to_start", 3)
    imported = PlanItem.objects.get(title="Imported one")
    assert imported.project == poa and imported.owner.username == "pm.poa.llr"
    assert PlanDependency.objects.filter(predecessor=first, successor=imported, lag_days=3).exists()
    assert ExternalDependency.objects.get(title="Community hub lease").item == first
    assert first.history.first().history_user.username == "pmo.llr"
    assert confirm(pmo, preview.token).status_code == 400  # used up


def test_waits_for_is_the_items_whole_list(pmo, make_item, persona):
    a, b, c = make_item("A"), make_item("B"), make_item("C", weeks=6)
    services.add_dependency(persona("pmo.llr"), a, c)
    services.add_dependency(persona("pmo.llr"), b, c, lag_days=2)
    text = HEADER + f"{c.ref},Milestone,C,Programme,,,,,,{c.forecast_date},,,{b.ref} (finish to finish),,\n"
    _, preview = check(pmo, text)
    [entry] = preview.changed
    assert entry["changes"][0]["old_shown"] == f"{a.ref} (finish to start); {b.ref} (finish to start, lag 2 days)"
    assert confirm(pmo, preview.token).status_code == 200
    assert list(PlanDependency.objects.filter(successor=c).values_list("predecessor", "type", "lag_days")) == [
        (b.pk, "finish_to_finish", 0)]


def test_a_stale_preview_is_refused_and_writes_nothing(pmo, make_item, persona, today):
    item = make_item("Before")
    text = HEADER + f"{item.ref},Milestone,After,Programme,,,,,,{item.forecast_date},,,,,\n"
    _, preview = check(pmo, text)
    services.update_item(item, persona("pmo.llr"), forecast_date=today + datetime.timedelta(weeks=7),
                         title="Someone else's")
    response = confirm(pmo, preview.token)
    assert response.status_code == 409
    assert f"{item.ref} was changed by someone else since the preview (Title)" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Someone else's"


def test_a_tampered_or_foreign_token_is_refused(pmo, client, make_item, persona):
    item = make_item("Before")
    _, preview = check(pmo, HEADER + f"{item.ref},Milestone,After,Programme,,,,,,{item.forecast_date},,,,,\n")
    for token in ("../../etc/passwd", preview.token[:-2] + "xx"):
        response = confirm(pmo, token)
        assert response.status_code == 400 and "upload the file again" in response.content.decode()
    client.force_login(persona("director.llr"))
    assert confirm(client, preview.token).status_code == 400  # another user's preview
    item.refresh_from_db()
    assert item.title == "Before"


def test_an_expired_preview_is_refused(pmo, make_item, monkeypatch):
    from django.utils import timezone

    from core import imports as staging

    item = make_item("Before")
    _, preview = check(pmo, HEADER + f"{item.ref},Milestone,After,Programme,,,,,,{item.forecast_date},,,,,\n")
    later = timezone.now() + datetime.timedelta(hours=staging.STAGE_HOURS, minutes=1)
    monkeypatch.setattr(staging.timezone, "now", lambda: later)
    response = confirm(pmo, preview.token)
    assert response.status_code == 400 and "This import preview has expired" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Before"
