"""The plan's milestones and step-changes in the calendar feeds (plan.calendar): all-day on their date, linked to
the item, never cancelled; a body's feed holds those it oversees (its workstreams' and their projects'; the Delivery
Board also every step-change and programme milestone; the Partnership Board every step-change; the PMO all); one
query however many items."""

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
from programme.choices import BodyKind
from programme.models import Body, Workstream

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


@pytest.fixture
def places(make_item, urgent_care, poa, in_llr):
    """One milestone or step-change at each place a body may oversee, by name."""
    finance = Workstream.objects.get(name="Finance")
    return {
        "programme milestone": make_item("Programme go live", weeks=6),
        "programme step-change": make_item("New front door", weeks=7, kind=ItemKind.STEP_CHANGE),
        "urgent care milestone": make_item("Urgent care hub", weeks=5, level=Level.WORKSTREAM,
                                           workstream=urgent_care),
        "urgent care step-change": make_item("One number", weeks=9, kind=ItemKind.STEP_CHANGE,
                                             level=Level.WORKSTREAM, workstream=urgent_care),
        "poa milestone": make_item("Single point of access live", weeks=8, level=Level.PROJECT, project=poa),
        "finance milestone": make_item("Savings plan agreed", weeks=4, level=Level.WORKSTREAM, workstream=finance),
        "poa deliverable": make_item("Access report", weeks=8, kind=ItemKind.DELIVERABLE, level=Level.PROJECT,
                                     project=poa),
    }


def body_feed(persona, places, kind=None, name=None):
    """Which of ``places`` the body's feed holds (the demo's own plan is there too)."""
    body = Body.objects.get(kind=kind) if kind else Body.objects.get(name=name)
    return {event.uid for event in calendars.events_for(persona("pmo.llr"), body=body)} & pk_uids(places, *places)


def pk_uids(places, *names):
    return {f"plan-item-{places[name].pk}" for name in names}


def test_a_body_that_workstreams_report_to_holds_their_and_their_projects_milestones(places, persona, urgent_care):
    assert urgent_care.reports_to.kind == BodyKind.IMPLEMENTATION_GROUP
    assert body_feed(persona, places, BodyKind.IMPLEMENTATION_GROUP) == pk_uids(
        places, "urgent care milestone", "urgent care step-change", "poa milestone")
    finance_body = Workstream.objects.get(name="Finance").reports_to
    assert body_feed(persona, places, name=finance_body.name) == pk_uids(places, "finance milestone")


def test_the_delivery_board_holds_every_step_change_and_the_programmes_milestones(places, persona):
    assert body_feed(persona, places, BodyKind.DELIVERY_BOARD) == pk_uids(
        places, "programme milestone", "programme step-change", "urgent care step-change")


def test_the_partnership_board_holds_every_step_change_and_the_pmo_everything(places, persona):
    assert body_feed(persona, places, BodyKind.PARTNERSHIP_BOARD) == pk_uids(
        places, "programme step-change", "urgent care step-change")
    assert body_feed(persona, places, BodyKind.PMO) == pk_uids(places, *(set(places) - {"poa deliverable"}))


def test_a_body_overseeing_no_workstream_holds_no_plan_items(places, persona):
    assert body_feed(persona, places, name="Political Reference Forum") == set()


def test_a_body_feed_over_http_holds_its_items_and_meetings(places, llr, persona):
    body = Body.objects.get(kind=BodyKind.IMPLEMENTATION_GROUP)
    with tenant_context(llr):
        _, key = CalendarFeedToken.issue(User.objects.get(username="pmo.llr"), llr)
    response = Client().get(f"/calendar/{key}/body/{body.pk}.ics")
    assert response.status_code == 200
    events = {str(event["UID"]) for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert uid(places["poa milestone"]) in events and uid(places["programme milestone"]) not in events
    assert any(name.startswith("meeting-") for name in events)


@pytest.mark.parametrize("kind", [None, BodyKind.IMPLEMENTATION_GROUP, BodyKind.DELIVERY_BOARD])
def test_the_plans_events_take_one_query(in_llr, persona, make_item, urgent_care, kind):
    from plan.calendar import plan_events
    start, end = calendars.window()
    user = persona("pmo.llr")
    body = Body.objects.get(kind=kind) if kind else None
    with CaptureQueriesContext(connection) as few:
        before = list(plan_events(user, body=body, start=start, end=end))
    for number in range(10):
        make_item(f"Milestone {number}", weeks=number + 1, level=Level.WORKSTREAM, workstream=urgent_care,
                  kind=ItemKind.STEP_CHANGE)
    with CaptureQueriesContext(connection) as many:
        after = list(plan_events(user, body=body, start=start, end=end))
    assert len(after) == len(before) + 10
    assert len(many) == len(few) == 1
