"""What change control puts on "My work" and on the workstream and project pages (``core.registry``, found by
``autodiscover_modules("work")``).

- My work: the change requests awaiting the person's decision, as their inbox asks them
  (``core.notifications.awaiting``), while still proposed;
- the place panel: the requests raised against a workstream or project, open ones counted.
"""

from django.db.models import Count, Q
from django.urls import reverse

from change_control.choices import Status
from change_control.filtersets import ChangeRequestFilterSet
from change_control.models import ChangeRequest
from change_control.services import AWAITING_DECISION
from core import notifications, registry

OPEN = (Status.LOGGED, Status.ASSESSED, Status.PROPOSED)
COLOURS = {Status.LOGGED: "grey", Status.ASSESSED: "blue", Status.PROPOSED: "orange", Status.DECIDED: "green",
           Status.IMPLEMENTED: "green"}
PANEL_ROWS = 5


def place_of(change_request):
    return str(change_request.project or change_request.workstream or "Programme")


def decisions(user):
    requests = (notifications.awaiting(user, ChangeRequest, [AWAITING_DECISION]).filter(status=Status.PROPOSED)
                .select_related("workstream", "project").order_by("number"))
    return [registry.WorkItem(str(change_request), reverse("change_control:detail", args=[change_request.pk]),
                              f"{change_request.get_kind_display()} to decide", place=place_of(change_request))
            for change_request in requests]


def requests_panel(place, user):
    requests = registry.at_place(ChangeRequestFilterSet, place, ChangeRequest.objects.all())
    counts = requests.aggregate(total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN)),
                                proposed=Count("pk", filter=Q(status=Status.PROPOSED)))
    rows = [registry.PanelRow(request.ref, request.title, reverse("change_control:detail", args=[request.pk]),
                              request.get_status_display(), COLOURS.get(request.status, "grey"),
                              request.get_decision_display() if request.decision else "")
            for request in requests.order_by("-number")[:PANEL_ROWS]]
    return registry.panel(rows, counts["total"], reverse("change_control:log") + registry.place_filter(place),
                          "No change requests yet.", [("Open", counts["open"]),
                                                      ("Awaiting a decision", counts["proposed"])])


registry.register_work("change_control", "Change requests awaiting your decision", decisions, order=20)
registry.register_place_panel("change_control", "Change requests", 60, requests_panel, "core/place_panel.html")
