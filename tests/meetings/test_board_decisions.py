"""A board decides as a board (PID s3.2; ``meetings.decisions``): its chair, or the PMO as its secretary, records
the decision at a meeting of that board in progress or held, or as a chair's action with its reason, reported to
the board's next meeting. Ordinary members cannot record it."""

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import PermissionRefused
from core.tenancy import tenant_context
from meetings import decisions
from meetings.choices import MeetingStatus
from meetings.models import MeetingDecision
from programme.models import Project
from tests.board import DB, PB, board_meeting, body_of, put_on_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(llr):
    with tenant_context(llr):
        return Project.objects.get(name="Integrating LLR Points of Access")


def record(llr, username, persona, paper, kind=DB, **kwargs):
    with tenant_context(llr):
        return decisions.record_board_decision(body_of(llr, kind), persona(username), paper, "approve", **kwargs)


def test_the_demo_delivery_board_is_chaired_by_the_joint_sro_and_the_partnership_boards_lay_chair_is_no_user(llr):
    with tenant_context(llr):
        assert list(body_of(llr, DB).chairs.values_list("username", flat=True)) == ["sro.llr"]
        assert not body_of(llr, PB).chairs.exists()
        assert body_of(llr, PB).chair  # the lay chair stays in the description


@pytest.mark.parametrize("username", ["sro.llr", "pmo.llr"])
def test_the_chair_or_the_pmo_records_the_boards_decision_at_its_meeting_under_the_papers_agenda_item(
        llr, persona, paper, username):
    meeting = board_meeting(llr)
    item = put_on_agenda(meeting, paper)
    decision = record(llr, username, persona, paper, meeting=meeting.pk, conditions="Report back in March.",
                      interests=["delivery.llr"])
    saved = MeetingDecision.all_tenants.get(pk=decision.pk)
    assert (saved.meeting_id, saved.agenda_item_id, saved.outcome) == (meeting.pk, item.pk, "approve")
    assert saved.conditions == "Report back in March." and "Report back in March." in saved.text
    assert list(saved.interests.values_list("username", flat=True)) == ["delivery.llr"]
    assert saved.recorded_by.username == username and not saved.chairs_action


def test_without_the_paper_on_the_agenda_the_decision_is_logged_without_an_item(llr, persona, paper):
    meeting = board_meeting(llr, days=-1)
    decision = record(llr, "pmo.llr", persona, paper, meeting=meeting)
    assert decision.meeting_id == meeting.pk and decision.agenda_item_id is None


def test_the_pmo_records_for_the_partnership_boards_lay_chair(llr, persona, paper):
    meeting = board_meeting(llr, PB, days=-2)
    decision = record(llr, "pmo.llr", persona, paper, kind=PB, meeting=meeting.pk)
    assert decision.body.kind == PB and decision.meeting_id == meeting.pk


@pytest.mark.parametrize(("username", "kind"), [("delivery.llr", DB), ("partnership.llr", PB), ("director.llr", DB),
                                                ("sro.llr", PB)])
def test_members_who_neither_chair_nor_minute_the_board_are_refused_naming_who_may(llr, persona, paper, username,
                                                                                   kind):
    meeting = board_meeting(llr, kind)
    with pytest.raises(PermissionRefused, match="only its chair.* or the PMO as its secretary"):
        record(llr, username, persona, paper, kind=kind, meeting=meeting.pk)
    assert not MeetingDecision.all_tenants.filter(meeting=meeting, paper_id=paper.pk).exists()


def test_a_decision_needs_a_meeting_or_a_chairs_action(llr, persona, paper):
    with pytest.raises(ValidationError) as caught:
        record(llr, "pmo.llr", persona, paper)
    assert set(caught.value.message_dict) == {"decided_at_meeting", "chairs_action"}


@pytest.mark.parametrize(("kind", "status", "days", "says"), [
    (PB, MeetingStatus.HELD, 0, "not of the Delivery Board"),
    (DB, MeetingStatus.CANCELLED, -3, "was cancelled"),
    (DB, MeetingStatus.SCHEDULED, 5, "has not yet met"),
])
def test_another_bodys_a_cancelled_or_a_future_meeting_is_refused(llr, persona, paper, kind, status, days, says):
    meeting = board_meeting(llr, kind, status=status, days=days)
    with pytest.raises(ValidationError) as caught:
        record(llr, "sro.llr", persona, paper, meeting=meeting.pk)
    assert says in " ".join(caught.value.message_dict["decided_at_meeting"])
    assert not MeetingDecision.all_tenants.filter(paper_id=paper.pk, meeting=meeting).exists()


def test_an_unknown_meeting_is_named(llr, persona, paper):
    with pytest.raises(ValidationError) as caught:
        record(llr, "pmo.llr", persona, paper, meeting=987654)
    assert "987654" in caught.value.message_dict["decided_at_meeting"][0]


def test_a_chairs_action_needs_its_reason_and_is_reported_to_the_boards_next_meeting(llr, persona, paper):
    with pytest.raises(ValidationError) as caught:
        record(llr, "sro.llr", persona, paper, chairs_action=True, reason="  ")
    assert set(caught.value.message_dict) == {"reason"}
    decision = record(llr, "sro.llr", persona, paper, chairs_action=True, reason="Funding lapses on Friday.")
    assert decision.meeting_id is None and decision.chairs_action and decision.reason == "Funding lapses on Friday."
    assert "by chair's action" in decision.text
    following = board_meeting(llr, status=MeetingStatus.SCHEDULED, days=1)
    with tenant_context(llr):
        assert decision in decisions.chairs_actions_reported_to(following)
        later = board_meeting(llr, status=MeetingStatus.SCHEDULED, days=40)
        assert decision not in decisions.chairs_actions_reported_to(later)


def test_a_decision_at_a_meeting_and_by_chairs_action_at_once_is_refused(llr, persona, paper):
    with pytest.raises(ValidationError) as caught:
        record(llr, "pmo.llr", persona, paper, meeting=board_meeting(llr).pk, chairs_action=True, reason="x")
    assert "chairs_action" in caught.value.message_dict


def test_interests_are_members_of_the_partnership(llr, persona, paper):
    with pytest.raises(ValidationError) as caught:
        record(llr, "pmo.llr", persona, paper, meeting=board_meeting(llr).pk, interests=["pmo.north"])
    assert "pmo.north" in caught.value.message_dict["interests"][0]


def test_the_meeting_page_shows_its_decisions_and_the_chairs_actions_reported_to_it(client, llr, persona, paper):
    meeting = board_meeting(llr)
    put_on_agenda(meeting, paper)
    record(llr, "pmo.llr", persona, paper, meeting=meeting.pk, conditions="Quarterly report")
    record(llr, "sro.llr", persona, paper, chairs_action=True, reason="Urgent before the winter.")
    client.force_login(persona("delivery.llr"))
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Conditions: Quarterly report" in page
    assert "Chair's actions reported to this meeting" in page and "Urgent before the winter." in page
