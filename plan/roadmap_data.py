"""The roadmap's data from the database: plan items as ``plan.roadmap.Bar``s and their dependencies as ``Arrow``s.

``plan.roadmap`` is pure; this is its one adapter, shared by the page (``/plan/roadmap/``), the API
(``GET /api/v1/roadmap.svg``) and the board pack. A fixed number of queries however many items: the items (with
their workstream), the current baseline, its entries' starts, and the dependencies between the items.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse

from core.widgets import OptionsSelect
from plan import roadmap, services
from plan.choices import DependencyType
from plan.models import BaselineEntry, PlanDependency, PlanItem
from programme.models import Objective, Workstream

PROGRAMME_LANE = "Programme"
ARROW_KINDS = {DependencyType.FINISH_TO_START: "FS", DependencyType.START_TO_START: "SS",
               DependencyType.FINISH_TO_FINISH: "FF"}


class RoadmapFilterSet(django_filters.FilterSet):
    """Which items the roadmap draws: by workstream, by objective (an item's project, or a project delivering it,
    serves the objective) and by a window of dates (``from``/``to``: the chart's edges)."""

    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), widget=OptionsSelect)
    objective = django_filters.ModelChoiceFilter(queryset=Objective.objects.all(), method="filter_objective",
                                                 label="Strategic objective")

    class Meta:
        model = PlanItem
        fields = ["workstream", "objective"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["from"] = forms.DateField(required=False, label="From (YYYY-MM-DD)")
        self.form.fields["to"] = forms.DateField(required=False, label="To (YYYY-MM-DD)")

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:  # "from" and "to" choose the chart's window, not the items
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_objective(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(project__objectives=value) | Q(delivered_by__objectives=value)).distinct()

    def window(self):
        """(start, end) of the chart, either None; an empty window (to before from) is a form error."""
        if not self.is_valid():
            return None, None
        start, end = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
        if start and end and end < start:
            self.form.add_error("to", "The end of the window cannot be before its start.")
            return None, None
        return start, end


def _status(item, today):
    if item.is_complete:
        return "complete"
    if item.status == "late" or (item.forecast_date and item.forecast_date < today):
        return "late"
    return item.status


def bars_and_arrows(queryset, today):
    """([Bar], [Arrow]) for the items of ``queryset``, sorted by lane (programme first, then workstreams by name)."""
    items = list(queryset.select_related("workstream").order_by("forecast_date", "number"))
    baseline = services.current_baseline()
    starts = dict(BaselineEntry.objects.filter(baseline=baseline, item__in=[item.pk for item in items])
                  .values_list("item_id", "start_date")) if baseline else {}
    bars = []
    for item in items:
        lane = item.workstream.name if item.workstream_id else PROGRAMME_LANE
        bars.append(roadmap.Bar(
            ref=item.ref, title=item.title, lane=lane, kind=item.kind, start=item.start_date,
            forecast=item.finishes, baseline=item.baseline_date,
            baseline_start=starts.get(item.pk) if item.baseline_date else None,
            status=_status(item, today), url=reverse("plan:detail", args=[item.pk])))
    bars.sort(key=lambda bar: (bar.lane != PROGRAMME_LANE, bar.lane))  # stable: forecast order within a lane
    refs = {item.pk: item.ref for item in items}
    arrows = [roadmap.Arrow(refs[pred], refs[succ], ARROW_KINDS.get(kind, "FS"), lag)
              for pred, succ, kind, lag in PlanDependency.objects.filter(
                  predecessor__in=list(refs), successor__in=list(refs))
              .values_list("predecessor_id", "successor_id", "type", "lag_days").order_by("pk")]
    return bars, arrows
