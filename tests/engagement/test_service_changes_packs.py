"""The Delivery Board pack: the engagement forward look, the Four Tests' status, and service changes awaiting their
consultation decision as papers for decision (through ``core.registry``)."""

import datetime

import pytest

from core import registry
from core.registry import PackContext
from engagement.choices import ServiceChangeStatus
from meetings.models import Meeting
from programme.choices import BodyKind
from programme.models import Body

from .consultation_helpers import demo_change, new_change

pytestmark = pytest.mark.django_db


def context(kind):
    body = Body.objects.get(kind=kind)
    meeting = Meeting.objects.filter(body=body, date__gte=datetime.date.today()).order_by("date").first()
    return PackContext(tenant=body.tenant, meeting=meeting, body=body, since=meeting.date - datetime.timedelta(30),
                       today=datetime.date.today())


def section(key):
    return next(found for found in registry.sections() if found.key == key)


def test_a_change_awaiting_its_consultation_decision_is_a_paper_for_the_delivery_board(in_llr, persona):
    change = demo_change()
    papers = [paper for paper in registry.papers_for(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))
              if paper.source == "engagement.service_change"]
    assert [paper.obj for paper in papers] == [change]
    facts = dict(papers[0].facts)
    assert facts["The Four Tests"] == ("3 of 4 evidenced; not evidenced: Consistency with current and prospective "
                                       "need for patient choice")
    assert not [paper for paper in registry.papers_for(Body.objects.get(kind=BodyKind.PARTNERSHIP_BOARD))
                if paper.source == "engagement.service_change"]
    other = new_change(persona("pmo.llr"), status=ServiceChangeStatus.PROPOSED)
    assert other not in [paper.obj for paper in registry.papers_for(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))]


def test_the_four_tests_section_names_unevidenced_tests(in_llr):
    ctx = context(BodyKind.DELIVERY_BOARD)
    assert section("four_tests").applies_to(ctx.body)
    assert not section("four_tests").applies_to(Body.objects.get(kind=BodyKind.PARTNERSHIP_BOARD))
    built = section("four_tests").build(ctx)
    row = next(row for row in built["rows"] if row["change"] == demo_change())
    assert [count for _, count in row["cells"]][1] == 0 and len(row["cells"]) == 4


def test_the_forward_look_lists_planned_activities(in_llr):
    ctx = context(BodyKind.DELIVERY_BOARD)
    built = section("engagement_forward_look").build(ctx)
    titles = [activity.title for activity in built["activities"]]
    assert "Phase 1 detailed co-design with staff, service users and patients" in titles
    assert all(ctx.meeting.date <= activity.planned_date <= built["end"] for activity in built["activities"])
    assert "Points of Access co-design workshop 1" not in titles  # held long ago


def test_the_sections_render_with_unevidenced_tests_named(in_llr):
    from django.template.loader import render_to_string

    ctx = context(BodyKind.DELIVERY_BOARD)
    status = render_to_string(section("four_tests").template, section("four_tests").build(ctx))
    assert "Not evidenced" in status and demo_change().ref in status
    look = render_to_string(section("engagement_forward_look").template, section("engagement_forward_look").build(ctx))
    assert "Phase 1 detailed co-design" in look
