"""One FilterSet per plan model, serving the API and the browser alike (STYLE.md)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import DEFAULT_ORDER, PersonFilter, YesNoFilter
from core.widgets import OptionsSelect
from plan.choices import DependencyType, ItemKind, ItemStatus, Level
from plan.models import PlanDependency, PlanItem
from programme.models import Project, Stage, Workstream


def late_q():
    """Late: marked late, or not complete with its forecast date passed."""
    return Q(status=ItemStatus.LATE) | (~Q(status=ItemStatus.COMPLETE) & Q(forecast_date__lt=timezone.localdate()))


class PlanItemFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ItemKind.choices)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices)
    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), widget=OptionsSelect)
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.only("pk", "name", "workstream_id"),
                                               widget=OptionsSelect)
    stage = django_filters.ModelChoiceFilter(queryset=Stage.objects.all())
    owner = PersonFilter(field_name="owner", label="Owner (name or username)")
    due_from = django_filters.DateFilter(field_name="forecast_date", lookup_expr="gte",
                                         label="Forecast on or after (YYYY-MM-DD)")
    due_to = django_filters.DateFilter(field_name="forecast_date", lookup_expr="lte",
                                       label="Forecast on or before (YYYY-MM-DD)")
    late = YesNoFilter(method="filter_late", label="Late")
    search = django_filters.CharFilter(method="filter_search", label="Search")
    ordering = django_filters.OrderingFilter(
        fields=(("number", "ref"), ("title", "title"), ("forecast_date", "forecast_date"),
                ("baseline_date", "baseline_date"), ("status", "status"), ("kind", "kind")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    class Meta:
        model = PlanItem
        fields = ["kind", "level", "status", "workstream", "project", "stage", "owner", "due_from", "due_to", "late",
                  "search"]

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(late_q()) if value else queryset.exclude(late_q())

    def filter_search(self, queryset, name, value):
        condition = Q()
        for term in value.split():
            condition &= Q(ref__icontains=term) | Q(title__icontains=term) | Q(description__icontains=term) | Q(
                outputs__icontains=term)
        return queryset.filter(condition)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*queryset.query.order_by, "number")
        return queryset


class PlanDependencyFilterSet(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=DependencyType.choices)
    item = django_filters.NumberFilter(method="filter_item", label="Plan item (id), either end")

    class Meta:
        model = PlanDependency
        fields = ["type", "predecessor", "successor", "item"]

    def filter_item(self, queryset, name, value):
        return queryset.filter(Q(predecessor_id=value) | Q(successor_id=value))
