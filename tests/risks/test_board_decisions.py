"""Accepting a risk onto a board's BAF (or rejecting the move) is the board's decision (PID s3.2,
``meetings.decisions``): its chair or the PMO records it at one of the board's meetings, under the escalation's
agenda item, or as a chair's action reported to the next meeting; members cannot."""

import pytest

from meetings import decisions
from meetings.choices import MeetingStatus
from risks.choices import Level, MoveStatus
from risks.models import RiskMove
from tests.board import DB, PB, at, board_meeting, by_chairs_action, decisions_on, put_on_agenda

pytestmark = pytest.mark.django_db

REASON = {"reason": "Residual score 16 is beyond the programme's control."}
# (the level the risk is at, who proposes, the board receiving it, who records the board's decision)
MOVES = [(Level.PROGRAMME, "pmo.llr", DB, "sro.llr"), (Level.PROGRAMME, "director.llr", DB, "pmo.llr"),
         (Level.DELIVERY_BOARD, "delivery.llr", PB, "pmo.llr")]


def url(risk, step):
    return f"/api/v1/risks/{risk.pk}/{step}/"


@pytest.fixture
def proposed(api, make_risk):
    def propose(level, proposer):
        risk = make_risk(title=f"Risk at {level}", level=level)
        assert api(proposer).post(url(risk, "escalate"), REASON, format="json").status_code == 201
        return risk, RiskMove.all_tenants.get(risk=risk, status=MoveStatus.PROPOSED)

    return propose


@pytest.mark.parametrize(("level", "proposer", "board", "recorder"), MOVES)
@pytest.mark.parametrize(("step", "moved"), [("accept-escalation", True), ("reject-escalation", False)])
def test_decided_at_the_boards_meeting_enters_its_log_under_the_escalations_item(
        api, llr, proposed, level, proposer, board, recorder, step, moved):
    risk, move = proposed(level, proposer)
    meeting = board_meeting(llr, board)
    item = put_on_agenda(meeting, move)
    response = api(recorder).post(url(risk, step), at(meeting, note="Noted."), format="json")
    assert response.status_code == 200, response.content
    risk.refresh_from_db()
    assert (risk.level != level) is moved
    [decision] = decisions_on(move)
    assert (decision.meeting_id, decision.agenda_item_id, decision.body.kind) == (meeting.pk, item.pk, board)


@pytest.mark.parametrize(("level", "proposer", "board", "recorder"), MOVES)
def test_a_chairs_action_is_reported_to_the_next_meeting(api, llr, proposed, level, proposer, board, recorder):
    risk, move = proposed(level, proposer)
    response = api(recorder).post(url(risk, "accept-escalation"), by_chairs_action(), format="json")
    assert response.status_code == 200, response.content
    [decision] = decisions_on(move)
    assert decision.chairs_action and decision.meeting_id is None
    with tenant_context_of(llr):
        assert decision in decisions.chairs_actions_reported_to(
            board_meeting(llr, board, status=MeetingStatus.SCHEDULED, days=2))


@pytest.mark.parametrize(("level", "proposer", "board", "recorder"), MOVES)
def test_neither_is_a_400_and_a_member_is_a_403(api, llr, proposed, level, proposer, board, recorder):
    risk, move = proposed(level, proposer)
    response = api(recorder).post(url(risk, "accept-escalation"), {"note": "Yes"}, format="json")
    assert response.status_code == 400 and {"decided_at_meeting", "chairs_action"} <= set(response.json())
    member = "delivery.llr" if board == DB else "partnership.llr"
    response = api(member).post(url(risk, "accept-escalation"), at(board_meeting(llr, board)), format="json")
    assert response.status_code == 403 and "PMO as its secretary" in response.json()["detail"]
    risk.refresh_from_db()
    assert risk.level == level and not decisions_on(move).exists()


@pytest.mark.parametrize(("other", "status", "days"), [(True, MeetingStatus.HELD, 0),
                                                       (False, MeetingStatus.CANCELLED, -4),
                                                       (False, MeetingStatus.SCHEDULED, 6)])
def test_another_bodys_a_cancelled_or_a_future_meeting_is_a_400(api, llr, proposed, other, status, days):
    risk, move = proposed(Level.PROGRAMME, "pmo.llr")
    meeting = board_meeting(llr, PB if other else DB, status=status, days=days)
    response = api("sro.llr").post(url(risk, "accept-escalation"), at(meeting), format="json")
    assert response.status_code == 400 and "decided_at_meeting" in response.json()
    risk.refresh_from_db()
    assert risk.level == Level.PROGRAMME


def test_the_chair_who_proposed_the_move_cannot_accept_it_by_chairs_action(api, llr, make_risk):
    risk = make_risk(title="Chair's own", level=Level.DELIVERY_BOARD)
    assert api("sro.llr").post(url(risk, "escalate"), REASON, format="json").status_code == 201
    response = api("pmo.llr").post(url(risk, "accept-escalation"), by_chairs_action(), format="json")
    assert response.status_code == 200  # the PMO records the Partnership Board's decision
    risk = make_risk(title="Chair's own 2", level=Level.PROGRAMME)
    assert api("pmo.llr").post(url(risk, "escalate"), REASON, format="json").status_code == 201
    response = api("pmo.llr").post(url(risk, "accept-escalation"), by_chairs_action(), format="json")
    assert response.status_code == 403 and "separation of duties" in response.json()["detail"]


def tenant_context_of(tenant):
    from core.tenancy import tenant_context

    return tenant_context(tenant)
