"""The brief and business case workflow tables walked (``business_cases.workflows``): every row is taken from each
of its states through the API and reaches its target; a step from a state outside its rows is 409; a member without
the row's permission is 403; whoever wrote the item is 403 where the row separates duties (DOMAIN.md s3, s5)."""

import pytest

from business_cases import workflows
from business_cases.models import Brief
from business_cases.rules import BOARDS
from business_cases.workflows import BRIEF, CASE, STEPS
from core import rules
from core.exceptions import WrongState
from core.tenancy import tenant_context

from .conftest import CHAIRS_ACTION

pytestmark = pytest.mark.django_db

OBC, TOP = "400000.00", "2000000.00"
# A case of the Points of Access project in each state of the table (make_case's arguments).
CASE_STATES = {
    "draft": {"status": "draft"},
    workflows.RFF_SUBMITTED: {"status": "submitted"},
    "submitted": {"status": "submitted", "value": OBC},
    "recommended": {"status": "recommended", "value": OBC},
    "approved": {"status": "approved"},
    workflows.OBC_APPROVED: {"status": "approved", "value": TOP},
    "rejected": {"status": "rejected"},
    "withdrawn": {"status": "withdrawn"},
}
BRIEF_STATES = ["draft", "submitted", "approved", "rejected"]
# Who holds each permission for a case of Points of Access, and for a project brief in Urgent Care.
HOLDERS = {
    workflows.SUBMIT: "pm.poa.llr", workflows.CHANGE: "pm.poa.llr", workflows.WITHDRAW: "pm.poa.llr",
    # The boards' steps are recorded by the board's chair (the joint SRO chairs the Delivery Board) or the PMO.
    workflows.RECOMMEND: "sro.llr", workflows.DECIDE_RFF: "sro.llr",
    workflows.DECIDE_OBC_FBC: "pmo.llr",
    workflows.SUBMIT_BRIEF: "lead.urgentcare.llr", workflows.DECIDE_BRIEF: "sro.llr",
}
OUTSIDER = "viewer.uhl.llr"  # a member with no letter for briefs or cases
BODIES = {"approve": {"note": "Agreed."}, "reject": {"note": "Not this year."}, "withdraw": {"reason": "Superseded."}}
CASE_ROWS = [(row.name, state) for row in CASE for state in row.sources]
BRIEF_ROWS = [(row.name, state) for row in BRIEF for state in row.sources]


def post(api, username, item, step):
    """POST a step; a board's step records the board's decision as a chair's action."""
    kind = "briefs" if isinstance(item, Brief) else "business-cases"
    body = {**BODIES.get(step, {}), **(CHAIRS_ACTION if step in ("recommend", "approve", "reject") else {})}
    return api(username).post(f"/api/v1/{kind}/{item.pk}/{step}/", body, format="json")


def fresh(llr, item):
    with tenant_context(llr):
        return type(item).objects.get(pk=item.pk)


# The case table -------------------------------------------------------------------------------------------

def test_the_case_table_names_only_states_a_case_can_be_in(llr, make_case):
    named = {state for row in CASE for state in row.sources} | {row.target for row in CASE if row.target}
    assert named <= set(CASE_STATES)
    for state, arguments in CASE_STATES.items():
        assert CASE.state(make_case(**arguments)) == state


@pytest.mark.parametrize(("name", "state"), CASE_ROWS)
def test_each_case_row_is_taken_from_each_of_its_states(api, llr, make_case, name, state):
    row = CASE[name]
    case = make_case(**CASE_STATES[state])
    response = post(api, HOLDERS[row.perm], case, STEPS[name])
    assert response.status_code == 200, response.json()
    assert fresh(llr, case).status == row.target


