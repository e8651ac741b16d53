"""Agendas: the standing items the PID names for the boards, and the papers awaiting each body (DOMAIN.md s8)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from core import registry
from core.exceptions import PermissionRefused, WrongState
from meetings import services as meetings
from meetings.choices import AgendaSection, MeetingStatus
from meetings.models import AgendaItem
from programme.choices import BodyKind
from programme.models import Body
from risks.models import RiskMove

pytestmark = pytest.mark.django_db

BOARD_STANDING = {"benefits_realisation", "risk_management", "allocation_of_resource"}


def standing(meeting):
    return set(meeting.agenda_items.filter(section=AgendaSection.STANDING).values_list("standing_key", flat=True))


@pytest.mark.parametrize("kind", [BodyKind.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD])
def test_the_boards_have_the_three_standing_items(in_llr, kind):
    meeting = meetings.next_meeting(Body.objects.get(kind=kind))
    assert standing(meeting) == BOARD_STANDING


def test_the_implementation_group_has_its_own_standing_items(in_llr):
    meeting = meetings.next_meeting(Body.objects.get(kind=BodyKind.IMPLEMENTATION_GROUP))
    assert "allocation_of_resource" not in standing(meeting)
    assert "risk_management" in standing(meeting)


def test_a_risk_review_meeting_says_so_on_its_agenda(in_llr):
    board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    review = board.meetings.filter(risk_review=True).first()
    item = review.agenda_items.get(standing_key="risk_management")
    assert item.title.endswith(meetings.RISK_REVIEW_SUFFIX)


def test_the_next_meeting_carries_the_papers_awaiting_the_body(in_llr):
    board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    meeting = meetings.next_meeting(board)
    papers = registry.papers_for(board)
    assert {"business_cases.case", "risks.escalation"} <= {paper.source for paper in papers}
    items = meeting.agenda_items.filter(section=AgendaSection.DECISION)
    assert items.count() == len(papers)
    later = board.meetings.filter(date__gt=meeting.date).first()
    assert not later.agenda_items.filter(section=AgendaSection.DECISION).exists()


def test_building_an_agenda_twice_adds_nothing(in_llr):
    meeting = meetings.next_meeting(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))
    before = list(meeting.agenda_items.values_list("pk", flat=True))
    meetings.build_agenda(meeting)
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == before


def test_a_paper_decided_elsewhere_leaves_the_agenda_and_a_new_one_joins(in_llr):
    board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    meeting = meetings.next_meeting(board)
    move = RiskMove.objects.filter(status="proposed", to_level="delivery_board").first()
    RiskMove.objects.filter(pk=move.pk).update(status="rejected")
    meetings.build_agenda(meeting)
    move_type = ContentType.objects.get_for_model(RiskMove)
    assert not meeting.agenda_items.filter(paper_type=move_type, paper_id=move.pk).exists()
    RiskMove.objects.filter(pk=move.pk).update(status="proposed")
    meetings.build_agenda(meeting)
    assert meeting.agenda_items.filter(paper_type=move_type, paper_id=move.pk).exists()


def test_items_people_add_stay(in_llr):
    meeting = meetings.next_meeting(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))
    mine = AgendaItem.objects.create(meeting=meeting, section=AgendaSection.OTHER, title="Winter plan update")
    meetings.build_agenda(meeting)
    assert AgendaItem.objects.filter(pk=mine.pk).exists()
    numbered = meetings.numbered_agenda(meeting)
    assert [number for number, _ in numbered] == list(range(1, len(numbered) + 1))
    assert numbered[-1][1].standing_key == "any_other_business"


def test_decisions_and_actions_are_recorded_by_the_secretariat(in_llr, persona):
    meeting = meetings.next_meeting(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))
    pmo = persona("pmo.llr")
    decision = meetings.record_decision(meeting, pmo, "Approved the RFF.")
    action = meetings.record_action(meeting, pmo, "Circulate the revised plan.", owner=persona("director.llr"),
                                    due_date=meeting.date + datetime.timedelta(days=14))
    assert decision.recorded_by == pmo and action.status == "open"
    meetings.set_action_status(action, pmo, "done")
    action.refresh_from_db()
    assert action.completed_on is not None
    with pytest.raises(PermissionRefused):
        meetings.record_decision(meeting, persona("viewer.uhl.llr"), "Nothing.")
    with pytest.raises(PermissionRefused):
        meetings.record_action(meeting, persona("delivery.llr"), "Nothing.", owner_name="Someone")
    with pytest.raises(ValidationError):
        meetings.record_action(meeting, pmo, "No owner.")
    with pytest.raises(ValidationError):
        meetings.record_decision(meeting, pmo, "  ")


def test_meeting_status(in_llr, persona):
    board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    future = meetings.next_meeting(board)
    pmo = persona("pmo.llr")
    with pytest.raises(WrongState):
        meetings.set_status(future, pmo, MeetingStatus.HELD)
    meetings.set_status(future, pmo, MeetingStatus.CANCELLED)
    with pytest.raises(WrongState):
        meetings.record_decision(future, pmo, "Too late.")
    with pytest.raises(PermissionRefused):
        meetings.set_status(future, persona("sro.llr"), MeetingStatus.SCHEDULED)


def test_the_previous_meeting_is_the_last_one_held(in_llr):
    board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    meeting = meetings.next_meeting(board)
    before = meetings.previous_meeting(meeting)
    assert before.status == MeetingStatus.HELD and before.date < meeting.date
    assert not board.meetings.filter(status=MeetingStatus.HELD, date__gt=before.date, date__lt=meeting.date).exists()
