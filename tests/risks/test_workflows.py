"""The workflow tables of ``risks.workflows``, walked row by row: each step is allowed from its sources, refused
with WrongState (409) from every other state, and with PermissionRefused (403) for a role without its permission;
deciding a move is refused to whoever proposed it (separation of duties). The expected tables are written out
here, so a change to a table fails until the change is meant."""

import pytest

from core.exceptions import PermissionRefused, WrongState
from programme.models import Project, Workstream
from risks import workflows
from risks.choices import (
    BOARD_LEVELS,
    ISSUE_LEVELS,
    LEVEL_ORDER,
    DisputeStage,
    IssueStatus,
    Level,
    MoveDirection,
    MoveStatus,
    RiskStatus,
)
from risks.models import Issue, Risk, RiskMove
from risks.rules import issue_perm, risk_perm

pytestmark = pytest.mark.django_db

PERSONAS = ["pm.poa.llr", "lead.urgentcare.llr", "sro.urgentcare.llr", "pmo.llr", "director.llr", "sro.llr",
            "delivery.llr", "partnership.llr", "viewer.uhl.llr"]
OPEN, AWAITING, CLOSED, ARCHIVED = RiskStatus.OPEN, workflows.AWAITING, RiskStatus.CLOSED, workflows.ARCHIVED


def expected_risk_table(level):
    """step: (sources, permission, target)."""
    return {
        "escalate": ({OPEN} if level != Level.PARTNERSHIP_BOARD else set(), risk_perm("escalate_from", level), None),
        "deescalate": ({OPEN} if level != Level.PROJECT else set(), risk_perm("deescalate_from", level), None),
        "close": ({OPEN, AWAITING}, risk_perm("close", level), CLOSED),
        "archive": ({OPEN, AWAITING, CLOSED}, risk_perm("edit", level), ARCHIVED),
    }


def expected_move_table(to_level):
    perm = risk_perm("accept_to", to_level)
    return {"accept": ({MoveStatus.PROPOSED}, perm, MoveStatus.ACCEPTED),
            "reject": ({MoveStatus.PROPOSED}, perm, MoveStatus.REJECTED)}


def expected_issue_table(level):
    live = {*DisputeStage.values, IssueStatus.RESOLVED, IssueStatus.CLOSED}
    return {
        "refer_to_programme_director": ({DisputeStage.NONE}, issue_perm("edit", level),
                                        DisputeStage.PROGRAMME_DIRECTOR),
        "refer_to_joint_sros": ({DisputeStage.PROGRAMME_DIRECTOR}, "risks.refer_dispute_to_joint_sros",
                                DisputeStage.JOINT_SROS),
        "refer_to_partnership_board": ({DisputeStage.JOINT_SROS}, "risks.refer_dispute_to_partnership_board",
                                       DisputeStage.PARTNERSHIP_BOARD),
        "archive": (live, issue_perm("edit", level), ARCHIVED),
    }


@pytest.fixture
def people(persona, in_llr):
    return [persona(username) for username in PERSONAS]


def place(level):
    """The project and workstream of an item on ``level``'s register."""
    if level == Level.PROJECT:
        project = Project.objects.get(name="Integrating LLR Points of Access")
        return {"project": project, "workstream": project.workstream}
    if level == Level.WORKSTREAM:
        return {"workstream": Workstream.objects.get(name="Urgent Care")}
    return {}


def risk_in(state, level, tenant):
    risk = Risk(tenant=tenant, level=level, ref="R-9999", title="Walked", **place(level))
    risk.archived = state == ARCHIVED
    risk.status = CLOSED if state == CLOSED else OPEN
    risk.pending_move = RiskMove(tenant=tenant) if state == AWAITING else None
    return risk


def issue_in(state, level, tenant):
    issue = Issue(tenant=tenant, level=level, ref="I-9999", title="Walked", **place(level))
    issue.archived = state == ARCHIVED
    issue.status = state if state in (IssueStatus.RESOLVED, IssueStatus.CLOSED) else IssueStatus.OPEN
    issue.dispute_stage = state if state in DisputeStage.values else DisputeStage.NONE
    return issue


def move_in(state, to_level, tenant, proposer=None):
    where = place(to_level)
    risk = Risk(tenant=tenant, level=LEVEL_ORDER[LEVEL_ORDER.index(to_level) - 1] if to_level != Level.PROJECT
                else Level.WORKSTREAM, ref="R-9999", title="Moved")
    return RiskMove(tenant=tenant, risk=risk, to_level=to_level, direction=MoveDirection.ESCALATE, status=state,
                    to_project=where.get("project"), to_workstream=where.get("workstream"), proposed_by=proposer)