def test_a_case_step_from_a_state_outside_its_rows_is_409(api, llr, make_case, persona):
    cases = {state: make_case(**arguments) for state, arguments in CASE_STATES.items()}
    for row in CASE:  # the table refuses each row outside its own states ...
        for state in CASE_STATES.keys() - set(row.sources):
            with tenant_context(llr), pytest.raises(WrongState):
                CASE.check(persona(HOLDERS[row.perm]), cases[state], row.name)
    for step in set(STEPS.values()):  # ... and the API a step outside all of its rows' states
        rows = [row for row in CASE if STEPS[row.name] == step]
        for state in CASE_STATES.keys() - {source for row in rows for source in row.sources}:
            poster = "pmo.llr" if rows[0].perm in BOARDS else HOLDERS[rows[0].perm]  # the PMO records both boards'
            response = post(api, poster, cases[state], step)
            assert response.status_code == 409, (step, state, response.json())
            assert fresh(llr, cases[state]).status == cases[state].status


@pytest.mark.parametrize("name", [row.name for row in CASE])
def test_a_case_row_without_its_permission_is_403(api, llr, make_case, name):
    row = CASE[name]
    case = make_case(**CASE_STATES[row.sources[0]])
    response = post(api, OUTSIDER, case, STEPS[name])
    assert response.status_code == 403 and response.json()["allowed_roles"]
    assert fresh(llr, case).status == case.status


SEPARATED_CASE_ROWS = [row.name for row in CASE if row.perm in BOARDS]  # by chair's action (meetings.decisions)


def test_the_boards_rows_are_the_boards_decisions():
    assert set(SEPARATED_CASE_ROWS) == {"recommend", "approve-rff", "approve", "reject-rff", "reject-submitted",
                                        "reject"}
    assert not any(rules.rule_for(CASE[name].perm).separate for name in SEPARATED_CASE_ROWS)


@pytest.mark.parametrize("name", SEPARATED_CASE_ROWS)
def test_a_case_row_is_403_for_whoever_wrote_the_case(api, llr, make_case, name):
    row = CASE[name]
    holder = HOLDERS[row.perm]
    case = make_case(author=holder, **CASE_STATES[row.sources[0]])
    response = post(api, holder, case, STEPS[name])
    assert response.status_code == 403
    assert response.json()["detail"].startswith(f"You wrote {case.ref}, so you cannot decide it by chair's action")
    assert "(separation of duties)" in response.json()["detail"]
    assert fresh(llr, case).status == case.status


# The brief table ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "state"), BRIEF_ROWS)
def test_each_brief_row_is_taken_from_each_of_its_states(api, llr, make_brief, name, state):
    row = BRIEF[name]
    brief = make_brief(status=state)
    response = post(api, HOLDERS[row.perm], brief, name)
    assert response.status_code == 200, response.json()
    assert fresh(llr, brief).status == row.target


def test_a_brief_step_from_a_state_outside_its_rows_is_409(api, llr, make_brief):
    briefs = {state: make_brief(status=state, title=f"A {state} brief") for state in BRIEF_STATES}
    for row in BRIEF:
        for state in set(BRIEF_STATES) - set(row.sources):
            response = post(api, HOLDERS[row.perm], briefs[state], row.name)
            assert response.status_code == 409, (row.name, state, response.json())
            assert fresh(llr, briefs[state]).status == state


@pytest.mark.parametrize("name", [row.name for row in BRIEF])
def test_a_brief_row_without_its_permission_is_403(api, llr, make_brief, name):
    row = BRIEF[name]
    brief = make_brief(status=row.sources[0])
    response = post(api, OUTSIDER, brief, name)
    assert response.status_code == 403 and response.json()["allowed_roles"]
    assert fresh(llr, brief).status == brief.status


@pytest.mark.parametrize("name", [row.name for row in BRIEF if row.perm in BOARDS])
def test_a_brief_row_is_403_for_whoever_wrote_the_brief(api, llr, make_brief, name):
    row = BRIEF[name]
    holder = HOLDERS[row.perm]
    brief = make_brief(status=row.sources[0], author=holder)
    response = post(api, holder, brief, name)
    assert response.status_code == 403
    assert response.json()["detail"].startswith(f"You wrote {brief}, so you cannot decide it by chair's action")
    assert fresh(llr, brief).status == brief.status


def test_only_deciding_a_brief_is_the_boards():
    assert [row.name for row in BRIEF if row.perm in BOARDS] == ["approve", "reject"]
