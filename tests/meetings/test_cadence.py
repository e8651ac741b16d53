"""Meetings from each body's cadence (DOMAIN.md s8 defaults) and which review risk (PID s4.4)."""

import datetime

import pytest

from meetings import services as meetings
from meetings.choices import MeetingStatus
from meetings.models import Meeting, MeetingCadence
from programme.choices import BodyKind, ReviewCycle
from programme.models import Body

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize("year,month,weekday,week,expected", [
    (2027, 3, 1, 2, D(2027, 3, 9)),    # second Tuesday
    (2027, 3, 3, 4, D(2027, 3, 25)),   # fourth Thursday
    (2027, 3, 2, 1, D(2027, 3, 3)),    # first Wednesday
    (2027, 3, 2, 5, D(2027, 3, 31)),   # last Wednesday
    (2027, 2, 0, 5, D(2027, 2, 22)),   # last Monday of February
])
def test_meeting_day(year, month, weekday, week, expected):
    assert meetings.meeting_day(year, month, weekday, week) == expected


def cadence(kind):
    return MeetingCadence(**meetings.DEFAULT_CADENCES[kind])


def test_the_delivery_board_meets_monthly_and_reviews_risk_quarterly(in_llr):
    board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    days = meetings.cadence_dates(cadence(BodyKind.DELIVERY_BOARD), D(2027, 1, 1), end=D(2027, 12, 31))
    assert len(days) == 12 and all(day.weekday() == 1 for day in days)
    assert board.risk_review_cycle == ReviewCycle.QUARTERLY
    reviews = [day.month for day in days if meetings.is_risk_review(board, cadence(BodyKind.DELIVERY_BOARD), day)]
    assert reviews == [1, 4, 7, 10]


def test_the_partnership_board_meets_every_two_months_in_public_with_a_quarterly_risk_review(in_llr):
    board = Body.objects.get(kind=BodyKind.PARTNERSHIP_BOARD)
    rule = cadence(BodyKind.PARTNERSHIP_BOARD)
    days = meetings.cadence_dates(rule, D(2027, 1, 1), end=D(2027, 12, 31))
    assert [day.month for day in days] == [1, 3, 5, 7, 9, 11]
    assert rule.in_public
    assert [day.month for day in days if meetings.is_risk_review(board, rule, day)] == [1, 5, 7, 11]


def test_the_implementation_group_meets_and_reviews_risk_monthly(in_llr):
    group = Body.objects.get(kind=BodyKind.IMPLEMENTATION_GROUP)
    rule = cadence(BodyKind.IMPLEMENTATION_GROUP)
    days = meetings.cadence_dates(rule, D(2027, 1, 1), count=6)
    assert len(days) == 6 and all(meetings.is_risk_review(group, rule, day) for day in days)


def test_in_a_month_the_group_meets_before_the_boards():
    day = {kind: meetings.cadence_dates(cadence(kind), D(2027, 3, 1), count=1)[0] for kind in meetings.DEFAULT_CADENCES}
    assert day[BodyKind.IMPLEMENTATION_GROUP] < day[BodyKind.DELIVERY_BOARD] < day[BodyKind.PARTNERSHIP_BOARD]


def test_generating_is_idempotent(in_llr):
    board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    start = D(2030, 1, 1)
    created = meetings.generate_meetings(board, start=start, count=6)
    assert len(created) == 6
    assert meetings.generate_meetings(board, start=start, count=6) == []
    assert Meeting.objects.filter(body=board, date__gte=start).count() == 6


def test_a_meeting_moved_or_cancelled_in_its_month_is_not_made_again(in_llr):
    board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    first, second = meetings.generate_meetings(board, start=D(2031, 1, 1), count=2)
    Meeting.objects.filter(pk=first.pk).update(date=first.date + datetime.timedelta(days=2))
    Meeting.objects.filter(pk=second.pk).update(status=MeetingStatus.CANCELLED)
    assert meetings.generate_meetings(board, start=D(2031, 1, 1), count=2) == []
    assert Meeting.objects.get(pk=second.pk).status == MeetingStatus.CANCELLED


def test_bodies_without_a_default_cadence_have_no_meetings_until_given_one(in_llr):
    group = Body.objects.get(kind=BodyKind.REFERENCE_GROUP, name__startswith="Clinical Reference")
    assert meetings.generate_meetings(group, start=D(2030, 1, 1), count=3) == []
    MeetingCadence.objects.create(body=group, every_months=3, first_month=2, weekday=0, week=1)
    group.refresh_from_db()
    made = meetings.generate_meetings(group, start=D(2030, 1, 1), count=3)
    assert [meeting.date.month for meeting in made] == [2, 5, 8]
    assert all(meeting.risk_review for meeting in made), "quarterly meetings each review the quarter's risks"


def test_the_calendar_task_keeps_the_next_meetings_scheduled(llr, northshire):
    from meetings.packs import tasks

    tasks.generate_meetings_everywhere()
    assert tasks.generate_meetings_everywhere() == {"llr": 0, "northshire": 0}
