"""The boards' steps on briefs and cases are the boards' (PID s3.2, ``meetings.decisions``): recorded by the
board's chair or the PMO at one of the board's meetings, where they enter its decisions log under the paper's
agenda item, or as a documented chair's action reported to the board's next meeting. Members cannot decide."""

import pytest

from business_cases.models import Brief
from core.tenancy import tenant_context
from meetings import decisions
from meetings.choices import MeetingStatus
from tests.board import DB, PB, at, board_meeting, by_chairs_action, decisions_on, put_on_agenda

pytestmark = pytest.mark.django_db

OBC = "400000.00"


def post(api, username, item, step, body):
    kind = "briefs" if isinstance(item, Brief) else "business-cases"
    return api(username).post(f"/api/v1/{kind}/{item.pk}/{step}/", body, format="json")


def status_of(llr, item):
    with tenant_context(llr):
        return type(item).objects.get(pk=item.pk).status


# (item factory, its state, the step, the board, who records, the status it reaches)
STEPS = [
    ("brief", "submitted", "approve", DB, "pmo.llr", "approved"),
    ("brief", "submitted", "reject", DB, "sro.llr", "rejected"),
    ("rff", "submitted", "approve", DB, "sro.llr", "approved"),
    ("rff", "submitted", "reject", DB, "pmo.llr", "rejected"),
    ("obc", "submitted", "recommend", DB, "sro.llr", "recommended"),
    ("obc", "submitted", "reject", DB, "pmo.llr", "rejected"),
    ("obc", "recommended", "approve", PB, "pmo.llr", "approved"),
    ("obc", "recommended", "reject", PB, "pmo.llr", "rejected"),
]


@pytest.fixture
def make_item(make_brief, make_case):
    def make(kind, state):
        if kind == "brief":
            return make_brief(status=state)
        return make_case(status=state, value=OBC if kind == "obc" else "100000.00")

    return make


@pytest.mark.parametrize(("kind", "state", "step", "board", "recorder", "reached"), STEPS)
def test_decided_at_a_meeting_enters_its_decisions_log_under_the_papers_item(api, llr, make_item, kind, state, step,
                                                                              board, recorder, reached):
    item = make_item(kind, state)
    meeting = board_meeting(llr, board)
    agenda_item = put_on_agenda(meeting, item)
    body = at(meeting, note="Agreed by the board.", conditions="Report quarterly.", interests=["delivery.llr"])
    response = post(api, recorder, item, step, body)
    assert response.status_code == 200, response.json()
    assert status_of(llr, item) == reached
    [decision] = decisions_on(item)
    assert (decision.meeting_id, decision.agenda_item_id, decision.body.kind) == (meeting.pk, agenda_item.pk, board)
    assert decision.conditions == "Report quarterly." and not decision.chairs_action
    assert list(decision.interests.values_list("username", flat=True)) == ["delivery.llr"]
    log = api("viewer.uhl.llr").get(f"/api/v1/meetings/{meeting.pk}/").json()["decisions"]
    assert [entry["id"] for entry in log if entry["agenda_item"] == agenda_item.pk] == [decision.pk]


@pytest.mark.parametrize(("kind", "state", "step", "board", "recorder", "reached"), STEPS)
def test_a_chairs_action_is_recorded_and_reported_to_the_boards_next_meeting(api, llr, make_item, kind, state, step,
                                                                             board, recorder, reached):
    item = make_item(kind, state)
    response = post(api, recorder, item, step, by_chairs_action(note="Urgent."))
    assert response.status_code == 200, response.json()
    assert status_of(llr, item) == reached
    [decision] = decisions_on(item)
    assert decision.meeting_id is None and decision.chairs_action and decision.reason
    following = board_meeting(llr, board, status=MeetingStatus.SCHEDULED, days=1)
    with tenant_context(llr):
        assert decision in decisions.chairs_actions_reported_to(following)


@pytest.mark.parametrize(("kind", "state", "step", "board", "recorder", "reached"), STEPS)
def test_neither_a_meeting_nor_a_chairs_action_is_a_400_naming_both(api, llr, make_item, kind, state, step, board,
                                                                    recorder, reached):
    item = make_item(kind, state)
    response = post(api, recorder, item, step, {"note": "Agreed."})
    assert response.status_code == 400
    assert {"decided_at_meeting", "chairs_action"} <= set(response.json())
    assert status_of(llr, item) == state and not decisions_on(item).exists()


@pytest.mark.parametrize(("kind", "state", "step", "board", "member"), [
    ("brief", "submitted", "approve", DB, "delivery.llr"),
    ("rff", "submitted", "approve", DB, "delivery.llr"),
    ("obc", "submitted", "recommend", DB, "delivery.llr"),
    ("obc", "recommended", "approve", PB, "partnership.llr"),
    ("obc", "recommended", "approve", PB, "sro.llr"),  # the Delivery Board's chair does not chair the other
])
def test_a_member_who_is_neither_chair_nor_pmo_is_refused_naming_who_may(api, llr, make_item, kind, state, step,
                                                                         board, member):
    item = make_item(kind, state)
    response = post(api, member, item, step, at(board_meeting(llr, board), note="Yes"))
    assert response.status_code == 403
    assert "or the PMO as its secretary may record its decision" in response.json()["detail"]
    assert response.json()["allowed_roles"] == ["pmo"]
    assert status_of(llr, item) == state and not decisions_on(item).exists()


@pytest.mark.parametrize(("kind", "state", "step", "board"), [
    ("brief", "submitted", "approve", DB), ("rff", "submitted", "approve", DB), ("obc", "submitted", "recommend", DB),
    ("obc", "recommended", "approve", PB),
])
@pytest.mark.parametrize(("other", "status", "days", "says"), [
    (True, MeetingStatus.HELD, -1, "not of the"),
    (False, MeetingStatus.CANCELLED, -2, "was cancelled"),
    (False, MeetingStatus.SCHEDULED, 9, "has not yet met"),
])
def test_another_bodys_a_cancelled_or_a_future_meeting_is_a_400(api, llr, make_item, kind, state, step, board, other,
                                                                status, days, says):
    item = make_item(kind, state)
    meeting = board_meeting(llr, (PB if board == DB else DB) if other else board, status=status, days=days)
    response = post(api, "pmo.llr", item, step, at(meeting))
    assert response.status_code == 400
    assert says in response.json()["decided_at_meeting"][0]
    assert status_of(llr, item) == state and not decisions_on(item).exists()


def test_a_chairs_action_without_its_reason_is_a_400(api, llr, make_item):
    item = make_item("rff", "submitted")
    response = post(api, "sro.llr", item, "approve", {"chairs_action": True})
    assert response.status_code == 400 and "reason" in response.json()
    assert status_of(llr, item) == "submitted"


def test_members_still_read_the_paper(api, make_item):
    item = make_item("rff", "submitted")
    assert api("delivery.llr").get(f"/api/v1/business-cases/{item.pk}/").status_code == 200
