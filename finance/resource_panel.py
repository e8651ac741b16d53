"""The "Resource pledges" panel of a workstream's or project's page (``core.registry.register_place_panel``): the
live pledges at the place (a workstream's include its projects'), the skills gaps of its capacity
(``finance.capacity``) and how many pledges still need a redeployment outcome; linked to the pledges filtered to
the place. A fixed number of queries."""

from django.db.models import Count, Q
from django.urls import reverse

from core import registry
from finance import capacity
from finance.models import ResourcePledge
from finance.resource_filtersets import PledgeFilterSet
from programme.models import Project

ROWS = 5


def build(place, user):
    pledges = registry.at_place(PledgeFilterSet, place, ResourcePledge.objects.select_related("organisation", "skill"))
    rows = list(pledges.order_by("pk")[:ROWS])
    counts = pledges.aggregate(total=Count("pk"), live=Count("pk", filter=Q(outcome="")))
    is_project = isinstance(place, Project)
    found = capacity.compute(project=place) if is_project else capacity.compute(workstream=place)
    url = (reverse("finance:project-demand", args=[place.pk]) if is_project
           else reverse("finance:capacity") + registry.place_filter(place))
    shown = [registry.PanelRow("", str(pledge), url, "Live" if not pledge.outcome else pledge.get_outcome_display(),
                               "blue" if not pledge.outcome else "grey") for pledge in rows]
    return registry.panel(shown, counts["total"], reverse("finance:pledges") + registry.place_filter(place),
                          "No resource is pledged here yet.",
                          [("Skills gaps", len(found.gaps)), ("Awaiting a redeployment outcome", counts["live"])])