def walk(workflow, expected, states, make, people):
    """Every row of ``workflow`` against ``expected``, from every state, for someone allowed and someone not."""
    assert set(workflow.transitions) == set(expected)
    for name, (sources, perm, target) in expected.items():
        transition = workflow[name]
        assert (set(transition.sources), transition.perm, transition.target) == (sources, perm, target), name
        if sources:
            probe = make(next(iter(sources)))
            allowed = [user for user in people if user.has_perm(perm, probe)]
            refused = [user for user in people if not user.has_perm(perm, probe)]
            assert refused, f"{name}: someone in the partnership must be refused"
            assert allowed, f"{name}: someone in the partnership must be allowed"
        else:  # a step no state allows (nothing escalates above the top): refused as a wrong state, to anyone
            allowed, refused = [], people[:1]
        for state in states:
            item = make(state)
            if state in sources:
                assert workflow.check(allowed[0], item, name) is transition
                assert workflow.may(allowed[0], item, name)
                with pytest.raises(PermissionRefused) as refusal:
                    workflow.check(refused[0], item, name)
                assert refusal.value.allowed_roles, "a refusal names the roles that may"
                assert not workflow.may(refused[0], item, name)
            else:
                for user in allowed[:1] + refused[:1]:
                    with pytest.raises(WrongState):
                        workflow.check(user, item, name)
                    assert not workflow.may(user, item, name)


@pytest.mark.parametrize("level", LEVEL_ORDER)
def test_the_risk_table(level, people, in_llr):
    walk(workflows.RISK[level], expected_risk_table(level), (OPEN, AWAITING, CLOSED, ARCHIVED),
         lambda state: risk_in(state, level, in_llr), people)


@pytest.mark.parametrize("to_level", LEVEL_ORDER)
def test_the_move_table(to_level, people, in_llr):
    walk(workflows.MOVE[to_level], expected_move_table(to_level), MoveStatus.values,
         lambda state: move_in(state, to_level, in_llr), people)


@pytest.mark.parametrize("to_level", [level for level in LEVEL_ORDER if level not in BOARD_LEVELS])
def test_nobody_decides_a_move_they_proposed(to_level, people, in_llr):
    """(Onto a board's BAF the board decides at its meeting; its chair cannot by chair's action: see
    tests/risks/test_board_decisions.py.)"""
    workflow = workflows.MOVE[to_level]
    probe = move_in(MoveStatus.PROPOSED, to_level, in_llr)
    decider = next(user for user in people if user.has_perm(workflow["accept"].perm, probe))
    move = move_in(MoveStatus.PROPOSED, to_level, in_llr, proposer=decider)
    for step in ("accept", "reject"):
        with pytest.raises(PermissionRefused) as refusal:
            workflow.check(decider, move, step)
        assert str(refusal.value) == ("You proposed R-9999's escalation, so you cannot decide it: someone else must "
                                      "(separation of duties).")
        assert not workflow.may(decider, move, step)


@pytest.mark.parametrize("level", ISSUE_LEVELS)
def test_the_issue_table(level, people, in_llr):
    states = (*DisputeStage.values, IssueStatus.RESOLVED, IssueStatus.CLOSED, ARCHIVED)
    walk(workflows.ISSUE[level], expected_issue_table(level), states, lambda state: issue_in(state, level, in_llr),
         people)


def test_the_services_and_the_page_follow_the_tables(api, make_risk, poa, client, persona, in_llr):
    """The API answers a step from a wrong state 409 and a refused one 403, and the page offers only the steps the
    table allows this user now."""
    risk = make_risk(title="Walked through", level=Level.PROJECT, project=poa)
    url = f"/api/v1/risks/{risk.pk}/"
    assert api("viewer.uhl.llr").post(url + "escalate/", {"reason": "Up"}).status_code == 403
    client.force_login(persona("pm.poa.llr"))
    page = client.get(f"/risks/{risk.pk}/").content.decode()
    assert "Propose escalation" in page and "Propose de-escalation" not in page
    assert api("pm.poa.llr").post(url + "escalate/", {"reason": "Up"}).status_code == 201
    assert api("pm.poa.llr").post(url + "escalate/", {"reason": "Again"}).status_code == 409  # awaiting a decision
    page = client.get(f"/risks/{risk.pk}/").content.decode()
    assert "Propose escalation" not in page and "You proposed this move" in page and "Accept the" not in page
    client.force_login(persona("sro.urgentcare.llr"))
    assert "Accept the escalation" in client.get(f"/risks/{risk.pk}/").content.decode()
