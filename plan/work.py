"""What the Programme Plan puts on "My work" and on the workstream and project pages (``core.registry``, found by
``autodiscover_modules("work")``).

- My work: the plan items the person owns that are late (``late_q``) or due within ``DUE_NOTICE``;
- the place panel: a workstream's (with its projects') or a project's plan items still to do, the late ones first.
"""

import datetime

from django.db.models import Case, Count, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from core import registry
from plan.choices import ItemStatus
from plan.filtersets import PlanItemFilterSet, late_q
from plan.models import PlanItem

DUE_NOTICE = datetime.timedelta(weeks=4)
PANEL_ROWS = 6
STATUS_COLOURS = {ItemStatus.NOT_STARTED: "grey", ItemStatus.ON_TRACK: "green", ItemStatus.AT_RISK: "orange",
                  ItemStatus.LATE: "red", ItemStatus.COMPLETE: "blue"}


def items_due(user):
    today = timezone.localdate()
    items = (PlanItem.objects.filter(owner=user).exclude(status=ItemStatus.COMPLETE)
             .filter(late_q() | Q(forecast_date__lte=today + DUE_NOTICE))
             .select_related("workstream", "project").order_by("forecast_date", "number"))
    return [registry.WorkItem(f"{item.ref} {item.title}", reverse("plan:detail", args=[item.pk]),
                              item.get_kind_display(), item.forecast_date, item.is_late, item.place_label)
            for item in items]


def plan_panel(place, user):
    items = registry.at_place(PlanItemFilterSet, place, PlanItem.objects.all())
    to_do = items.exclude(status=ItemStatus.COMPLETE)
    counts = items.aggregate(total=Count("pk"), late=Count("pk", filter=late_q()),
                             complete=Count("pk", filter=Q(status=ItemStatus.COMPLETE)))
    rows = []
    for item in (to_do.annotate(late=Case(When(late_q(), then=Value(0)), default=Value(1)))
                 .order_by("late", "forecast_date", "number")[:PANEL_ROWS]):
        late = item.is_late
        rows.append(registry.PanelRow(
            item.ref, item.title, reverse("plan:detail", args=[item.pk]), "Late" if late else item.get_status_display(),
            "red" if late else STATUS_COLOURS.get(item.status, "grey"),
            f"{item.get_kind_display()}, due {item.forecast_date:%-d %b %Y}"))
    return registry.panel(rows, counts["total"], reverse("plan:register") + registry.place_filter(place),
                          "No plan items yet.", [("Late", counts["late"]), ("Complete", counts["complete"])])


registry.register_work("plan", "Your plan items due in the next four weeks or late", items_due, order=70)
registry.register_place_panel("plan", "Plan", 10, plan_panel, "core/place_panel.html")
