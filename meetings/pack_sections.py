"""The programme's own pack sections: cover and agenda, the programme dashboard, the papers for decision and the
previous meeting's decisions and actions (DOMAIN.md s8). The other apps add theirs from ``pack_sections``.

**Workstream RAG** (the dashboard): a workstream's overall RAG is that of the first column (in order) counting
towards it that has a RAG for the workstream: the overall RAG of its latest signed-off highlight report
(``reporting``), else the worst residual RAG of the open, unrestricted risks of the workstream and its projects
(``risks``; PID App. 7 bands: red, amber, yellow, green). A workstream with neither shows no RAG. Other columns
(benefits realisation) are shown for information.
"""

from collections import Counter

from django.db.models import Count

from core import registry
from core.registry import Cell
from meetings import calendar
from meetings import services as meetings
from meetings.choices import AgendaSection
from meetings.models.meetings import ActionStatus
from programme.models import Programme, Stage, Workstream

NO_RAG = "none"


def cover(ctx):
    programme = Programme.all_tenants.filter(tenant=ctx.tenant).first()
    stage = Stage.all_tenants.filter(tenant=ctx.tenant, status="active").order_by("sequence").first()
    return {
        "programme": programme,
        "stage": stage,
        "agenda": meetings.numbered_agenda(ctx.meeting),
        "previous": ctx.previous_meeting,
    }


def dashboard(ctx):
    columns = registry.dashboard_columns()
    cells = {column.key: column.cells(ctx) for column in columns}
    workstreams = (Workstream.all_tenants.filter(tenant=ctx.tenant).select_related("sro")
                   .annotate(project_count=Count("projects")).order_by("kind", "name"))
    rows, tally = [], Counter()
    for workstream in workstreams:
        row = [cells[column.key].get(workstream.pk, Cell(None, "–")) for column in columns]
        overall = next((cell.rag for column, cell in zip(columns, row, strict=True) if column.overall and cell.rag),
                       None)
        tally[overall or NO_RAG] += 1
        rows.append({"workstream": workstream, "cells": row, "overall": overall or NO_RAG})
    order = [*registry.RAG_ORDER, NO_RAG]
    return {
        "columns": columns,
        "rows": rows,
        "tally": [(rag, tally[rag]) for rag in order if tally[rag]],
    }


def papers(ctx):
    """The items awaiting the body: live from the registry for the body's next meeting; otherwise as they were
    put on the agenda (a pack for a past meeting shows what that meeting was asked). At most ``max_rows`` are
    printed; the section says how many more there are."""
    limit = ctx.max_rows  # the pack shows the first papers in full; the rest are named by count, in the portal
    if ctx.papers:
        groups = {}
        for paper in ctx.papers[:limit]:
            groups.setdefault(paper.kind, []).append(paper)
        return {"live": True, "groups": sorted(groups.items()), "count": len(ctx.papers),
                "more": max(0, len(ctx.papers) - limit)}
    asked = ctx.meeting.agenda_items.filter(section=AgendaSection.DECISION).order_by("position", "pk")
    items = list(asked[: limit + 1])
    count = len(items) if len(items) <= limit else asked.count()
    return {"live": False, "items": items[:limit], "count": count, "more": count - len(items[:limit])}


def previous(ctx):
    """The last meeting's decisions and actions, and actions still open from the meetings before it."""
    before = ctx.previous_meeting
    limit = ctx.max_rows
    decisions = list(before.decisions.all()[: limit + 1]) if before else []
    actions = list(before.actions.select_related("owner")[: limit + 1]) if before else []
    earlier = []
    if before is not None:
        earlier = list(meetings.open_actions(ctx.body, before.date)[: limit + 1])
    return {
        "meeting": before,
        "decisions": decisions[:limit], "more_decisions": max(0, len(decisions) - limit),
        "actions": actions[:limit], "more_actions": max(0, len(actions) - limit),
        "earlier": earlier[:limit], "more_earlier": max(0, len(earlier) - limit),
        "open": ActionStatus.OPEN,
    }


registry.register_section("cover", "Cover and agenda", 10, "packs/sections/cover.html", cover)
registry.register_section("dashboard", "Programme dashboard", 20, "packs/sections/dashboard.html", dashboard)
registry.register_section("papers", "Papers for decision", 50, "packs/sections/papers.html", papers)
registry.register_section("previous", "Decisions and actions of the previous meeting", 70,
                          "packs/sections/previous.html", previous)


def overdue_meeting_actions(tenant, today):
    """Reminders of the actions meetings gave people that are past their due date."""
    from django.urls import reverse

    from meetings.models import MeetingAction

    actions = (MeetingAction.all_tenants.filter(tenant=tenant, status=ActionStatus.OPEN, due_date__lt=today,
                                                owner__isnull=False)
               .select_related("owner", "meeting__body").order_by("due_date", "pk"))
    for action in actions:
        meeting = action.meeting
        yield registry.Reminder(
            action.owner,
            f"{action.description[:120]} (given by the {meeting.body} on {meeting.date:%d %b %Y}; "
            f"due {action.due_date:%d %b %Y})",
            reverse("meetings:detail", args=[meeting.pk]),
        )


registry.register_reminders("meetings.overdue_actions", "Overdue meeting actions", overdue_meeting_actions)

# The calendar feeds (core.calendars): each readable body's meetings; a body's feed is open to its readers.
registry.register_calendar_source("meetings", calendar.meeting_events, order=10)
registry.use_calendar_bodies(calendar.readable_bodies)
