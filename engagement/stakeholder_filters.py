"""The stakeholder register's FilterSet, serving the API and the browser alike (STYLE.md). Searching never looks
in the personal data: what only the PMO and an owner may see cannot be found by guessing it."""

import django_filters
from django.db.models import Q

from core.filters import DEFAULT_ORDER, PersonFilter, TypedAnyChoiceFilter, YesNoFilter
from core.widgets import OptionsSelect
from engagement.choices import SUPPORT_ORDER, StakeholderCategory, StakeholderKind, SupportLevel
from engagement.models import ServiceChange, Stakeholder
from programme.models import Workstream

RATINGS = [(n, str(n)) for n in range(1, 6)]
QUADRANTS = [("manage_closely", "Manage closely"), ("keep_satisfied", "Keep satisfied"),
             ("keep_informed", "Keep informed"), ("monitor", "Monitor")]
HIGH = 3  # a rating of 3 or more is high on the power/interest grid (Stakeholder.quadrant)
QUADRANT_Q = {
    "manage_closely": Q(influence__gte=HIGH, interest__gte=HIGH),
    "keep_satisfied": Q(influence__gte=HIGH, interest__lt=HIGH),
    "keep_informed": Q(influence__lt=HIGH, interest__gte=HIGH),
    "monitor": Q(influence__lt=HIGH, interest__lt=HIGH),
}

def below_target_q():
    """Support still to be won: the current level is before the target in the assessment matrix's order."""
    condition = Q()
    for target, rank in SUPPORT_ORDER.items():
        lower = [level for level, other in SUPPORT_ORDER.items() if other < rank]
        if lower:
            condition |= Q(target_support=target, current_support__in=lower)
    return condition

class StakeholderFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=StakeholderKind.choices)
    category = django_filters.ChoiceFilter(choices=StakeholderCategory.choices)
    current_support = django_filters.ChoiceFilter(choices=SupportLevel.choices, label="Current support")
    target_support = django_filters.ChoiceFilter(choices=SupportLevel.choices, label="Target support")
    below_target = YesNoFilter(method="filter_below_target", label="Support below target")
    interest = TypedAnyChoiceFilter(choices=RATINGS, coerce=int, label="Interest")
    influence = TypedAnyChoiceFilter(choices=RATINGS, coerce=int, label="Influence")
    quadrant = django_filters.ChoiceFilter(choices=QUADRANTS, method="filter_quadrant",
                                           label="Power/interest quadrant")
    workstream = django_filters.ModelChoiceFilter(field_name="workstreams", queryset=Workstream.objects.all(),
                                                  widget=OptionsSelect, label="Workstream that affects them")
    service_change = django_filters.ModelChoiceFilter(field_name="service_changes",
                                                      queryset=ServiceChange.objects.all(), widget=OptionsSelect,
                                                      label="Service change that affects them")
    owner = PersonFilter(field_name="owner", label="Owner (name or username)")
    erased = YesNoFilter(field_name="erased_at", method="filter_erased", label="Personal data erased")
    search = django_filters.CharFilter(method="filter_search", label="Search")
    ordering = django_filters.OrderingFilter(
        fields=(("number", "ref"), ("name", "name"), ("interest", "interest"), ("influence", "influence"),
                ("category", "category")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    class Meta:
        model = Stakeholder
        fields = ["kind", "category", "current_support", "target_support", "below_target", "interest", "influence",
                  "quadrant", "workstream", "service_change", "owner", "erased", "search"]

    def filter_below_target(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(below_target_q()) if value else queryset.exclude(below_target_q())

    def filter_quadrant(self, queryset, name, value):
        return queryset.filter(QUADRANT_Q[value]) if value else queryset

    def filter_erased(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(erased_at__isnull=not value)

    def filter_search(self, queryset, name, value):
        condition = Q()
        for term in value.split():
            condition &= Q(ref__icontains=term) | Q(name__icontains=term) | Q(description__icontains=term)
        return queryset.filter(condition)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("workstream") or self.form.cleaned_data.get("service_change"):
            queryset = queryset.distinct()
        if self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*queryset.query.order_by, "number")
        return queryset
