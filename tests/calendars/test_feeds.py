"""The iCalendar feeds (README "Calendar feeds"; core.calendars, core.accounts.calendar, meetings.calendar): who
sees which meetings, the secret URL, extra sources registered by other apps, and a fixed number of queries."""

import datetime
import hashlib

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import registry
from core.models import CalendarFeedToken, Membership, User
from core.registry import CalendarEvent
from core.tenancy import tenant_context
from meetings.choices import MeetingStatus
from meetings.models import AgendaItem, Meeting
from programme.choices import BodyKind
from programme.models import Body

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def key_for(username, tenant):
    with tenant_context(tenant):
        _, key = CalendarFeedToken.issue(User.objects.get(username=username), tenant)
    return key


def meeting(tenant, kind, days_ahead, **fields):
    """A meeting of the tenant's body of ``kind``, ``days_ahead`` from today (made, or the one on that day)."""
    with tenant_context(tenant):
        body = Body.objects.get(kind=kind)
        found, _ = Meeting.objects.get_or_create(body=body, date=TODAY + datetime.timedelta(days=days_ahead))
        for name, value in fields.items():
            setattr(found, name, value)
        found.save()
        return found


def fetch(url):
    return Client().get(url)  # no session: a calendar client cannot log in


def parsed(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(item):
    return f"meeting-{item.pk}@{item.tenant.slug}.bct-portal"


def window_meetings(tenant, **filters):
    start, end = TODAY - datetime.timedelta(days=90), TODAY + datetime.timedelta(days=548)
    with tenant_context(tenant):
        return list(Meeting.objects.filter(date__gte=start, date__lte=end, **filters).select_related("tenant"))


def test_a_board_members_feed_holds_their_boards_meetings_and_no_others(llr, northshire):
    mine = meeting(llr, BodyKind.DELIVERY_BOARD, 40, time=datetime.time(14, 30), location="County Hall, Room 2")
    other_board = meeting(llr, BodyKind.PARTNERSHIP_BOARD, 41)
    other_tenant = meeting(northshire, BodyKind.DELIVERY_BOARD, 40)
    calendar = parsed(fetch(f"/calendar/{key_for('delivery.llr', llr)}.ics"))
    assert str(calendar["PRODID"]) == "-//BCT Portal//Programme calendar//EN"
    events = events_by_uid(calendar)
    assert uid(mine) in events
    assert uid(other_board) not in events and uid(other_tenant) not in events
    # Exactly the Delivery Board's meetings of the window, each once.
    meetings = {name for name in events if name.startswith("meeting-")}  # the plan adds its milestones (tests/plan)
    assert meetings == {uid(item) for item in window_meetings(llr, body__kind=BodyKind.DELIVERY_BOARD)}
    event = events[uid(mine)]
    # 14:30 in London, written in UTC; two hours long.
    start = timezone.make_aware(datetime.datetime.combine(mine.date, datetime.time(14, 30)))
    assert event.DTSTART == start and event.DTSTART.utcoffset() == datetime.timedelta(0)
    assert event.DTEND - event.DTSTART == datetime.timedelta(hours=2)
    assert str(event["LOCATION"]) == "County Hall, Room 2"
    assert str(event["URL"]) == f"http://testserver/meetings/{mine.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED" and str(event["SUMMARY"]) == mine.body.name


def test_the_pmos_feed_holds_every_body_of_their_partnership(llr):
    meeting(llr, BodyKind.IMPLEMENTATION_GROUP, 42)
    events = events_by_uid(parsed(fetch(f"/calendar/{key_for('pmo.llr', llr)}.ics")))
    expected = {uid(item) for item in window_meetings(llr)}
    assert len(expected) > 3 and {name for name in events if name.startswith("meeting-")} == expected


def test_a_meeting_outside_the_window_is_left_out(llr):
    old = meeting(llr, BodyKind.DELIVERY_BOARD, -120)
    far = meeting(llr, BodyKind.DELIVERY_BOARD, 600)
    near = meeting(llr, BodyKind.DELIVERY_BOARD, -80)
    events = events_by_uid(parsed(fetch(f"/calendar/{key_for('delivery.llr', llr)}.ics")))
    assert uid(near) in events and uid(old) not in events and uid(far) not in events


def test_a_cancelled_meeting_is_cancelled_and_one_without_a_time_lasts_the_day(llr):
    cancelled = meeting(llr, BodyKind.DELIVERY_BOARD, 43, status=MeetingStatus.CANCELLED, time=None)
    events = events_by_uid(parsed(fetch(f"/calendar/{key_for('delivery.llr', llr)}.ics")))
    event = events[uid(cancelled)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Cancelled: ")
    assert event.DTSTART == cancelled.date and not isinstance(event.DTSTART, datetime.datetime)
    assert event.DTEND == cancelled.date + datetime.timedelta(days=1)


def test_the_agenda_is_in_the_description(llr):
    item = meeting(llr, BodyKind.DELIVERY_BOARD, 44)
    with tenant_context(llr):
        AgendaItem.objects.create(meeting=item, title="Urgent care business case", position=99)
    events = events_by_uid(parsed(fetch(f"/calendar/{key_for('delivery.llr', llr)}.ics")))
    assert "- Urgent care business case" in str(events[uid(item)]["DESCRIPTION"])


def test_a_body_feed_holds_that_bodys_meetings_only(llr):
    mine = meeting(llr, BodyKind.DELIVERY_BOARD, 45)
    other = meeting(llr, BodyKind.PARTNERSHIP_BOARD, 45)
    key = key_for("pmo.llr", llr)
    events = events_by_uid(parsed(fetch(f"/calendar/{key}/body/{other.body_id}.ics")))
    assert uid(other) in events and uid(mine) not in events
    assert set(events) == {uid(item) for item in window_meetings(llr, body=other.body)}


def test_a_body_feed_is_refused_for_a_body_the_user_cannot_read(llr, northshire):
    mine = meeting(llr, BodyKind.DELIVERY_BOARD, 46)
    other = meeting(llr, BodyKind.PARTNERSHIP_BOARD, 46)
    foreign = meeting(northshire, BodyKind.DELIVERY_BOARD, 46)
    key = key_for("delivery.llr", llr)
    assert fetch(f"/calendar/{key}/body/{mine.body_id}.ics").status_code == 200
    assert fetch(f"/calendar/{key}/body/{other.body_id}.ics").status_code == 404
    assert fetch(f"/calendar/{key}/body/{foreign.body_id}.ics").status_code == 404  # another partnership's
    assert fetch(f"/calendar/{key}/body/999999999999999999.ics").status_code == 404
    assert fetch(f"/calendar/{key}/body/99999999999999999999999.ics").status_code == 404  # no overflow, no 500


def test_a_body_chair_reads_the_body_they_chair(llr):
    """sro.llr chairs the Delivery Board in the demo; a chair with no board role reads the body all the same."""
    chaired = meeting(llr, BodyKind.IMPLEMENTATION_GROUP, 47)
    key = key_for("viewer.uhl.llr", llr)
    assert fetch(f"/calendar/{key}/body/{chaired.body_id}.ics").status_code == 404
    with tenant_context(llr):
        chaired.body.chairs.add(User.objects.get(username="viewer.uhl.llr"))
    assert uid(chaired) in events_by_uid(parsed(fetch(f"/calendar/{key}/body/{chaired.body_id}.ics")))
    assert uid(chaired) in events_by_uid(parsed(fetch(f"/calendar/{key}.ics")))


def test_revoked_replaced_unknown_and_malformed_keys_are_404(llr):
    key = key_for("delivery.llr", llr)
    assert fetch(f"/calendar/{key}.ics").status_code == 200
    newer = key_for("delivery.llr", llr)  # a new link replaces the old one
    assert fetch(f"/calendar/{key}.ics").status_code == 404
    assert fetch(f"/calendar/{newer}.ics").status_code == 200
    with tenant_context(llr):
        CalendarFeedToken.objects.get(user__username="delivery.llr", revoked_at__isnull=True).revoke()
    assert fetch(f"/calendar/{newer}.ics").status_code == 404
    assert fetch(f"/calendar/{newer}/body/1.ics").status_code == 404
    assert fetch(f"/calendar/cal_{'A' * 43}.ics").status_code == 404
    assert fetch(f"/calendar/{newer[:-1]}.ics").status_code == 404
    assert fetch("/calendar/%00.ics").status_code == 404


def test_a_user_who_left_the_partnership_or_was_deactivated_gets_404(llr):
    key = key_for("delivery.llr", llr)
    with tenant_context(llr):
        Membership.objects.filter(user__username="delivery.llr").delete()
    assert fetch(f"/calendar/{key}.ics").status_code == 404
    key = key_for("ig.llr", llr)
    User.objects.filter(username="ig.llr").update(is_active=False)
    assert fetch(f"/calendar/{key}.ics").status_code == 404


def test_the_key_is_stored_only_as_its_hash_and_use_is_noted(llr):
    key = key_for("delivery.llr", llr)
    with tenant_context(llr):
        token = CalendarFeedToken.objects.get(user__username="delivery.llr", revoked_at__isnull=True)
        row = CalendarFeedToken.objects.filter(pk=token.pk).values().get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert not any(key in str(value) for value in row.values())
    assert token.prefix == key[:12] and token.last_used is None
    fetch(f"/calendar/{key}.ics")
    with tenant_context(llr):
        assert CalendarFeedToken.objects.get(pk=token.pk).last_used is not None


def test_a_registered_source_appears_in_both_feeds(llr, monkeypatch):
    seen = []

    def milestones(user, *, body=None, start, end):
        seen.append((user.username, body, start, end))
        yield CalendarEvent(uid="milestone-7", summary="Go-live: single point of access", start=TODAY,
                            url="/plan/7/", description="Gateway 3")
        yield CalendarEvent(uid="milestone-8", summary="Workshop", start=datetime.datetime.combine(
            TODAY, datetime.time(9, 0)), end=datetime.datetime.combine(TODAY, datetime.time(10, 0)),
                            status="TENTATIVE", url="https://example.org/x")

    monkeypatch.setitem(registry._CALENDAR_SOURCES, "test", registry.CalendarSource("test", milestones, 50))
    key = key_for("delivery.llr", llr)
    events = events_by_uid(parsed(fetch(f"/calendar/{key}.ics")))
    event = events["milestone-7@llr.bct-portal"]
    assert str(event["SUMMARY"]) == "Go-live: single point of access" and event.DTSTART == TODAY
    assert str(event["URL"]) == "http://testserver/plan/7/" and str(event["DESCRIPTION"]) == "Gateway 3"
    workshop = events["milestone-8@llr.bct-portal"]
    assert str(workshop["STATUS"]) == "TENTATIVE" and str(workshop["URL"]) == "https://example.org/x"
    assert workshop.DTSTART == timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9, 0)))
    assert seen[0] == ("delivery.llr", None, TODAY - datetime.timedelta(days=90),
                       TODAY + datetime.timedelta(days=548))
    with tenant_context(llr):
        board = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
    assert "milestone-7@llr.bct-portal" in events_by_uid(parsed(fetch(f"/calendar/{key}/body/{board.pk}.ics")))
    assert seen[-1][1] == board


def test_the_feed_runs_the_same_queries_for_one_meeting_as_for_many(llr):
    key = key_for("pmo.llr", llr)
    first = meeting(llr, BodyKind.DELIVERY_BOARD, 50)
    fetch(f"/calendar/{key}.ics")  # last_used is written once a minute: from here on, never
    with CaptureQueriesContext(connection) as few:
        fetch(f"/calendar/{key}.ics")
    for days in range(51, 61):
        item = meeting(llr, BodyKind.IMPLEMENTATION_GROUP, days, time=datetime.time(10, 0))
        with tenant_context(llr):
            AgendaItem.objects.create(meeting=item, title=f"Item {days}", position=1)
    with CaptureQueriesContext(connection) as many:
        events = events_by_uid(parsed(fetch(f"/calendar/{key}.ics")))
    assert uid(first) in events and len(events) >= 11
    assert len(many) == len(few) <= 8, [query["sql"] for query in many]
