"""The plan's milestones and step-changes in the calendar feeds (plan.calendar): all-day on their date, linked to
the item, never cancelled; none in a body's feed; one query however many items."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import calendars
from core.models import CalendarFeedToken, User
from core.tenancy import tenant_context
from plan.choices import ItemKind, Level
from plan.models import PlanItem
from programme.models import Body

pytestmark = pytest.mark.django_db


def feed(username, tenant):
    with tenant_context(tenant):
        _, key = CalendarFeedToken.issue(User.objects.get(username=username), tenant)
    response = Client().get(f"/calendar/{key}.ics")
    assert response.status_code == 200
    return {str(event["UID"]): event for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}


def uid(item):
    return f"plan-item-{item.pk}@{item.tenant.slug}.bct-portal"


def test_a_users_feed_holds_the_milestones_and_step_changes_all_day(llr, in_llr, make_item):
    milestone = make_item("Go live", weeks=6, kind=ItemKind.MILESTONE)
    step = make_item("New front door", weeks=8, kind=ItemKind.STEP_CHANGE)
    deliverable = make_item("A report", weeks=7, kind=ItemKind.DELIVERABLE)
    events = feed("viewer.uhl.llr", llr)
    event = events[uid(milestone)]
    assert str(event["SUMMARY"]) == f"{milestone.ref} Go live (milestone)"
    assert event.DTSTART == milestone.forecast_date and not isinstance(event.DTSTART, datetime.datetime)
    assert event.DTEND == milestone.forecast_date + datetime.timedelta(days=1)
    assert str(event["URL"]) == f"http://testserver/plan/{milestone.pk}/"
    assert str(event["STATUS"]) != "CANCELLED"
    assert str(events[uid(step)]["SUMMARY"]) == f"{step.ref} New front door (step-change)"
    assert uid(deliverable) not in events


def test_the_feed_holds_every_milestone_and_step_change_of_the_window_and_no_other_partnerships(
        llr, northshire, in_llr, persona, today):
    start, end = calendars.window()
    with tenant_context(northshire):
        from plan import services
        other = services.create_item(persona("pmo.north"), title="Northshire only", kind=ItemKind.MILESTONE,
                                     level=Level.PROGRAMME, forecast_date=today + datetime.timedelta(weeks=3))
    expected = {uid(item) for item in PlanItem.objects.filter(kind__in=[ItemKind.MILESTONE, ItemKind.STEP_CHANGE])
                if start <= item.finishes <= end}
    events = feed("viewer.uhl.llr", llr)
    assert expected and {name for name in events if name.startswith("plan-item-")} == expected
    assert uid(other) not in events


def test_a_body_feed_holds_no_plan_items(llr, in_llr, persona, make_item):
    make_item("Go live", weeks=6)
    body = Body.objects.order_by("pk").first()
    events = calendars.events_for(persona("pmo.llr"), body=body)
    assert not [event for event in events if event.uid.startswith("plan-item-")]
    assert [event for event in calendars.events_for(persona("pmo.llr")) if event.uid.startswith("plan-item-")]


def test_the_plans_events_take_one_query(in_llr, persona, make_item):
    from plan.calendar import plan_events
    start, end = calendars.window()
    user = persona("pmo.llr")
    with CaptureQueriesContext(connection) as few:
        before = list(plan_events(user, start=start, end=end))
    for number in range(10):
        make_item(f"Milestone {number}", weeks=number + 1)
    with CaptureQueriesContext(connection) as many:
        after = list(plan_events(user, start=start, end=end))
    assert len(after) == len(before) + 10
    assert len(many) == len(few) == 1
