"""Escalation and de-escalation through the API, per demo persona (DOMAIN.md s3 product defaults, s4 levels)."""

import pytest

from risks.choices import Level, MoveStatus, RiskStatus
from risks.models import BafEntry, Risk, RiskMove

pytestmark = pytest.mark.django_db

REASON = {"reason": "Beyond what this register can manage."}


def url(risk, action):
    return f"/api/v1/risks/{risk.pk}/{action}/"


@pytest.fixture
def project_risk(make_risk, poa):
    return make_risk(title="POA test risk", level=Level.PROJECT, project=poa)


@pytest.fixture
def workstream_risk(make_risk, urgent_care):
    return make_risk(title="UC test risk", level=Level.WORKSTREAM, workstream=urgent_care)


@pytest.fixture
def programme_risk(make_risk):
    return make_risk(title="Programme test risk", level=Level.PROGRAMME)


@pytest.fixture
def delivery_risk(make_risk):
    return make_risk(title="Delivery Board test risk", level=Level.DELIVERY_BOARD)


@pytest.mark.parametrize(("username", "expected"), [
    ("pm.poa.llr", 201), ("lead.urgentcare.llr", 201), ("sro.urgentcare.llr", 201), ("pmo.llr", 201),
    ("director.llr", 201), ("viewer.uhl.llr", 403), ("delivery.llr", 403), ("partnership.llr", 403),
])
def test_who_may_propose_escalating_a_project_risk(api, project_risk, username, expected):
    response = api(username).post(url(project_risk, "escalate"), REASON, format="json")
    assert response.status_code == expected, response.content
    if expected == 201:
        assert response.json()["to_level"] == "workstream"
        assert response.json()["proposed_by"] == username
    else:
        assert "allowed_roles" in response.json()
    project_risk.refresh_from_db()
    assert project_risk.level == Level.PROJECT  # a proposal never moves the risk by itself


@pytest.mark.parametrize(("username", "expected"), [
    ("sro.urgentcare.llr", 200), ("pmo.llr", 403), ("director.llr", 403), ("lead.urgentcare.llr", 403),
    ("viewer.uhl.llr", 403), ("delivery.llr", 403),
])
def test_only_the_workstream_sro_accepts_onto_the_workstream(api, project_risk, username, expected):
    assert api("pm.poa.llr").post(url(project_risk, "escalate"), REASON, format="json").status_code == 201
    response = api(username).post(url(project_risk, "accept-escalation"), {}, format="json")
    assert response.status_code == expected, response.content
    project_risk.refresh_from_db()
    if expected == 200:
        assert project_risk.level == Level.WORKSTREAM
        assert project_risk.workstream.name == "Urgent Care"
        move = RiskMove.all_tenants.get(risk=project_risk)
        assert (move.status, move.decided_by.username) == (MoveStatus.ACCEPTED, username)
    else:
        assert project_risk.level == Level.PROJECT
        assert response.json()["allowed_roles"] == ["workstream_sro"]


@pytest.mark.parametrize(("username", "expected"), [
    ("director.llr", 200), ("pmo.llr", 403), ("sro.urgentcare.llr", 403), ("sro.llr", 403),
])
def test_only_the_programme_director_accepts_onto_the_programme_register(api, workstream_risk, username, expected):
    assert api("lead.urgentcare.llr").post(url(workstream_risk, "escalate"), REASON, format="json").status_code == 201
    response = api(username).post(url(workstream_risk, "accept-escalation"), {}, format="json")
    assert response.status_code == expected, response.content
    workstream_risk.refresh_from_db()
    assert workstream_risk.level == (Level.PROGRAMME if expected == 200 else Level.WORKSTREAM)


# The Delivery Board accepts as a board: its chair (the joint SRO) or the PMO records it (PID s3.2).
CHAIRS_ACTION = {"chairs_action": True, "reason": "The board meets after the deadline."}


@pytest.mark.parametrize(("proposer", "decider", "expected"), [
    ("pmo.llr", "sro.llr", 200), ("director.llr", "pmo.llr", 200), ("pmo.llr", "director.llr", 403),
    ("pmo.llr", "delivery.llr", 403), ("pmo.llr", "partnership.llr", 403),
])
def test_delivery_board_accepts_onto_its_baf(api, programme_risk, proposer, decider, expected):
    assert api(proposer).post(url(programme_risk, "escalate"), REASON, format="json").status_code == 201
    response = api(decider).post(url(programme_risk, "accept-escalation"), CHAIRS_ACTION, format="json")
    assert response.status_code == expected, response.content
    programme_risk.refresh_from_db()
    if expected == 200:
        assert programme_risk.level == Level.DELIVERY_BOARD
        entry = BafEntry.all_tenants.get(risk=programme_risk)
        assert entry.baf.level == Level.DELIVERY_BOARD and entry.current


@pytest.mark.parametrize(("proposer", "expected"), [
    ("delivery.llr", 201), ("sro.llr", 201), ("pmo.llr", 403), ("director.llr", 403), ("partnership.llr", 403),
])
def test_only_the_delivery_board_puts_a_risk_to_the_partnership_board(api, delivery_risk, proposer, expected):
    response = api(proposer).post(url(delivery_risk, "escalate"), REASON, format="json")
    assert response.status_code == expected, response.content


