"""What the plan puts in a board pack, registered in ``core.registry`` (found by ``autodiscover_modules``).

Section "Plan: step-changes and milestones" (every board): what is late or at risk, what completes before the body's
next meeting, and the forecasts that slipped since the last pack; the Delivery Board's pack also lists every
step-change (PID s3.4.1, App. 6). The programme dashboard gains a column "Plan" per workstream
(``workstream_schedule``). Each pack draws the roadmap (``plan.roadmap``, at the width of A3 landscape): the Delivery
Board's one per workstream, every item, so each fits its page; every other body's one of the
step-changes and milestones.
"""

import datetime

from django.utils import timezone
from django.utils.safestring import mark_safe

from core import registry
from meetings.models import Meeting
from plan import calendar, roadmap, roadmap_data, services
from plan.choices import ItemKind, ItemStatus
from plan.filtersets import late_q
from plan.models import PlanItem
from programme.choices import BodyKind

SHOWN = [ItemKind.STEP_CHANGE, ItemKind.MILESTONE]


def _next_meeting_date(ctx):
    following = (Meeting.objects.filter(body=ctx.body, date__gt=ctx.meeting.date).order_by("date")
                 .values_list("date", flat=True).first())
    return following or ctx.meeting.date + datetime.timedelta(days=31)


def slipped_since(since, items):
    """[(item, forecast then, days moved)] for items whose forecast is later now than it was on ``since``."""
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    then = {}
    for pk, forecast in (PlanItem.history.filter(history_date__lt=start, id__in=[item.pk for item in items])
                         .order_by("history_date").values_list("id", "forecast_date")):
        then[pk] = forecast
    moved = []
    for item in items:
        before = then.get(item.pk)
        if before and item.forecast_date and item.forecast_date > before:
            moved.append((item, before, (item.forecast_date - before).days))
    return sorted(moved, key=lambda row: -row[2])


def roadmaps(ctx):
    """[(lane, svg)]: one per workstream for the Delivery Board, else one of the step-changes and milestones."""
    today = ctx.meeting.date
    delivery = ctx.body.kind == BodyKind.DELIVERY_BOARD
    queryset = PlanItem.objects.all() if delivery else PlanItem.objects.filter(kind__in=SHOWN)
    bars, arrows = roadmap_data.bars_and_arrows(queryset, today)
    if not bars:
        return []
    if not delivery:
        return [("", mark_safe(roadmap.render_roadmap(  # noqa: S308 (the renderer escapes every value)
            bars, arrows, today, title="Programme roadmap: step-changes and milestones",
            width=roadmap.A3_LANDSCAPE_WIDTH, id_prefix="pack-roadmap")))]
    lanes = list(dict.fromkeys(bar.lane for bar in bars))
    drawn = []
    for number, lane in enumerate(lanes, 1):
        mine = [bar for bar in bars if bar.lane == lane]
        refs = {bar.ref for bar in mine}
        drawn.append((lane, mark_safe(roadmap.render_roadmap(  # noqa: S308 (the renderer escapes every value)
            mine, [arrow for arrow in arrows if arrow.from_ref in refs and arrow.to_ref in refs], today,
            title=f"Roadmap: {lane}", width=roadmap.A3_LANDSCAPE_WIDTH, id_prefix=f"pack-roadmap-{number}"))))
    return drawn


def plan_section(ctx):
    limit = ctx.max_rows
    items = list(PlanItem.objects.filter(kind__in=SHOWN).select_related("workstream", "project", "owner")
                 .order_by("forecast_date", "number"))
    pushes = services.slippage()
    for item in items:
        item.push = pushes.get(item.pk)
    late_ids = set(PlanItem.objects.filter(late_q(), kind__in=SHOWN).values_list("pk", flat=True))
    troubled = [item for item in items if item.pk in late_ids or item.status == ItemStatus.AT_RISK or item.push]
    next_date = _next_meeting_date(ctx)
    due = [item for item in items if not item.is_complete and ctx.meeting.date <= item.forecast_date <= next_date]
    slipped = slipped_since(ctx.since, items)
    everything = [item for item in items if item.kind == ItemKind.STEP_CHANGE] \
        if ctx.body.kind == BodyKind.DELIVERY_BOARD else []
    if not (troubled or due or slipped or everything):
        return None
    return {
        "troubled": troubled[:limit], "more_troubled": max(0, len(troubled) - limit),
        "due": due[:limit], "next_date": next_date, "slipped": slipped[:limit], "step_changes": everything,
        "baseline": services.current_baseline(), "roadmaps": roadmaps(ctx),
    }


def workstream_schedule(ctx):
    """{workstream id: Cell}: the open items of the workstream and its projects, late (marked late, or past their
    forecast), at risk, or pushed by their predecessors. Red when a step-change is late; amber when anything else is
    late, at risk or pushed; green when nothing is; no cell for a workstream with no open item. The meeting's date is
    today, so a pack for a past meeting shows the plan as it stood against that date's forecasts."""
    today = ctx.meeting.date
    pushes = services.slippage()
    open_items = (PlanItem.objects.filter(workstream__isnull=False).exclude(status=ItemStatus.COMPLETE)
                  .values_list("pk", "workstream_id", "kind", "status", "forecast_date"))
    tally = {}
    for pk, workstream, kind, status, forecast in open_items:
        counts = tally.setdefault(workstream, {"open": 0, "late": 0, "late_steps": 0, "at_risk": 0, "pushed": 0})
        counts["open"] += 1
        if status == ItemStatus.LATE or forecast < today:
            counts["late"] += 1
            counts["late_steps"] += kind == ItemKind.STEP_CHANGE
        elif status == ItemStatus.AT_RISK:
            counts["at_risk"] += 1
        if pk in pushes:
            counts["pushed"] += 1
    cells = {}
    for workstream, counts in tally.items():
        words = [f"{counts['late']} late" + (f" ({counts['late_steps']} step-change{'s' * (counts['late_steps'] > 1)})"
                                             if counts["late_steps"] else "")] if counts["late"] else []
        words += [f"{counts['at_risk']} at risk"] if counts["at_risk"] else []
        words += [f"{counts['pushed']} pushed"] if counts["pushed"] else []
        rag = "red" if counts["late_steps"] else "amber" if words else "green"
        cells[workstream] = registry.Cell(rag, f"{', '.join(words) or 'on track'} of {counts['open']} open")
    return cells


registry.register_section("plan", "Plan: step-changes and milestones", 35, "plan/pack_section.html", plan_section)
registry.register_dashboard_column("plan", "Plan (open milestones, deliverables, step-changes)", workstream_schedule,
                                   order=15)
registry.register_calendar_source("plan", calendar.plan_events, order=20)
