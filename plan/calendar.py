"""The plan's milestones and step-changes in the calendar feeds (``core.calendars``; registered from
``plan.pack_sections``).

A user's feed holds every milestone and step-change of the partnership's plan (the plan is read by everyone in
the partnership, as its register is) on its forecast date (its actual date once complete), as an all-day event
linking to the item's page. A body's feed holds none: plan items belong to the programme, its workstreams and
projects, not to a body. Items are never cancelled, so no event is ever STATUS:CANCELLED; a complete item is
CONFIRMED, any other TENTATIVE (its date is a forecast). One query, however many items.
"""

from django.db.models import Q
from django.urls import reverse

from core.registry import CalendarEvent
from plan.choices import ItemKind, ItemStatus
from plan.models import PlanItem

SHOWN = [ItemKind.MILESTONE, ItemKind.STEP_CHANGE]


def plan_events(user, *, body=None, start, end):
    if body is not None:
        return
    dated = Q(actual_date__gte=start, actual_date__lte=end) | Q(actual_date__isnull=True, forecast_date__gte=start,
                                                                 forecast_date__lte=end)
    items = (PlanItem.objects.filter(dated, kind__in=SHOWN).select_related("workstream", "project")
             .order_by("forecast_date", "number"))
    for item in items:
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
