"""The plan's board-pack section: late or at risk, due before the next meeting, slipped since the last pack, and
every step-change in the Delivery Board's pack only."""

import datetime

import pytest
from django.utils import timezone

from core import registry
from meetings.models import Meeting
from plan import pack_sections, services
from plan.choices import ItemKind
from plan.filtersets import late_q
from plan.models import PlanItem
from programme.choices import BodyKind

pytestmark = pytest.mark.django_db


def context(llr, kind, since):
    meeting = Meeting.objects.filter(body__kind=kind).select_related("body").order_by("date").last()
    return registry.PackContext(tenant=llr, meeting=meeting, body=meeting.body, since=since, today=meeting.date)


def test_the_section_is_registered_for_every_board():
    assert "plan" in {section.key for section in registry.sections()}


def test_late_items_and_every_step_change_go_to_the_delivery_board(in_llr, llr, today):
    ctx = context(llr, BodyKind.DELIVERY_BOARD, today)
    built = pack_sections.plan_section(ctx)
    assert "Skills and capacity assessment" not in {item.title for item in built["troubled"]}  # a deliverable
    assert {item.title for item in built["step_changes"]} >= {"Phase 3 – Service Migration"}
    assert all(item.kind == ItemKind.STEP_CHANGE for item in built["step_changes"])
    board = context(llr, BodyKind.PARTNERSHIP_BOARD, today)
    assert pack_sections.plan_section(board)["step_changes"] == []


def test_a_slip_since_the_last_pack_is_listed(in_llr, llr, make_item, persona, today):
    item = make_item("Will slip", weeks=2, kind=ItemKind.MILESTONE)
    ctx = context(llr, BodyKind.DELIVERY_BOARD, today)
    PlanItem.history.filter(id=item.pk).update(history_date=timezone.now() - datetime.timedelta(days=3))
    services.update_item(item, persona("pmo.llr"), forecast_date=today + datetime.timedelta(weeks=3))
    slipped = {row[0].pk: row[2] for row in pack_sections.plan_section(ctx)["slipped"]}
    assert slipped[item.pk] == 7


def test_the_dashboard_column_counts_each_workstreams_late_and_pushed_items(in_llr, llr, make_item, persona, poa,
                                                                             urgent_care, today):
    ctx = context(llr, BodyKind.DELIVERY_BOARD, today)
    ctx = registry.PackContext(tenant=llr, meeting=ctx.meeting, body=ctx.body, since=today, today=today)
    ctx.meeting.date = today
    cells = pack_sections.workstream_schedule(ctx)
    open_items = PlanItem.objects.filter(workstream=urgent_care).exclude(status="complete").count()
    late = PlanItem.objects.filter(late_q(), workstream=urgent_care).count()
    # The demo's slipped mobilisation items of Points of Access are late, and push their successor.
    assert late >= 2 and cells[urgent_care.pk].rag == "amber"
    text = cells[urgent_care.pk].text
    assert text.startswith(f"{late} late") and f"of {open_items} open" in text
    assert "pushed" in cells[urgent_care.pk].text
    assert set(cells) == set(PlanItem.objects.exclude(status="complete").exclude(workstream=None)
                             .values_list("workstream", flat=True))
    # A late step-change makes it red.
    make_item("Late step", weeks=-1, kind=ItemKind.STEP_CHANGE, level="project", project=poa)
    assert pack_sections.workstream_schedule(ctx)[urgent_care.pk].rag == "red"


def test_the_dashboard_column_is_green_when_nothing_is_late(in_llr, llr, make_item, urgent_care, today):
    other = urgent_care.__class__.objects.exclude(pk=urgent_care.pk).order_by("name").first()
    make_item("On time", weeks=6, level="workstream", workstream=other)
    ctx = context(llr, BodyKind.DELIVERY_BOARD, today)
    ctx.meeting.date = today
    assert pack_sections.workstream_schedule(ctx)[other.pk] == registry.Cell("green", "on track of 1 open")
    assert "plan" in {column.key for column in registry.dashboard_columns()}
