"""Importing the plan: the export reads back unchanged; new rows and their dependencies are added; any bad row
(named by its row and column) or a cycle imports nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plan.models import PlanDependency, PlanItem

pytestmark = pytest.mark.django_db
HEADER = "Ref,Kind,Title,Level,Workstream,Project,Stage,Owner,Start,Forecast date,Actual date,Status,Waits for\n"


def upload(text, name="plan.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def post(client, text):
    return client.post("/api/v1/plan-items/import/", {"file": upload(text)}, format="multipart")


def test_the_export_imports_back_unchanged(api, client, persona, in_llr):
    client.force_login(persona("pmo.llr"))
    exported = client.get("/plan/?format=csv")
    client = api("pmo.llr")
    before = dict(PlanItem.objects.values_list("ref", "forecast_date"))
    links = PlanDependency.objects.count()
    response = client.post("/api/v1/plan-items/import/", {"file": SimpleUploadedFile(
        "plan.csv", exported.content, content_type="text/csv")}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json() == {"added": 0, "updated": len(before)}
    assert dict(PlanItem.objects.values_list("ref", "forecast_date")) == before
    assert PlanDependency.objects.count() == links


def test_new_rows_are_added_with_their_dependencies(api, make_item, today, poa):
    existing = make_item("Before", weeks=2)
    forecast = (today + datetime.timedelta(weeks=8)).isoformat()
    text = HEADER + (f",Milestone,Imported one,Project,,{poa.name},,pm.poa.llr,,{forecast},,On track,"
                     f"\"{existing.ref} (start to start, lag 3 days)\"\n")
    response = post(api("pmo.llr"), text)
    assert response.json() == {"added": 1, "updated": 0}
    item = PlanItem.objects.get(title="Imported one")
    assert item.project == poa and item.owner.username == "pm.poa.llr"
    link = PlanDependency.objects.get(successor=item)
    assert (link.predecessor, link.type, link.lag_days) == (existing, "start_to_start", 3)


def test_bad_rows_are_named_and_nothing_is_imported(api, in_llr, today):
    count = PlanItem.objects.count()
    later, sooner = today + datetime.timedelta(weeks=9), today + datetime.timedelta(weeks=8)
    text = HEADER + (f",Milestone,Good,Programme,,,,,,{later.isoformat()},,,\n"
                     f",Deliverable,Backwards,Programme,,,,,{later.isoformat()},{sooner.isoformat()},,,\n"
                     f",Milestone,Bad date,Programme,,,,,,31/02/2027,,,\n"
                     f",Milestone,Unknown,Programme,,,,,,{later.isoformat()},,,PI-9999\n")
    response = post(api("pmo.llr"), text)
    assert response.status_code == 400
    errors = response.json()["file"]
    assert any(error.startswith("Row 3, Forecast date:") and "before the item's start" in error for error in errors)
    assert any(error.startswith("Row 4, Forecast date:") for error in errors)
    assert any(error.startswith("Row 5, Waits for:") and "PI-9999" in error for error in errors)
    assert not any(error.startswith("Row 2") for error in errors)
    assert PlanItem.objects.count() == count


def test_a_cycle_in_the_file_imports_nothing(api, make_item, persona):
    from plan import services

    a, b = make_item("A"), make_item("B")
    services.add_dependency(persona("pmo.llr"), a, b)
    text = HEADER + f"{a.ref},Milestone,A renamed,Programme,,,,,,{a.forecast_date.isoformat()},,,{b.ref}\n"
    response = post(api("pmo.llr"), text)
    assert response.status_code == 400
    assert f"{b.ref} → {a.ref} → {b.ref}" in response.json()["file"][0]
    a.refresh_from_db()
    assert a.title == "A"


def test_rows_outside_the_users_place_are_refused(api, in_llr, today):
    text = HEADER + f",Milestone,Not mine,Programme,,,,,,{(today + datetime.timedelta(weeks=3)).isoformat()},,,\n"
    response = post(api("pm.poa.llr"), text)
    assert response.status_code == 400 and response.json()["file"][0].startswith("Row 2:")
    assert not PlanItem.objects.filter(title="Not mine").exists()


def test_the_import_page_names_bad_rows(client, persona, in_llr):
    client.force_login(persona("pmo.llr"))
    assert client.get("/plan/import/").status_code == 200
    response = client.post("/plan/import/", {"file": upload(HEADER + ",Milestone,X,Programme,,,,,,soon,,,\n")})
    assert response.status_code == 400 and "Row 2, Forecast date" in response.content.decode()
    assert client.post("/plan/import/", {"file": upload("nothing here\n")}).status_code == 400
