"""The browser pages: pipeline, a case and its editor, the money formset, decisions, prioritisation, briefs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from business_cases.models import Brief, BusinessCase, MoneyLine
from core.models import Organisation
from core.tenancy import tenant_context
from programme.models import Project
from tests.board import board_meeting, decisions_on

pytestmark = pytest.mark.django_db
RESTRICTED = "Acute reconfiguration: commercial options appraisal"


@pytest.fixture
def browser(client, persona):
    def sign_in(username):
        client.force_login(persona(username))
        return client

    return sign_in


def case_by(llr, **lookup):
    with tenant_context(llr):
        return BusinessCase.objects.get(**lookup)


def test_pipeline_shows_cases_by_status(browser, llr):
    page = browser("viewer.uhl.llr").get("/cases/").content.decode()
    for heading in ("Being written", "Awaiting the Delivery Board", "Awaiting the Partnership Board", "Approved"):
        assert heading in page
    assert "BC-0001 Integrating LLR Points of Access" in page
    assert RESTRICTED not in page
    assert "Start a business case" not in page
    assert RESTRICTED in browser("delivery.llr").get("/cases/").content.decode()
    assert "Start a business case" in browser("pm.poa.llr").get("/cases/").content.decode()


def test_pipeline_filters(browser):
    page = browser("pmo.llr").get("/cases/?tier=obc_fbc").content.decode()
    assert "BC-0001" in page and "BC-0002 " not in page


def test_pipeline_costs_the_same_however_many_cases(browser, make_case):
    client = browser("pmo.llr")
    client.get("/cases/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/cases/")
    before = len(queries)
    for i in range(4):
        make_case(title=f"More {i}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/cases/").status_code == 200
    assert len(queries) == before


@pytest.mark.parametrize(("username", "buttons", "absent"), [
    # The Delivery Board decides as a board: its chair (the joint SRO) or the PMO records it; members score.
    ("delivery.llr", ["Change your scores"], ["Approve the RFF", "Reject", "Recommend", "Edit the case"]),
    ("sro.llr", ["Approve the RFF", "Reject", "How the Delivery Board decided", "chair's action"], ["Recommend"]),
    ("pmo.llr", ["Withdraw (stopped) the case", "Change your scores", "Approve the RFF"], ["Recommend"]),
    ("viewer.uhl.llr", [], ["Approve the RFF", "Reject", "Withdraw", "Score this case"]),
    ("director.llr", ["Withdraw"], ["Approve the RFF", "Score this case"]),  # the author
])
def test_decision_buttons_only_for_those_allowed(browser, llr, username, buttons, absent):
    case = case_by(llr, title="Improving access to psychological therapies")
    page = browser(username).get(f"/cases/{case.pk}/").content.decode()
    for label in buttons:
        assert label.replace(" (stopped)", "") in page.replace(" (stop)", ""), label
    for label in absent:
        assert label not in page, label


def test_a_case_page_marks_the_required_sections(browser, llr):
    case = case_by(llr, title="Clinical triage hub: additional clinical advisers")
    page = browser("lead.urgentcare.llr").get(f"/cases/{case.pk}/").content.decode()
    assert page.count(">Required</strong>") == 3 and page.count(">Not required</strong>") == 2
    assert "Before it can be submitted, write:" in page and "Financial case" in page
    assert "Edit the case" in page


def test_the_editor_fills_sections_and_submits(browser, llr):
    case = case_by(llr, title="Clinical triage hub: additional clinical advisers")
    client = browser("lead.urgentcare.llr")
    data = {"title": case.title, "project": case.project_id, "value": "180000.00", "summary": "",
            "section_strategic": case.sections["strategic"], "section_economic": "", "section_commercial": "",
            "section_financial": "", "section_management": "", "submit": "1"}
    response = client.post(f"/cases/{case.pk}/edit/", data, follow=True)
    assert "Complete the required sections before submitting: Financial case and Management case." in \
        response.content.decode()
    assert case_by(llr, pk=case.pk).status == "draft"
    data.update(section_financial="£180,000 revenue.", section_management="Run by the hub's managers.")
    response = client.post(f"/cases/{case.pk}/edit/", data, follow=True)
    assert "was submitted to the Delivery Board" in response.content.decode()
    saved = case_by(llr, pk=case.pk)
    assert (saved.status, saved.sections["financial"]) == ("submitted", "£180,000 revenue.")
    with tenant_context(llr):
        assert saved.versions.count() == 1


def test_create_a_case_in_the_browser(browser, llr):
    with tenant_context(llr):
        project = Project.objects.get(name="Integrating LLR Points of Access")
        other = Project.objects.get(name="Specialty pathway reviews")
    client = browser("pm.poa.llr")
    form = client.get("/cases/new/").content.decode()
    assert project.name in form and other.name not in form  # only projects the user may write cases for
    response = client.post("/cases/new/", {"title": "Phase 4 scoping", "project": project.pk, "value": "-5"})
    assert response.status_code == 400 and "cannot be negative" in response.content.decode()
    response = client.post("/cases/new/", {"title": "Phase 4 scoping", "project": project.pk, "value": "600000"})
    assert response.status_code == 302
    case = case_by(llr, title="Phase 4 scoping")
    assert (case.tier, case.document_type, case.author.username) == ("obc_fbc", "obc", "pm.poa.llr")


def test_the_money_formset(browser, llr, make_case):
    case = make_case(value="100000.00", author="pm.poa.llr")
    with tenant_context(llr):
        orgs = list(Organisation.objects.order_by("code").values_list("pk", flat=True)[:2])
    client = browser("pm.poa.llr")
    assert client.get(f"/cases/{case.pk}/money/").status_code == 200

    def data(year="2016/17", percent="40"):
        return {
            "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0",
            "lines-0-kind": "cost", "lines-0-funding": "revenue", "lines-0-financial_year": year,
            "lines-0-phase": "1", "lines-0-description": "Staff", "lines-0-amount": "100000.00",
            "lines-1-kind": "", "lines-1-funding": "revenue", "lines-1-financial_year": "", "lines-1-amount": "",
            "split-TOTAL_FORMS": "2", "split-INITIAL_FORMS": "0",
            "split-0-organisation": orgs[0], "split-0-label": "A", "split-0-percent": "60", "split-0-amount": "",
            "split-1-organisation": orgs[1], "split-1-label": "B", "split-1-percent": percent, "split-1-amount": "",
            "stated-TOTAL_FORMS": "0", "stated-INITIAL_FORMS": "0",
        }

    response = client.post(f"/cases/{case.pk}/money/", data(year="2016/18"))
    assert response.status_code == 400 and "second year must follow the first" in response.content.decode()
    response = client.post(f"/cases/{case.pk}/money/", data(percent="30"))
    assert response.status_code == 400 and "add up to 90, not 100" in response.content.decode()
    with tenant_context(llr):
        assert not MoneyLine.objects.filter(case=case).exists()
    response = client.post(f"/cases/{case.pk}/money/", data(), follow=True)
    assert "money profile of" in response.content.decode()
    with tenant_context(llr):
        assert MoneyLine.objects.get(case=case).financial_year == "2016/17"
    assert "£100,000.00" in client.get(f"/cases/{case.pk}/").content.decode()
    assert browser("viewer.uhl.llr").get(f"/cases/{case.pk}/money/").status_code == 403


def test_decide_in_the_browser(browser, llr, make_case):
    case = make_case(status="submitted")
    meeting = board_meeting(llr)
    response = browser("sro.llr").post(f"/cases/{case.pk}/approve/", {"note": "Yes"}, follow=True)
    assert "Give the Delivery Board meeting" in response.content.decode()  # neither a meeting nor a chair's action
    assert case_by(llr, pk=case.pk).status == "submitted"
    response = browser("sro.llr").post(f"/cases/{case.pk}/approve/", {"note": "Yes", "decided_at_meeting": meeting.pk},
                                       follow=True)
    assert "was approved" in response.content.decode()
    assert case_by(llr, pk=case.pk).status == "approved"
    assert [d.meeting_id for d in decisions_on(case)] == [meeting.pk]
    response = browser("sro.llr").post(f"/cases/{case.pk}/approve/", {}, follow=True)
    assert "only a submitted RFF can be approved" in response.content.decode()
    assert browser("pmo.llr").post(f"/cases/{case.pk}/nonsense/").status_code == 404


def test_refusals_in_the_browser_name_the_roles(browser, make_case):
    case = make_case(status="submitted")
    response = browser("viewer.uhl.llr").post(f"/cases/{case.pk}/approve/", {}, follow=True)
    assert ("only its chair (Helen Marsh) or the PMO as its secretary may record its decision"
            in response.content.decode())


def test_prioritisation_side_by_side(browser, llr):
    page = browser("partnership.llr").get("/cases/awaiting/").content.decode()
    assert "Improving access to psychological therapies" in page and "Community hub and spoke estate" in page
    assert "Impact on clinical quality" in page and "4.0" in page
    case = case_by(llr, title="Community hub and spoke estate")
    client = browser("partnership.llr")
    assert client.get(f"/cases/{case.pk}/score/").status_code == 200
    scores = {name: "4" for name in ("business_need", "strategic_fit", "value_for_money", "affordability",
                                     "clinical_quality", "access")}
    client.post(f"/cases/{case.pk}/score/", {**scores, "comment": "Good"})
    with tenant_context(llr):
        assert case.scores.get(scorer__username="partnership.llr").total == 24
    assert browser("viewer.uhl.llr").get(f"/cases/{case.pk}/score/").status_code == 403


def test_version_comparison_page(browser, llr, obc_then_fbc):
    case = obc_then_fbc
    page = browser("viewer.uhl.llr").get(f"/cases/{case.pk}/compare/?from=1&to=2").content.decode()
    assert "Version 1 against version 2" in page and "Changed" in page and '<ins class="bc-ins">' in page


def test_other_tenants_and_restricted_cases_are_not_found(browser, llr, northshire):
    with tenant_context(northshire):
        north_case = BusinessCase.objects.get()
    client = browser("viewer.uhl.llr")
    assert client.get(f"/cases/{north_case.pk}/").status_code == 404
    assert client.get(f"/cases/{case_by(llr, title=RESTRICTED).pk}/").status_code == 404


def test_briefs_in_the_browser(browser, llr):
    client = browser("sro.llr")
    page = client.get("/cases/briefs/").content.decode()
    assert "NHS 111 clinical assessment service" in page and "Write a brief" not in page
    with tenant_context(llr):
        brief = Brief.objects.get(title="NHS 111 clinical assessment service")
    detail = client.get(f"/cases/briefs/{brief.pk}/").content.decode()
    assert "Approve in principle" in detail
    response = client.post(f"/cases/briefs/{brief.pk}/approve/",
                           {"note": "", "chairs_action": "on", "reason": "Before winter."}, follow=True)
    assert "admitted to the programme" in response.content.decode()
    with tenant_context(llr):
        assert Brief.objects.get(pk=brief.pk).admitted_project.stage == "starting_up"
    lead = browser("lead.urgentcare.llr")
    assert "Write a brief" in lead.get("/cases/briefs/").content.decode()
    with tenant_context(llr):
        from programme.models import Workstream

        uc = Workstream.objects.get(name="Urgent Care").pk
    response = lead.post("/cases/briefs/new/", {"title": "Ambulatory care pathways", "kind": "project",
                                                "workstream": uc, "description": "More ambulatory care.",
                                                "cost": "75000"})
    assert response.status_code == 302
    response = lead.post("/cases/briefs/new/", {"title": "X", "kind": "project", "workstream": uc,
                                                "description": "x", "cost": "-1"})
    assert response.status_code == 400


def test_bad_filters_do_not_break_the_pages(browser):
    client = browser("pmo.llr")
    assert client.get("/cases/?value_min=abc&tier=zzz&ordering=nonsense").status_code == 200
    assert client.get("/cases/briefs/?status=zzz&workstream=abc").status_code == 200
    assert client.get("/cases/1/compare/?from=x").status_code == 404
