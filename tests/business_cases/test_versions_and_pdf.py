"""Every submission is kept as it stood (DOMAIN.md s5, PID s4.8); two versions compare section by section; PDF."""

import re

import pytest

from business_cases import versions
from business_cases.models import BusinessCase, BusinessCaseVersion, ImmutableVersion
from core.tenancy import tenant_context

from .conftest import CHAIRS_ACTION, pdf_text

pytestmark = pytest.mark.django_db


def test_the_demo_fbc_is_its_only_version(api, in_llr):
    """The demo's Points of Access OBC was decided outside the portal (test_decided_elsewhere.py): one version."""
    case = BusinessCase.objects.get(number=1)
    listed = api("viewer.uhl.llr").get(f"/api/v1/business-cases/{case.pk}/versions/").json()
    assert [(v["number"], v["document_type"], v["submitted_by"]) for v in listed] == [
        (1, "fbc", "lead.urgentcare.llr")]
    assert listed[0]["submitted_at"].startswith("2016-05-11")
    assert listed[0]["money"]["summary"]["totals"]["saving"] == "4355144.00"
    assert api("pmo.llr").get(f"/api/v1/business-cases/{case.pk}/compare/").status_code == 409


def test_an_fbc_compares_with_its_obc(api, in_llr, obc_then_fbc):
    case = obc_then_fbc
    client = api("viewer.uhl.llr")
    listed = client.get(f"/api/v1/business-cases/{case.pk}/versions/").json()
    assert [(v["number"], v["document_type"], v["submitted_by"]) for v in listed] == [
        (1, "obc", "lead.urgentcare.llr"), (2, "fbc", "lead.urgentcare.llr")]
    assert listed[0]["money"]["summary"]["totals"]["saving"] == "0.00"
    assert listed[1]["money"]["summary"]["totals"]["saving"] == "4355144.00"
    comparison = client.get(f"/api/v1/business-cases/{case.pk}/compare/").json()
    assert (comparison["from"], comparison["to"]) == (1, 2)
    sections = {s["key"]: s for s in comparison["sections"]}
    assert list(sections) == ["strategic", "economic", "commercial", "financial", "management"]
    assert all(s["changed"] for s in sections.values())
    inserted = " ".join(w["text"] for w in sections["financial"]["words"] if w["op"] == "insert")
    assert "2,273,100" in inserted
    assert sections["financial"]["unified"][0] == "--- version 1"
    doc = {f["field"]: f for f in comparison["fields"]}
    assert (doc["document_type"]["from"], doc["document_type"]["to"]) == ("obc", "fbc")
    assert {m["field"]: m["to"] for m in comparison["money"]}["saving"] == "4355144.00"
    one = client.get(f"/api/v1/business-cases/{case.pk}/versions/1/").json()
    assert one["sections"]["strategic"].startswith("An outline of the need")


def test_compare_input(api, in_llr, obc_then_fbc):
    case = obc_then_fbc
    client = api("pmo.llr")
    assert client.get(f"/api/v1/business-cases/{case.pk}/compare/?from=2&to=1").status_code == 200
    assert client.get(f"/api/v1/business-cases/{case.pk}/compare/?from=1&to=9").status_code == 404
    assert client.get(f"/api/v1/business-cases/{case.pk}/compare/?from=one&to=2").status_code == 400
    assert client.get(f"/api/v1/business-cases/{case.pk}/compare/?from=1").status_code == 400
    assert client.get(f"/api/v1/business-cases/{case.pk}/versions/7/").status_code == 404
    single = BusinessCase.objects.get(number=2)
    assert client.get(f"/api/v1/business-cases/{single.pk}/compare/").status_code == 409


def test_a_resubmission_is_a_new_version_and_old_ones_do_not_change(api, llr, make_case):
    case = make_case(sections={"strategic": "First thoughts", "financial": "£10k", "management": "PMO"})
    client = api("pmo.llr")
    client.post(f"/api/v1/business-cases/{case.pk}/submit/")
    api("sro.llr").post(f"/api/v1/business-cases/{case.pk}/reject/", {"note": "More detail", **CHAIRS_ACTION},
                        format="json")
    client.post(f"/api/v1/business-cases/{case.pk}/revise/")
    client.patch(f"/api/v1/business-cases/{case.pk}/", {"sections": {"strategic": "Second thoughts"},
                                                        "value": "12000.00"}, format="json")
    client.post(f"/api/v1/business-cases/{case.pk}/submit/")
    comparison = client.get(f"/api/v1/business-cases/{case.pk}/compare/").json()
    strategic = next(s for s in comparison["sections"] if s["key"] == "strategic")
    assert [(w["op"], w["text"]) for w in strategic["words"]] == [
        ("delete", "First"), ("insert", "Second"), ("equal", " thoughts")]
    assert not next(s for s in comparison["sections"] if s["key"] == "financial")["changed"]
    assert {f["field"]: (f["from"], f["to"]) for f in comparison["fields"]}["value"] == ("100000.00", "12000.00")
    with tenant_context(llr):
        first = BusinessCaseVersion.objects.get(case=case, number=1)
        assert first.sections["strategic"] == "First thoughts"
        first.title = "Tampered"
        with pytest.raises(ImmutableVersion):
            first.save()
        with pytest.raises(ImmutableVersion):
            first.delete()


def test_word_diff_keeps_spacing():
    ops = versions.word_diff("one two\nthree", "one 2\nthree four")
    assert "".join(text for op, text in ops if op != "delete") == "one 2\nthree four"
    assert "".join(text for op, text in ops if op != "insert") == "one two\nthree"


def test_the_pdf_is_the_five_case_layout(api, in_llr):
    case = BusinessCase.objects.get(number=1)
    response = api("viewer.uhl.llr").get(f"/api/v1/business-cases/{case.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert b"BC-0001 Integrating LLR Points of Access" in text  # the document title in its metadata
    pages = max(int(n) for n in re.findall(rb"/Count (\d+)", text))
    assert pages >= 3  # the summary, the five cases and the money profile


def test_the_pdf_page_in_the_browser(client, persona, in_llr):
    case = BusinessCase.objects.get(number=1)
    client.force_login(persona("pm.poa.llr"))
    response = client.get(f"/cases/{case.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert 'filename="BC-0001-full-business-case.pdf"' in response["Content-Disposition"]
