"""The change request workflow table walked (``change_control.workflows``): every row is taken from each of its
states through the API and reaches its target; a step from a state outside its row is 409; a member without the
row's permission is 403; whoever took part in the request is 403 where the row separates duties (PID s4.7,
DOMAIN.md s3)."""

import pytest

from change_control import services, workflows
from change_control.models import ChangeRequest
from change_control.workflows import REQUEST
from core import rules
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db

STATES = ["logged", "assessed", "proposed", workflows.APPROVED, workflows.REJECTED, workflows.DEFERRED,
          workflows.RESUBMITTED, "implemented"]
# Who holds each permission for a request against Urgent Care of £10,000 (the workstream SRO's to decide).
HOLDERS = {
    workflows.CHANGE: "pmo.llr", workflows.ASSESS: "pmo.llr", workflows.PROPOSE: "pmo.llr",
    workflows.DECIDE: "sro.urgentcare.llr", workflows.IMPLEMENT: "pmo.llr", workflows.RESUBMIT: "lead.urgentcare.llr",
}
OUTSIDER = "viewer.uhl.llr"  # a member holding no letter for change control
BODIES = {
    "update": {"title": "Corrected"},
    "assess": {"cost_impact": "1000.00"},
    "propose": {"proposal": "Approve it."},
    "decide": {"decision": "approve", "rationale": "Worth it."},
    "implement": {"note": "Done."},
    "resubmit": {"description": "Modified as asked."},
}
ROWS = [(row.name, state) for row in REQUEST for state in row.sources]


@pytest.fixture
def request_in(llr, make_request, persona):
    """A request in ``state`` of the table (raised by lead.urgentcare.llr unless ``originator`` says otherwise)."""

    def make(state, **values):
        if state != workflows.RESUBMITTED:
            return make_request(state, **values)
        deferred = make_request(workflows.DEFERRED, **values)
        with tenant_context(llr):
            services.resubmit(deferred, persona("lead.urgentcare.llr"))
            return ChangeRequest.objects.get(pk=deferred.pk)

    return make


def take(api, username, request, step):
    url = f"/api/v1/change-requests/{request.pk}/"
    if step == "update":
        return api(username).patch(url, BODIES[step], format="json")
    return api(username).post(f"{url}{step}/", BODIES[step], format="json")


def fresh(llr, request):
    with tenant_context(llr):
        return ChangeRequest.objects.select_related("successor").get(pk=request.pk)


def test_the_table_names_only_states_a_request_can_be_in(llr, request_in):
    named = {state for row in REQUEST for state in row.sources} | {row.target for row in REQUEST if row.target}
    assert named <= set(STATES)
    for state in STATES:
        assert REQUEST.state(fresh(llr, request_in(state))) == state


@pytest.mark.parametrize(("name", "state"), ROWS)
def test_each_row_is_taken_from_each_of_its_states(api, llr, request_in, name, state):
    row = REQUEST[name]
    request = request_in(state)
    response = take(api, HOLDERS[row.perm], request, name)
    assert response.status_code == (201 if name == "resubmit" else 200), response.json()
    after = REQUEST.state(fresh(llr, request))
    assert after == (row.target or {"decide": workflows.APPROVED, "resubmit": workflows.RESUBMITTED}[name])


def test_a_step_from_a_state_outside_its_row_is_409(api, llr, request_in):
    requests = {state: request_in(state, title=f"A request {state}") for state in STATES}
    for row in REQUEST:
        for state in set(STATES) - set(row.sources):
            before = ChangeRequest.all_tenants.filter(pk=requests[state].pk).values().get()
            response = take(api, HOLDERS[row.perm], requests[state], row.name)
            assert response.status_code == 409, (row.name, state, response.json())
            assert ChangeRequest.all_tenants.filter(pk=requests[state].pk).values().get() == before


@pytest.mark.parametrize("name", [row.name for row in REQUEST if rules.rule_for(row.perm).process is not None])
def test_a_row_without_its_permission_is_403(api, llr, request_in, name):
    row = REQUEST[name]
    request = request_in(row.sources[0])
    response = take(api, OUTSIDER, request, name)
    assert response.status_code == 403 and response.json()["allowed_roles"]
    assert REQUEST.state(fresh(llr, request)) == row.sources[0]


def test_every_member_may_resubmit_a_deferred_request():
    """The only row without a RACI process: 'anyone with an interest' raises a request, and resubmits one."""
    assert [row.name for row in REQUEST if rules.rule_for(row.perm).process is None] == ["resubmit"]


SEPARATED = [row.name for row in REQUEST if rules.rule_for(row.perm).separate]


def test_only_deciding_separates_duties():
    assert SEPARATED == ["decide"]


@pytest.mark.parametrize("name", SEPARATED)
def test_a_row_is_403_for_whoever_raised_the_request(api, llr, request_in, name):
    row = REQUEST[name]
    holder = HOLDERS[row.perm]
    request = request_in(row.sources[0], originator=holder)
    response = take(api, holder, request, name)
    assert response.status_code == 403
    assert response.json()["detail"].startswith(
        f"You raised {request.ref}, so you cannot {row.verb} it: someone else must (separation of duties).")
    assert REQUEST.state(fresh(llr, request)) == row.sources[0]
