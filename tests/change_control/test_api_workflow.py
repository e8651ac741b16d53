"""Every step of change control for every demo persona (PID s4.7, DOMAIN.md s3 and s7): allowed, 403 naming
the role, or 409 out of order; separation of duties; resubmission; the whole path."""

import pytest

from change_control.models import ChangeRequest
from core.tenancy import tenant_context
from tests.board import at, board_meeting, by_chairs_action, decisions_on

from .conftest import PERSONAS

pytestmark = pytest.mark.django_db

BODIES = {
    "assess": {"cost_impact": "1000.00"},
    "propose": {"proposal": "Approve it."},
    "decide": {"decision": "approve", "rationale": "Worth it."},
    "implement": {"note": "Done."},
    "resubmit": {"description": "Modified as asked."},
}


def url(request, action=None):
    return f"/api/v1/change-requests/{request.pk}/" + (f"{action}/" if action else "")


def allowed(who, username):
    return 200 if username in who else 403


# Who may do each step -------------------------------------------------------------------------------------

@pytest.mark.parametrize("username", PERSONAS)
def test_any_member_may_raise_a_request(api, username, urgent_care):
    response = api(username).post("/api/v1/change-requests/", {
        "kind": "concern", "title": f"Raised by {username}", "description": "Worried.",
        "workstream": urgent_care.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["originator"], body["status"], body["authority"], body["decision"]) == (username, "logged", None, None)
    assert body["ref"].startswith("CR-")


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_pmo_assesses(api, make_request, username):
    request = make_request("logged")
    response = api(username).post(url(request, "assess"), BODIES["assess"], format="json")
    assert response.status_code == allowed({"pmo.llr"}, username), response.content
    if response.status_code == 403:
        assert response.json()["allowed_roles"] == ["pmo"]
        assert "PMO" in response.json()["detail"]
        assert ChangeRequest.all_tenants.get(pk=request.pk).status == "logged"
    else:
        assert response.json()["status"] == "assessed"
        assert response.json()["authority"] == "workstream_sro"


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_pmo_proposes(api, make_request, username):
    request = make_request("assessed")
    response = api(username).post(url(request, "propose"), BODIES["propose"], format="json")
    assert response.status_code == allowed({"pmo.llr"}, username), response.content
    assert ChangeRequest.all_tenants.get(pk=request.pk).status == ("proposed" if username == "pmo.llr" else "assessed")


@pytest.mark.parametrize(("cost", "authority", "decider"), [
    ("50000.00", "workstream_sro", "sro.urgentcare.llr"),
    ("250000.00", "programme_director", "director.llr"),
])
@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_derived_authority_decides(api, make_request, username, cost, authority, decider):
    request = make_request("proposed", cost=cost)
    assert request.authority == authority
    response = api(username).post(url(request, "decide"), BODIES["decide"], format="json")
    assert response.status_code == allowed({decider}, username), response.content
    stored = ChangeRequest.all_tenants.get(pk=request.pk)
    if response.status_code == 200:
        assert (stored.status, stored.decision, stored.decided_by.username) == ("decided", "approve", username)
    else:
        assert response.json()["allowed_roles"] == [authority]
        assert (stored.status, stored.decision) == ("proposed", "")


def test_the_refusal_names_the_workstream_sro(api, make_request):
    request = make_request("proposed", cost="100.00")
    response = api("director.llr").post(url(request, "decide"), BODIES["decide"], format="json")
    assert response.status_code == 403
    assert "Workstream SRO" in response.json()["detail"]


def test_the_sro_of_another_workstream_may_not_decide(api, make_request, llr, persona):
    from core.choices import Role
    from programme.models import RoleAssignment, Workstream

    request = make_request("proposed", cost="100.00")
    with tenant_context(llr):
        other = Workstream.objects.exclude(name="Urgent Care").first()
        RoleAssignment.objects.create(user=persona("viewer.uhl.llr"), role=Role.WORKSTREAM_SRO, workstream=other)
    response = api("viewer.uhl.llr").post(url(request, "decide"), BODIES["decide"], format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("username", PERSONAS)
def test_the_pmo_or_the_director_implements(api, make_request, username):
    request = make_request("approved")
    response = api(username).post(url(request, "implement"), BODIES["implement"], format="json")
    assert response.status_code == allowed({"pmo.llr", "director.llr"}, username), response.content
    if response.status_code == 200:
        assert response.json()["status"] == "implemented"
        assert response.json()["implemented_by"] == username


@pytest.mark.parametrize("username", PERSONAS)
def test_any_member_may_resubmit_a_deferred_request(api, make_request, username):
    request = make_request("deferred")
    response = api(username).post(url(request, "resubmit"), BODIES["resubmit"], format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["predecessor"], body["version"], body["status"], body["originator"]) == (request.pk, 2, "logged",
                                                                                          username)
    assert body["title"] == request.title and body["description"] == "Modified as asked."
    previous = api("viewer.uhl.llr").get(url(request)).json()
    assert (previous["status"], previous["decision"], previous["successor"]) == ("decided", "defer", body["id"])


# Out of order: 409 for everyone, before any role check --------------------------------------------------

OUT_OF_ORDER = [
    ("assess", "proposed"), ("assess", "approved"), ("propose", "logged"), ("propose", "proposed"),
    ("decide", "logged"), ("decide", "assessed"), ("decide", "approved"), ("implement", "proposed"),
    ("implement", "rejected"), ("implement", "deferred"), ("implement", "implemented"), ("resubmit", "proposed"),
    ("resubmit", "approved"), ("resubmit", "rejected"),
]


@pytest.mark.parametrize(("action", "status"), OUT_OF_ORDER)
@pytest.mark.parametrize("username", PERSONAS)
def test_out_of_order_steps_conflict(api, make_request, username, action, status):
    request = make_request(status)
    before = ChangeRequest.all_tenants.filter(pk=request.pk).values().get()
    response = api(username).post(url(request, action), BODIES[action], format="json")
    assert response.status_code == 409, response.content
    assert ChangeRequest.all_tenants.filter(pk=request.pk).values().get() == before


def test_a_deferred_request_is_resubmitted_once(api, make_request):
    request = make_request("deferred")
    assert api("pm.poa.llr").post(url(request, "resubmit"), {}, format="json").status_code == 201
    response = api("pm.poa.llr").post(url(request, "resubmit"), {}, format="json")
    assert response.status_code == 409
    assert "already been resubmitted" in response.json()["detail"]


# Separation of duties ------------------------------------------------------------------------------------

def test_the_originator_may_not_decide_and_the_decision_is_referred_up(api, make_request):
    """The Urgent Care SRO raised it; nobody else holds that authority, so it goes to the Programme Director."""
    request = make_request("proposed", cost="100.00", originator="sro.urgentcare.llr")
    assert request.authority == "programme_director" and request.referred_up == 1
    response = api("sro.urgentcare.llr").post(url(request, "decide"), BODIES["decide"], format="json")
    assert response.status_code == 403
    assert "separation of duties" in response.json()["detail"]
    assert api("director.llr").post(url(request, "decide"), BODIES["decide"], format="json").status_code == 200


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_delivery_boards_chair_or_the_pmo_records_the_boards_decision(api, llr, make_request, username):
    """Above £250,000 the Delivery Board decides, as a board (PID s3.2): its chair (sro.llr) or the PMO records the
    decision at its meeting; its other members (delivery.llr) are refused, naming who may."""
    request = make_request("proposed", cost="250000.01")
    assert request.authority == "delivery_board"
    meeting = board_meeting(llr)
    response = api(username).post(url(request, "decide"), {**BODIES["decide"], **at(meeting)}, format="json")
    assert response.status_code == allowed({"sro.llr", "pmo.llr"}, username), response.content
    stored = ChangeRequest.all_tenants.get(pk=request.pk)
    if response.status_code == 200:
        assert (stored.status, stored.decision, stored.decided_by.username) == ("decided", "approve", username)
        assert [(d.meeting_id, d.outcome) for d in decisions_on(stored)] == [(meeting.pk, "approve")]
    else:
        assert response.json()["allowed_roles"] == ["pmo"]
        assert "only its chair" in response.json()["detail"] and "or the PMO as its secretary" in response.json()[
            "detail"]
        assert stored.status == "proposed" and not decisions_on(stored).exists()


def test_the_assessor_may_not_decide(api, make_request, llr, persona):
    """The Programme Director also acting as PMO assesses and proposes: someone else must decide."""
    from core.choices import Role
    from programme.models import RoleAssignment

    with tenant_context(llr):
        RoleAssignment.objects.create(user=persona("director.llr"), role=Role.PMO)
    request = make_request("logged", place=None)
    director = api("director.llr")
    assert director.post(url(request, "assess"), {"cost_impact": "60000.00"}, format="json").status_code == 200
    assert director.post(url(request, "propose"), BODIES["propose"], format="json").json()["authority"] == (
        "delivery_board")  # referred up: the only Programme Director took part
    # As the PMO the director records the board's decisions, but not a chair's action on what they proposed.
    response = director.post(url(request, "decide"), {**BODIES["decide"], **by_chairs_action()}, format="json")
    assert response.status_code == 403 and "separation of duties" in response.json()["detail"]
    meeting = board_meeting(llr)
    assert api("delivery.llr").post(url(request, "decide"), {**BODIES["decide"], **at(meeting)},
                                    format="json").status_code == 403
    assert api("sro.llr").post(url(request, "decide"), {**BODIES["decide"], **at(meeting)},
                               format="json").status_code == 200


def test_a_superuser_who_took_part_may_not_decide_either(api, make_request):
    request = make_request("proposed", cost="100.00", originator="admin")
    response = api("admin", "llr").post(url(request, "decide"), BODIES["decide"], format="json")
    assert response.status_code == 403
    assert "separation of duties" in response.json()["detail"]


# The whole path -------------------------------------------------------------------------------------------

def test_the_whole_path_through_the_api(api, poa):
    originator = api("pm.poa.llr")
    created = originator.post("/api/v1/change-requests/", {
        "title": "Add ICRS", "description": "Add the ICRS to the scope.", "project": poa.pk}, format="json").json()
    assert (created["kind"], created["workstream"], created["project"]) == ("change_request", poa.workstream_id,
                                                                            poa.pk)
    pmo = api("pmo.llr")
    assessed = pmo.post(url(ChangeRequest(pk=created["id"]), "assess"), {
        "cost_impact": "111231.95", "time_impact_days": 14, "changes_stage_or_objective": False,
        "impact": {"programme": "None", "business_case": "Cost split", "benefits": "None", "risks": "More systems",
                   "resources": "SMEs"}, "priority": "equal"}, format="json").json()
    assert (assessed["authority"], assessed["impact"]["risks"], assessed["priority"]) == (
        "programme_director", "More systems", "equal")
    request = ChangeRequest(pk=created["id"])
    assert pmo.post(url(request, "propose"), {"proposal": "Approve."}, format="json").json()["status"] == "proposed"
    decided = api("director.llr").post(url(request, "decide"), {"decision": "approve", "rationale": "Good."},
                                       format="json").json()
    assert (decided["status"], decided["decision"], decided["decided_by"]) == ("decided", "approve", "director.llr")
    done = pmo.post(url(request, "implement"), {}, format="json").json()
    assert done["status"] == "implemented"
    history = originator.get(url(request, "history")).json()
    reasons = [entry["reason"] for entry in history["changes"]]
    assert reasons == ["Implemented", "Decided: approved", "Proposed", "Assessed", "Logged"]
    assert [entry["who"] for entry in history["changes"]] == [
        "pmo.llr", "director.llr", "pmo.llr", "pmo.llr", "pm.poa.llr"]
    status_change = {c["field"]: c for c in history["changes"][1]["changes"]}["status"]
    assert (status_change["old"], status_change["new"]) == ("Proposed", "Decided")


def test_a_reassessment_may_change_the_authority_until_proposed(api, make_request):
    request = make_request("assessed", cost="100.00")
    response = api("pmo.llr").post(url(request, "assess"), {"cost_impact": "75000.00"}, format="json")
    assert response.json()["authority"] == "programme_director"
    response = api("pmo.llr").post(url(request, "assess"), {"cost_impact": "1.00", "changes_stage_or_objective": True},
                                   format="json")
    assert response.json()["authority"] == "delivery_board"


def test_history_lists_the_versions(api, make_request):
    request = make_request("deferred")
    new = api("pm.poa.llr").post(url(request, "resubmit"), {}, format="json").json()
    history = api("viewer.uhl.llr").get(f"/api/v1/change-requests/{new['id']}/history/").json()
    assert [(v["version"], v["decision"]) for v in history["versions"]] == [(1, "defer"), (2, None)]
