"""The meeting's workflow table (``meetings.workflows.MEETING``), walked step by step through the services: each step
is taken from each of its source states by whoever keeps meetings, is refused with a 409 from any other state, and
with a 403 to someone without the permission; the page offers exactly the steps the table allows."""

import datetime

import pytest
from django.utils import timezone

from core.exceptions import PermissionRefused, WrongState
from meetings import services as meetings
from meetings.choices import MeetingStatus
from meetings.models import Meeting
from meetings.packs import services as packs
from meetings.workflows import MEETING, STATUS_STEPS, allowed
from programme.choices import BodyKind
from programme.models import Body

pytestmark = pytest.mark.django_db

KEEPER, OUTSIDER = "pmo.llr", "viewer.uhl.llr"

# Each step of the table, taken through its service.
STEPS = {
    "hold": lambda meeting, user: meetings.set_status(meeting, user, MeetingStatus.HELD),
    "cancel": lambda meeting, user: meetings.set_status(meeting, user, MeetingStatus.CANCELLED),
    "reschedule": lambda meeting, user: meetings.set_status(meeting, user, MeetingStatus.SCHEDULED),
    "record_decision": lambda meeting, user: meetings.record_decision(meeting, user, "Agreed."),
    "record_action": lambda meeting, user: meetings.record_action(meeting, user, "Do it.", owner_name="Someone"),
    "request_pack": lambda meeting, user: packs.request_pack(meeting, user),
}
CASES = [(name, state) for name in STEPS for state in MeetingStatus.values]


def test_every_step_of_the_table_is_walked():
    assert set(STEPS) == {transition.name for transition in MEETING}
    scheduled, held, cancelled = MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.CANCELLED
    assert {transition.name: set(transition.sources) for transition in MEETING} == {
        "hold": {scheduled}, "cancel": {scheduled}, "reschedule": {held, cancelled},
        "record_decision": {scheduled, held}, "record_action": {scheduled, held}, "request_pack": {scheduled, held},
    }
    assert {MEETING[name].target for name in STATUS_STEPS.values()} == set(STATUS_STEPS)


@pytest.fixture
def meeting(in_llr):
    """A Delivery Board meeting on a past day (so that it may be recorded as held), scheduled."""
    body = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    day = timezone.localdate() - datetime.timedelta(days=400)
    while Meeting.objects.filter(body=body, date=day).exists():
        day -= datetime.timedelta(days=1)
    return Meeting.objects.create(body=body, date=day)


def in_state(meeting, state):
    Meeting.objects.filter(pk=meeting.pk).update(status=state)
    return Meeting.objects.get(pk=meeting.pk)


@pytest.mark.parametrize("case", CASES, ids=[f"{name}-from-{state}" for name, state in CASES])
def test_each_step_from_each_state(meeting, persona, case):
    name, state = case
    meeting = in_state(meeting, state)
    keeper = persona(KEEPER)
    if state not in MEETING[name].sources:
        assert not MEETING.may(keeper, meeting, name)
        if (name, state) == ("reschedule", MeetingStatus.SCHEDULED):
            return  # no step at all: see test_a_scheduled_meeting_set_scheduled_is_left_as_it_is
        with pytest.raises(WrongState):
            STEPS[name](meeting, keeper)
        return
    assert MEETING.may(keeper, meeting, name)
    with pytest.raises(PermissionRefused) as refused:
        STEPS[name](meeting, persona(OUTSIDER))
    assert "PMO" in str(refused.value)
    assert Meeting.objects.get(pk=meeting.pk).status == state
    STEPS[name](meeting, keeper)
    reached = MEETING[name].target or state
    assert Meeting.objects.get(pk=meeting.pk).status == reached


def test_the_wrong_state_is_refused_in_the_steps_own_words(meeting, persona):
    keeper = persona(KEEPER)
    with pytest.raises(WrongState, match="A cancelled meeting decides nothing."):
        meetings.record_decision(in_state(meeting, MeetingStatus.CANCELLED), keeper, "Agreed.")
    with pytest.raises(WrongState, match="This meeting was cancelled: it has no pack."):
        packs.request_pack(meeting, keeper)
    with pytest.raises(WrongState, match="This meeting is already held."):
        meetings.set_status(in_state(meeting, MeetingStatus.HELD), keeper, MeetingStatus.CANCELLED)


def test_a_scheduled_meeting_set_scheduled_is_left_as_it_is(meeting, persona):
    assert meetings.set_status(meeting, persona(KEEPER), MeetingStatus.SCHEDULED).status == MeetingStatus.SCHEDULED
    with pytest.raises(PermissionRefused):
        meetings.set_status(meeting, persona(OUTSIDER), MeetingStatus.SCHEDULED)


def test_the_page_offers_the_steps_the_table_allows(client, meeting, persona):
    buttons = {"hold": "Record as held", "cancel": "Cancel this meeting", "reschedule": "Return to scheduled",
               "record_decision": "Record the decision", "record_action": "Record the action",
               "request_pack": "Prepare the pack"}
    assert set(buttons) == {transition.name for transition in MEETING}
    for username in (KEEPER, OUTSIDER):
        client.force_login(persona(username))
        for state in MeetingStatus.values:
            offered = allowed(MEETING, persona(username), in_state(meeting, state))
            assert offered == ({name for name in STEPS if state in MEETING[name].sources} if username == KEEPER
                               else set())
            page = client.get(f"/meetings/{meeting.pk}/").content.decode()
            assert {name for name, label in buttons.items() if label in page} == offered, (username, state)
