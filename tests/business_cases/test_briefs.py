"""Briefs: a workstream lead (or the PMO) submits; the Delivery Board approves in principle, which admits the work."""

import pytest

from business_cases.models import Brief
from core.tenancy import tenant_context
from programme.choices import ProjectStage
from programme.models import Project, Workstream

from .conftest import CHAIRS_ACTION, DB_RECORDERS, PERSONAS, expected

pytestmark = pytest.mark.django_db


def post(api, username, brief, action, body=None):
    """POST a step; the board's decision is recorded as a chair's action unless the body says how it decided."""
    body = dict(body or {})
    if action in ("approve", "reject") and "decided_at_meeting" not in body and "chairs_action" not in body:
        body.update(CHAIRS_ACTION)
    return api(username).post(f"/api/v1/briefs/{brief.pk}/{action}/", body, format="json")


@pytest.mark.parametrize("username", PERSONAS)
def test_submit_a_project_brief(api, make_brief, username):
    response = post(api, username, make_brief(), "submit")
    assert response.status_code == expected({"pmo.llr", "lead.urgentcare.llr"}, username)


@pytest.mark.parametrize("username", PERSONAS)
def test_submit_a_workstream_brief_is_the_pmos(api, make_brief, username):
    brief = make_brief(kind="workstream", workstream=None, title="Prevention", workstream_kind="clinical")
    assert post(api, username, brief, "submit").status_code == expected({"pmo.llr"}, username)


@pytest.mark.parametrize("username", PERSONAS)
def test_approve_a_brief_is_the_delivery_boards(api, llr, make_brief, username):
    brief = make_brief(status="submitted")
    response = post(api, username, brief, "approve", {"note": "Agreed in principle"})
    assert response.status_code == expected(DB_RECORDERS, username)
    if response.status_code == 200:
        body = response.json()
        assert body["status"] == "approved" and body["admitted_project"]
        with tenant_context(llr):
            project = Project.objects.get(pk=body["admitted_project"])
            assert (project.name, project.workstream.name, project.stage) == (
                "New test project", "Urgent Care", ProjectStage.STARTING_UP)


@pytest.mark.parametrize("username", PERSONAS)
def test_reject_a_brief(api, make_brief, username):
    response = post(api, username, make_brief(status="submitted"), "reject", {"note": "Not now"})
    assert response.status_code == expected(DB_RECORDERS, username)


@pytest.mark.parametrize("state", ["draft", "approved", "rejected"])
def test_decide_only_submitted_briefs(api, make_brief, state):
    assert post(api, "sro.llr", make_brief(status=state), "approve").status_code == 409
    assert post(api, "sro.llr", make_brief(status=state, title="Other"), "reject", {"note": "x"}).status_code \
        == 409


def test_the_chair_who_wrote_it_cannot_approve_it_by_chairs_action(api, make_brief):
    response = post(api, "sro.llr", make_brief(status="submitted", author="sro.llr"), "approve")
    assert response.status_code == 403 and "separation of duties" in response.json()["detail"]


def test_approving_a_workstream_brief_creates_the_workstream(api, llr, make_brief):
    brief = make_brief(kind="workstream", workstream=None, title="Prevention and Wellbeing",
                       workstream_kind="enabling", status="submitted")
    body = post(api, "sro.llr", brief, "approve").json()
    with tenant_context(llr):
        workstream = Workstream.objects.get(pk=body["admitted_workstream"])
        assert (workstream.name, workstream.kind) == ("Prevention and Wellbeing", "enabling")


def test_a_name_already_taken_is_a_400_and_admits_nothing(api, llr, make_brief):
    brief = make_brief(title="Integrating LLR Points of Access", status="submitted")
    response = post(api, "sro.llr", brief, "approve")
    assert response.status_code == 400 and "already has a project" in response.json()["title"][0]
    with tenant_context(llr):
        assert Brief.objects.get(pk=brief.pk).status == "submitted"


def test_create_and_edit_through_the_api(api, urgent_care):
    client = api("lead.urgentcare.llr")
    body = {"title": "Frequent attenders service", "kind": "project", "workstream": urgent_care.pk,
            "description": "Support people who attend A&E often.", "cost": "90000.00", "timeframe": "2017/18"}
    created = client.post("/api/v1/briefs/", body, format="json")
    assert created.status_code == 201 and created.json()["author"] == "lead.urgentcare.llr"
    assert created.json()["cost"] == "90000.00"
    pk = created.json()["id"]
    assert client.patch(f"/api/v1/briefs/{pk}/", {"cost": "95000.00"}, format="json").status_code == 200
    assert api("viewer.uhl.llr").patch(f"/api/v1/briefs/{pk}/", {"cost": "1"}, format="json").status_code == 403
    client.post(f"/api/v1/briefs/{pk}/submit/")
    assert client.patch(f"/api/v1/briefs/{pk}/", {"cost": "1.00"}, format="json").status_code == 409
    planned = Workstream.objects.get(name="Planned Care")
    other = client.post("/api/v1/briefs/", {**body, "workstream": planned.pk}, format="json")
    assert other.status_code == 403


def test_filters_and_search(api, in_llr):
    client = api("viewer.uhl.llr")
    submitted = client.get("/api/v1/briefs/?status=submitted").json()["results"]
    assert submitted and {b["status"] for b in submitted} == {"submitted"}
    assert [b["title"] for b in client.get("/api/v1/briefs/?search=NHS 111").json()["results"]] == [
        "NHS 111 clinical assessment service"]
    assert {b["kind"] for b in client.get("/api/v1/briefs/?kind=workstream").json()["results"]} == {"workstream"}
