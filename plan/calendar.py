"""The plan's milestones and step-changes in the calendar feeds (``core.calendars``; registered from
``plan.pack_sections``), beside the meetings (``meetings.calendar``).

A user's feed holds every milestone and step-change of the partnership's plan (the plan is read by everyone in
the partnership, as its register is). A body's feed holds those the body oversees, read from the governance
hierarchy (PID s3.2, ``programme.models``):

- any body: the items of the workstreams that report to it (``Workstream.reports_to``) and of their projects;
- the Delivery Board also every step-change and every programme-level milestone: it directs the whole programme,
  and its board pack lists every step-change (``plan.pack_sections``);
- the Partnership Board also every step-change: it is ultimately accountable for the transition (PID App. 6);
- the PMO all of them: the plan is its product (PID s3.4.1).

So in the LLR demo the Implementation Group's feed holds the milestones of every workstream but Finance (which
reports to the Chief Finance Officers group, whose feed holds Finance's), and a reference group's none.

Each item is an all-day event on its forecast date (its actual date once complete), linking to the item's page.
Items are never cancelled, so no event is ever STATUS:CANCELLED; a complete item is CONFIRMED, any other TENTATIVE
(its date is a forecast). One query, however many items, for a user's feed or a body's.
"""

from django.db.models import Q
from django.urls import reverse

from core.registry import CalendarEvent
from plan.choices import ItemKind, ItemStatus, Level
from plan.models import PlanItem
from programme.choices import BodyKind

SHOWN = [ItemKind.MILESTONE, ItemKind.STEP_CHANGE]


def overseen_by(body):
    """The Q of the plan items ``body`` oversees (the list above)."""
    if body.kind == BodyKind.PMO:
        return Q()
    overseen = Q(workstream__reports_to_id=body.pk)  # a project's item carries its workstream too
    if body.kind == BodyKind.DELIVERY_BOARD:
        overseen |= Q(kind=ItemKind.STEP_CHANGE) | Q(level=Level.PROGRAMME)
    elif body.kind == BodyKind.PARTNERSHIP_BOARD:
        overseen |= Q(kind=ItemKind.STEP_CHANGE)
    return overseen


def plan_events(user, *, body=None, start, end):
    dated = Q(actual_date__gte=start, actual_date__lte=end) | Q(actual_date__isnull=True, forecast_date__gte=start,
                                                                 forecast_date__lte=end)
    items = PlanItem.objects.filter(dated, kind__in=SHOWN)
    if body is not None:
        items = items.filter(overseen_by(body))
    for item in items.select_related("workstream", "project").order_by("forecast_date", "number"):
        yield item_event(item)


def item_event(item):
    kind = item.get_kind_display().lower()
    return CalendarEvent(
        uid=f"plan-item-{item.pk}", summary=f"{item.ref} {item.title} ({kind})",
        start=item.finishes, url=reverse("plan:detail", args=[item.pk]),
        description=f"{item.get_kind_display()} of the Programme Plan: {item.place_label}. "
                    f"Status: {item.get_status_display().lower()}.",
        last_modified=item.updated,
        status="CONFIRMED" if item.status == ItemStatus.COMPLETE else "TENTATIVE",
    )
