"""Fixtures of the business case tests: demo places, every LLR persona, and a factory for cases in any state."""

import re
import zlib
from decimal import Decimal

import pytest
from django.utils import timezone

from business_cases.choices import CaseStatus, DocumentType
from business_cases.models import Brief, BusinessCase
from core.models import User
from core.tenancy import tenant_context
from programme.models import Project, Workstream

POA = "Integrating LLR Points of Access"
IAPT = "Improving access to psychological therapies"  # Mental Health: outside Urgent Care
ALL_SECTIONS = {key: f"The {key} case, written." for key in ("strategic", "economic", "commercial", "financial",
                                                              "management")}
PERSONAS = [
    "pmo.llr", "director.llr", "sro.llr", "delivery.llr", "partnership.llr", "sro.urgentcare.llr",
    "lead.urgentcare.llr", "pm.poa.llr", "viewer.uhl.llr",
]
# Who may write, edit and submit a case of the Points of Access project (edit_project R).
AUTHORS = {"pmo.llr", "director.llr", "lead.urgentcare.llr", "pm.poa.llr"}


# Who records a board's decision (PID s3.2, meetings.decisions): the Delivery Board's chair (the joint SRO) or the
# PMO as its secretary; the Partnership Board's lay chair is no user, so the PMO.
DB_RECORDERS = {"pmo.llr", "sro.llr"}
PB_RECORDERS = {"pmo.llr"}
CHAIRS_ACTION = {"chairs_action": True, "reason": "Decided between meetings: it could not wait."}


def expected(allowed, username, ok=200):
    return ok if username in allowed else 403


@pytest.fixture
def poa(in_llr):
    return Project.objects.select_related("workstream").get(name=POA)


@pytest.fixture
def urgent_care(in_llr):
    return Workstream.objects.get(name="Urgent Care")


@pytest.fixture
def make_case(llr):
    """A case created directly (no permission checks) and put in ``status``: the data a test starts from.

    ``author`` defaults to ig.llr, who holds no letter for cases, so separation of duties never hides a persona's
    permission; ``submitted_by`` follows the author once the case has been submitted."""

    def make(status=CaseStatus.DRAFT, value="100000.00", project=POA, sections=None, author="ig.llr", tenant=None,
             document_type=None, **values):
        tenant = tenant or llr
        with tenant_context(tenant):
            user = User.objects.get(username=author) if author else None
            place = project if isinstance(project, Project) else Project.objects.get(name=project)
            case = BusinessCase(title=values.pop("title", "Test case"), project=place, value=Decimal(value),
                                sections=dict(ALL_SECTIONS if sections is None else sections), author=user,
                                **values)
            case.full_clean(exclude=["tenant"])
            case.save()
            changes = {"status": status}
            if status != CaseStatus.DRAFT:
                changes.update(submitted_by=user, submitted_at=timezone.now())
            if document_type == DocumentType.FBC:
                changes.update(document_type=DocumentType.FBC, obc_approved_at=timezone.now())
            BusinessCase.objects.filter(pk=case.pk).update(**changes)
            case.refresh_from_db()
            return case

    return make


@pytest.fixture
def make_brief(llr):
    def make(status="draft", author="ig.llr", workstream="Urgent Care", **values):
        with tenant_context(llr):
            user = User.objects.get(username=author)
            defaults = {"title": "New test project", "kind": "project", "description": "Do something useful.",
                        "cost": Decimal("50000.00")}
            defaults.update(values)
            if defaults["kind"] == "project" and workstream:
                defaults["workstream"] = Workstream.objects.get(name=workstream)
            brief = Brief(author=user, **defaults)
            brief.full_clean(exclude=["tenant"])
            brief.save()
            if status != "draft":
                Brief.objects.filter(pk=brief.pk).update(status=status, submitted_by=user)
                brief.refresh_from_db()
            return brief

    return make


def pdf_text(data):
    """The PDF's uncompressed content: the raw bytes plus every Flate stream inflated (metadata lives there)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


OUTLINE = {"strategic": "An outline of the need.", "economic": "Options in outline.",
           "commercial": "Market in outline.", "financial": "About £2m, shared by the partners.",
           "management": "A phased programme in outline."}
DETAIL = {"strategic": "The need in detail.", "economic": "Options appraised in detail.",
          "commercial": "Market tested in detail.", "financial": "Implementation costs £2,273,100 over three phases.",
          "management": "A 30-month programme in detail."}


@pytest.fixture
def obc_then_fbc(api, make_case):
    """A top-tier case taken through the portal: its OBC submitted and approved (version 1), then its FBC written
    and submitted (version 2), with savings added. (The demo's Points of Access OBC was decided outside the portal,
    so the demo has no case with two versions.)"""
    case = make_case(value="2273100.00", sections=OUTLINE, author="lead.urgentcare.llr")
    lead = api("lead.urgentcare.llr")
    deciders = {"recommend": api("sro.llr"), "approve": api("pmo.llr")}
    for action, body in [("submit", {}), ("recommend", CHAIRS_ACTION), ("approve", CHAIRS_ACTION), ("start-fbc", {})]:
        response = deciders.get(action, lead).post(f"/api/v1/business-cases/{case.pk}/{action}/", body, format="json")
        assert response.status_code == 200, response.json()
    assert lead.patch(f"/api/v1/business-cases/{case.pk}/", {"sections": DETAIL}, format="json").status_code == 200
    profile = {"lines": [{"kind": "saving", "funding": "revenue", "financial_year": "2017/18", "phase": 1,
                          "description": "Phase 1 savings", "amount": "4355144.00"}]}
    response = lead.put(f"/api/v1/business-cases/{case.pk}/money-profile/", profile, format="json")
    assert response.status_code == 200, response.json()
    assert lead.post(f"/api/v1/business-cases/{case.pk}/submit/").status_code == 200
    return case
