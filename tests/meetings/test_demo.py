"""The demo's meetings (API.md "meetings of each board"): around today, past ones held with their logs."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.choices import MeetingStatus
from meetings.models import AgendaItem, Meeting, MeetingAction, MeetingDecision
from programme.choices import BodyKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [BodyKind.PARTNERSHIP_BOARD, BodyKind.DELIVERY_BOARD,
                                  BodyKind.IMPLEMENTATION_GROUP])
def test_each_board_has_past_and_coming_meetings(in_llr, kind):
    today = timezone.localdate()
    rows = Meeting.objects.filter(body__kind=kind)
    past = rows.filter(date__lt=today)
    assert past.exists() and all(meeting.status == MeetingStatus.HELD for meeting in past)
    assert rows.filter(date__gte=today, status=MeetingStatus.SCHEDULED).exists()
    assert MeetingDecision.objects.filter(meeting__in=past).exists()
    assert MeetingAction.objects.filter(meeting__in=past).exists()


def test_the_partnership_board_meets_in_public(in_llr):
    assert all(Meeting.objects.filter(body__kind=BodyKind.PARTNERSHIP_BOARD).values_list("in_public", flat=True))


def test_some_actions_are_still_open(in_llr):
    assert MeetingAction.objects.filter(status="open").exists()
    assert MeetingAction.objects.filter(status="done").exists()


def test_northshire_has_its_own_meetings(in_northshire):
    assert Meeting.objects.filter(body__kind=BodyKind.DELIVERY_BOARD).exists()


def test_loading_the_demo_again_adds_nothing(llr):
    def counts():
        return tuple(model.all_tenants.count() for model in (Meeting, AgendaItem, MeetingDecision, MeetingAction))

    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before