def test_partnership_board_accepts_and_the_baf_entry_moves(api, delivery_risk, in_llr):
    assert api("delivery.llr").post(url(delivery_risk, "escalate"), REASON, format="json").status_code == 201
    assert api("delivery.llr").post(url(delivery_risk, "accept-escalation"), CHAIRS_ACTION).status_code == 403
    assert api("partnership.llr").post(url(delivery_risk, "accept-escalation"), CHAIRS_ACTION).status_code == 403
    assert api("pmo.llr").post(url(delivery_risk, "accept-escalation"), CHAIRS_ACTION).status_code == 200
    delivery_risk.refresh_from_db()
    assert delivery_risk.level == Level.PARTNERSHIP_BOARD
    entry = BafEntry.all_tenants.get(risk=delivery_risk, current=True)
    assert entry.baf.level == Level.PARTNERSHIP_BOARD


def test_escalating_from_the_top_is_a_conflict(api, make_risk):
    risk = make_risk(title="Top risk", level=Level.PARTNERSHIP_BOARD)
    response = api("partnership.llr").post(url(risk, "escalate"), REASON, format="json")
    assert response.status_code == 409
    assert "already at the top" in response.json()["detail"]


def test_deescalating_from_the_bottom_is_a_conflict(api, project_risk):
    assert api("pm.poa.llr").post(url(project_risk, "deescalate"), REASON, format="json").status_code == 409


def test_a_second_proposal_while_one_is_pending_is_a_conflict(api, project_risk):
    assert api("pm.poa.llr").post(url(project_risk, "escalate"), REASON, format="json").status_code == 201
    assert api("pmo.llr").post(url(project_risk, "escalate"), REASON, format="json").status_code == 409
    assert api("pmo.llr").post(url(project_risk, "deescalate"), REASON, format="json").status_code == 409
    assert RiskMove.all_tenants.filter(risk=project_risk).count() == 1


def test_accepting_with_nothing_pending_is_a_conflict(api, project_risk):
    assert api("sro.urgentcare.llr").post(url(project_risk, "accept-escalation"), {}).status_code == 409


def test_a_reason_is_required(api, project_risk):
    response = api("pm.poa.llr").post(url(project_risk, "escalate"), {"reason": ""}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()


def test_nobody_accepts_a_move_they_proposed(api, workstream_risk):
    # The programme director may both propose (R on the workstream) and accept onto the programme (A).
    director = api("director.llr")
    assert director.post(url(workstream_risk, "escalate"), REASON, format="json").status_code == 201
    response = director.post(url(workstream_risk, "accept-escalation"), {}, format="json")
    assert response.status_code == 403
    assert "separation of duties" in response.json()["detail"]
    assert director.post(url(workstream_risk, "reject-escalation"), {}).status_code == 403
    workstream_risk.refresh_from_db()
    assert workstream_risk.level == Level.WORKSTREAM


def test_rejecting_leaves_the_risk_where_it_is(api, project_risk):
    api("pm.poa.llr").post(url(project_risk, "escalate"), REASON, format="json")
    response = api("sro.urgentcare.llr").post(url(project_risk, "reject-escalation"), {"note": "Manage it locally."})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    project_risk.refresh_from_db()
    assert project_risk.level == Level.PROJECT
    # A new proposal is possible once the last one is decided.
    assert api("pm.poa.llr").post(url(project_risk, "escalate"), REASON, format="json").status_code == 201


def test_deescalation_returns_a_programme_risk_to_its_workstream(api, workstream_risk):
    api("lead.urgentcare.llr").post(url(workstream_risk, "escalate"), REASON, format="json")
    api("director.llr").post(url(workstream_risk, "accept-escalation"), {})
    response = api("pmo.llr").post(url(workstream_risk, "deescalate"), {"reason": "Contained again."}, format="json")
    assert response.status_code == 201
    assert response.json()["to_workstream"] == workstream_risk.workstream_id
    assert api("director.llr").post(url(workstream_risk, "accept-escalation"), {}).status_code == 403
    assert api("sro.urgentcare.llr").post(url(workstream_risk, "accept-escalation"), {}).status_code == 200
    workstream_risk.refresh_from_db()
    assert workstream_risk.level == Level.WORKSTREAM


def test_deescalating_a_programme_risk_with_no_workstream_needs_one(api, programme_risk, urgent_care):
    response = api("pmo.llr").post(url(programme_risk, "deescalate"), REASON, format="json")
    assert response.status_code == 400
    assert "workstream" in response.json()
    response = api("pmo.llr").post(url(programme_risk, "deescalate"), {**REASON, "workstream": urgent_care.pk},
                                   format="json")
    assert response.status_code == 201


@pytest.mark.parametrize(("username", "expected"), [
    ("director.llr", 200), ("pmo.llr", 403), ("viewer.uhl.llr", 403),
])
def test_closing_a_programme_risk_is_the_directors_decision(api, programme_risk, username, expected):
    response = api(username).post(url(programme_risk, "close"), {"reason": "Passed."}, format="json")
    assert response.status_code == expected
    programme_risk.refresh_from_db()
    assert programme_risk.status == (RiskStatus.CLOSED if expected == 200 else RiskStatus.OPEN)
    if expected == 200:
        assert api(username).post(url(programme_risk, "close"), {}).status_code == 409
        assert api("pmo.llr").post(url(programme_risk, "escalate"), REASON, format="json").status_code == 409


def test_archive_instead_of_delete(api, programme_risk):
    client = api("pmo.llr")
    assert client.delete(f"/api/v1/risks/{programme_risk.pk}/").status_code == 405
    assert client.post(url(programme_risk, "archive")).status_code == 200
    assert Risk.all_tenants.filter(pk=programme_risk.pk, archived=True).exists()
    refs = [row["ref"] for row in client.get("/api/v1/risks/?page_size=500").json()["results"]]
    assert programme_risk.ref not in refs
    refs = [row["ref"] for row in client.get("/api/v1/risks/?archived=true&page_size=500").json()["results"]]
    assert refs == [programme_risk.ref]
    assert client.post(url(programme_risk, "archive")).status_code == 409
