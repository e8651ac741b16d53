"""The consultation API: ``service-changes/`` (filters, export, history, ``four-tests/``, ``assurance.pdf``),
``four-tests/`` and ``test-evidence/``; bad input is a 400 and nothing is saved."""

import io

import pytest
from openpyxl import load_workbook

from core.tenancy import tenant_context
from engagement.choices import EvidenceKind, FourTestName
from engagement.models import FourTest, ServiceChange, TestEvidence
from programme.models import Workstream

from .consultation_helpers import demo_change, new_change

pytestmark = pytest.mark.django_db
BASE = "/api/v1/service-changes/"


def urgent_care(llr):
    with tenant_context(llr):
        return Workstream.objects.get(name="Urgent Care").pk


def test_list_filters_and_summary(api, llr):
    client = api("pmo.llr")
    with tenant_context(llr):
        change = demo_change()
    rows = client.get(BASE, {"unevidenced": "patient_choice"}).json()["results"]
    row = next(row for row in rows if row["id"] == change.pk)
    assert [(test["test"], test["evidenced"]) for test in row["four_tests"]] == [
        ("engagement", True), ("patient_choice", False), ("clinical_evidence", True), ("commissioner_support", True)]
    assert change.pk not in {row["id"] for row in client.get(BASE, {"fully_evidenced": "true"}).json()["results"]}
    assert client.get(BASE, {"status": "nonsense"}).status_code == 400


def test_create_makes_the_four_tests(api, llr):
    response = api("director.llr").post(BASE, {"title": "Stroke rehabilitation beds", "workstream": urgent_care(llr),
                                               "pre_consultation_start": "2026-01-05",
                                               "pre_consultation_end": "2026-02-27"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ref"].startswith("SC-") and len(body["four_tests"]) == 4
    assert not any(test["evidenced"] for test in body["four_tests"])


@pytest.mark.parametrize("dates,field", [
    ({"pre_consultation_start": "2026-03-10", "pre_consultation_end": "2026-03-01"}, "pre_consultation_end"),
    ({"consultation_start": "2026-05-10", "consultation_end": "2026-05-01"}, "consultation_end"),
    ({"pre_consultation_end": "2026-04-30", "consultation_start": "2026-04-01"}, "consultation_start"),
])
def test_dates_out_of_order_are_a_400_and_nothing_is_saved(api, llr, dates, field):
    with tenant_context(llr):
        before = ServiceChange.objects.count(), FourTest.objects.count()
    response = api("pmo.llr").post(BASE, {"title": "Out of order", "workstream": urgent_care(llr), **dates},
                                   format="json")
    assert response.status_code == 400
    assert field in response.json()
    with tenant_context(llr):
        assert (ServiceChange.objects.count(), FourTest.objects.count()) == before


def test_patch_out_of_order_changes_nothing(api, llr, persona):
    with tenant_context(llr):
        change = new_change(persona("pmo.llr"))
    client = api("pmo.llr")
    assert client.patch(f"{BASE}{change.pk}/", {"consultation_start": "2026-05-01", "consultation_end": "2026-06-30"},
                        format="json").status_code == 200
    response = client.patch(f"{BASE}{change.pk}/", {"consultation_end": "2026-04-01"}, format="json")
    assert response.status_code == 400 and "consultation_end" in response.json()
    assert client.get(f"{BASE}{change.pk}/").json()["consultation_end"] == "2026-06-30"


def test_a_viewer_is_refused(api, llr):
    response = api("viewer.uhl.llr").post(BASE, {"title": "No", "workstream": urgent_care(llr)}, format="json")
    assert response.status_code == 403


def test_four_tests_in_order_with_their_evidence(api, llr):
    with tenant_context(llr):
        change = demo_change()
    tests = api("viewer.uhl.llr").get(f"{BASE}{change.pk}/four-tests/").json()
    assert [test["test"] for test in tests] == FourTestName.values
    choice = tests[1]
    assert choice["evidenced"] is False and choice["evidence"] == []
    engagement = tests[0]
    assert {item["kind"] for item in engagement["evidence"]} == {"Engagement record"}
    assert all(item["link"] or item["source"] for item in engagement["evidence"])


def test_adding_evidence_needs_what_its_kind_names(api, llr, persona):
    with tenant_context(llr):
        change = new_change(persona("pmo.llr"))
        test = change.four_tests.get(test=FourTestName.COMMISSIONER_SUPPORT)
    client = api("pmo.llr")
    url = f"/api/v1/four-tests/{test.pk}/evidence/"
    response = client.post(url, {"kind": EvidenceKind.COMMISSIONERS_DECISION}, format="json")
    assert response.status_code == 400 and "decision" in response.json()
    response = client.post(url, {"kind": EvidenceKind.CLINICAL_EVIDENCE, "title": "  "}, format="json")
    assert response.status_code == 400 and "title" in response.json()
    with tenant_context(llr):
        assert not TestEvidence.objects.filter(four_test=test).exists()
    response = client.post(url, {"kind": EvidenceKind.DOCUMENT, "title": "CCG governing body minutes"},
                           format="json")
    assert response.status_code == 201
    evidence = response.json()["id"]
    assert client.patch(f"/api/v1/four-tests/{test.pk}/", {"assessment": "Supported."}, format="json").json()[
        "evidenced"] is True
    assert client.delete(f"/api/v1/test-evidence/{evidence}/").status_code == 204
    history = client.get(f"{BASE}{change.pk}/history/").json()
    reasons = [entry["reason"] for entry in history]
    assert "Evidence removed" in reasons and "Evidence added: Document" in reasons and "Assessed" in reasons


def test_export_and_assurance_pdf(api, llr):
    with tenant_context(llr):
        change = demo_change()
    client = api("viewer.uhl.llr")
    response = client.get(BASE, {"format": "xlsx"})
    assert response.status_code == 200
    refs = [row[0] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert change.ref in refs
    response = client.get(f"{BASE}{change.pk}/assurance.pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
