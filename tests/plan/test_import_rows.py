"""A plan import's bad rows: each refused naming its row and column, and a file with any of them writes nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.tenancy import tenant_context
from plan import imports, services
from plan.models import ExternalDependency, PlanDependency, PlanItem
from tests.plan.test_import import HEADER, confirm, history_rows, upload

pytestmark = pytest.mark.django_db


def refused(user, text, tenant):
    preview = imports.preview(upload(text), user, tenant)
    assert not preview.ok and not preview.token
    return {row: " ".join(messages) for row, messages in preview.refused}


def test_every_bad_row_is_named_by_row_and_column(persona, make_item, in_llr, today):
    item = make_item("Known")
    later, sooner = today + datetime.timedelta(weeks=9), today + datetime.timedelta(weeks=8)
    text = HEADER + (
        f",Milestone,Good,Programme,,,,,,{later},,,,,\n"  # row 2: fine on its own
        f",Deliverable,Backwards,Programme,,,,,{later},{sooner},,,,,\n"
        f",Milestone,Bad date,Programme,,,,,,31/02/2027,,,,,\n"
        f",Gateway,Unknown kind,Programme,,,,,,{later},,,,,\n"
        f",Milestone,Unknown owner,Programme,,,,nobody.llr,,{later},,,,,\n"
        f",Milestone,Unknown ref,Programme,,,,,,{later},,,PI-9999,,\n"
        f"{item.ref},Milestone,Itself,Programme,,,,,,{item.forecast_date},,,{item.ref},,\n"
        f"PI-9998,Milestone,Not here,Programme,,,,,,{later},,,,,\n"
        f",Milestone,Nowhere,Workstream,Atlantis,,,,,{later},,,,,\n"
        f",External: A national decision,No item,,,,,NHS England,,{later},,,,,\n"
        f",External: A decree,Bad kind,,,,,NHS England,,{later},,,,{item.ref},\n"
        f"EXT-999999,External: Another programme,Gone,,,,,Someone,,{later},,,,{item.ref},\n"
        f",Milestone,Actual in future,Programme,,,,,,{later},{later},Complete,,,\n"
        f"{item.ref},Milestone,Again,Programme,,,,,,{item.forecast_date},,,,,\n"
    )
    count, rows = PlanItem.objects.count(), history_rows()
    found = refused(persona("pmo.llr"), text, in_llr)
    assert 2 not in found
    assert found[3].startswith("Forecast date: The forecast date cannot be before the item's start")
    assert found[4] == 'Forecast date: "31/02/2027" is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.'
    assert found[5].startswith('Kind: "Gateway" is not one of: Milestone, Deliverable, Step-change.')
    assert found[6].startswith('Owner: "nobody.llr" is not a member of this partnership')
    assert found[7] == "Waits for: there is no item PI-9999 in this partnership."
    assert found[8] == f"Waits for: {item.ref} cannot depend on itself."
    assert found[9].startswith("Ref: there is no item PI-9998 in this partnership.")
    assert found[10] == 'Workstream: There is no workstream "Atlantis" in this partnership.'
    assert found[11] == "Needed by: give the Ref of the plan item that waits for it."
    assert found[12].startswith('Kind: "A decree" is not one of: Another programme')
    assert found[13].startswith("Ref: there is no external dependency EXT-999999 in this partnership.")
    assert found[14] == "Actual date: An actual date cannot be in the future."
    assert found[15].startswith(f"Ref: {item.ref} is also on row 8;")
    assert (PlanItem.objects.count(), history_rows()) == (count, rows)


def test_a_cycle_is_named_and_nothing_is_imported(persona, make_item, in_llr):
    a, b, c = make_item("A"), make_item("B"), make_item("C")
    services.add_dependency(persona("pmo.llr"), a, b)
    services.add_dependency(persona("pmo.llr"), b, c)
    text = HEADER + (f"{a.ref},Milestone,A renamed,Programme,,,,,,{a.forecast_date},,,{c.ref},,\n"
                     f",Milestone,New,Programme,,,,,,{a.forecast_date},,,{a.ref},,\n")
    found = refused(persona("pmo.llr"), text, in_llr)
    assert found == {2: f"Waits for: this would make a cycle: {c.ref} → {a.ref} → {b.ref} → {c.ref}."}


def test_a_cycle_made_by_two_rows_together_is_refused(persona, make_item, in_llr):
    a, b = make_item("A"), make_item("B")
    text = HEADER + (f"{a.ref},Milestone,A,Programme,,,,,,{a.forecast_date},,,{b.ref},,\n"
                     f"{b.ref},Milestone,B,Programme,,,,,,{b.forecast_date},,,{a.ref},,\n")
    found = refused(persona("pmo.llr"), text, in_llr)
    assert "this would make a cycle" in found[2] and "this would make a cycle" in found[3]


def test_reversing_a_dependency_in_one_file_applies(client, persona, make_item, in_llr):
    a, b = make_item("A"), make_item("B")
    services.add_dependency(persona("pmo.llr"), a, b)
    text = HEADER + (f"{a.ref},Milestone,A,Programme,,,,,,{a.forecast_date},,,{b.ref},,\n"
                     f"{b.ref},Milestone,B,Programme,,,,,,{b.forecast_date},,,,,\n")
    client.force_login(persona("pmo.llr"))
    preview = client.post("/plan/import/", {"file": upload(text)}).context["plan"]
    assert preview.ok, preview.refused
    assert confirm(client, preview.token).status_code == 200
    assert list(PlanDependency.objects.filter(successor__in=[a, b]).values_list("predecessor", "successor")) == [
        (b.pk, a.pk)]


def test_another_partnerships_records_are_unknown_here(persona, northshire, in_llr, make_item, today):
    from programme.models import Workstream

    mine = make_item("Mine")
    with tenant_context(northshire):
        theirs = services.create_item(persona("pmo.north"), title="Theirs", kind="milestone", level="programme",
                                      forecast_date=today + datetime.timedelta(weeks=4))
        external = services.add_external(persona("pmo.north"), item=theirs, title="Their decision", owner="DHSC",
                                         due_date=today + datetime.timedelta(weeks=4))
        workstream = Workstream.objects.exclude(name__in=list(Workstream.all_tenants.filter(
            tenant__slug="llr").values_list("name", flat=True))).first()
    text = HEADER + (f",Milestone,In their workstream,Workstream,{workstream.name},,,,,{mine.forecast_date},,,,,\n"
                     f"EXT-{external.pk},External: Another programme,Their decision,,,,,DHSC,,"
                     f"{mine.forecast_date},,,,{mine.ref},\n")
    found = refused(persona("pmo.llr"), text, in_llr)
    assert found[2] == f'Workstream: There is no workstream "{workstream.name}" in this partnership.'
    assert found[3].startswith(f"Ref: there is no external dependency EXT-{external.pk} in this partnership")
    external.refresh_from_db()
    assert external.title == "Their decision" and not ExternalDependency.objects.filter(item=mine).exists()


def test_rows_outside_the_importers_place_are_refused(persona, in_llr, today):
    text = HEADER + f",Milestone,Not mine,Programme,,,,,,{today + datetime.timedelta(weeks=3)},,,,,\n"
    found = refused(persona("pm.poa.llr"), text, in_llr)
    assert found[2].startswith("You may not add items at the whole programme.")
    assert not PlanItem.objects.filter(title="Not mine").exists()


def test_a_file_without_the_layout_is_refused_as_a_whole(client, persona, in_llr):
    client.force_login(persona("pmo.llr"))
    response = client.post("/plan/import/", {"file": upload("nothing here\n")})
    assert response.status_code == 400
    assert "its first column must be headed &quot;Ref&quot;" in response.content.decode()
    response = client.post("/plan/import/", {"file": upload("Ref,Title\nPI-0001,X\n")})
    assert response.status_code == 400 and "The header row has no column Kind, Forecast date." in \
        response.content.decode()
    fake = SimpleUploadedFile("plan.xlsx", b"<html>not a workbook</html>")
    response = client.post("/plan/import/", {"file": fake})
    assert response.status_code == 400 and "not an Excel workbook" in response.content.decode()
    assert client.get("/plan/import/").status_code == 200
