"""One FilterSet per model of the engagement plan and log, serving the API and the browser alike (STYLE.md)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import DEFAULT_ORDER, PersonFilter, YesNoFilter
from core.widgets import OptionsSelect
from engagement.choices import ActivityKind, ActivityStatus, EngagementChannel, MeasureKind
from engagement.models import (
    EffectivenessMeasure,
    EngagementActivity,
    EngagementObjective,
    EngagementResponse,
    ServiceChange,
    Stakeholder,
)
from programme.models import Workstream


def overdue_q(today=None):
    """Unanswered with the due date passed."""
    return Q(responded_on__isnull=True, due_date__lt=today or timezone.localdate())


def _search(queryset, value, fields):
    condition = Q()
    for term in value.split():
        term_q = Q()
        for field in fields:
            term_q |= Q(**{f"{field}__icontains": term})
        condition &= term_q
    return queryset.filter(condition)


class OrderedFilterSet(django_filters.FilterSet):
    """Sorting by a column keeps a stable order after it (the reference)."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*queryset.query.order_by, "number")
        return queryset


class EngagementActivityFilterSet(OrderedFilterSet):
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)
    channel = django_filters.ChoiceFilter(choices=EngagementChannel.choices)
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices)
    objective = django_filters.ModelChoiceFilter(field_name="objectives", queryset=EngagementObjective.objects.all(),
                                                 label="Objective it serves")
    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), widget=OptionsSelect)
    stakeholder = django_filters.ModelChoiceFilter(field_name="stakeholders", queryset=Stakeholder.objects.all(),
                                                   widget=OptionsSelect)
    service_change = django_filters.ModelChoiceFilter(queryset=ServiceChange.objects.all(), widget=OptionsSelect)
    owner = PersonFilter(field_name="owner", label="Owner (name or username)")
    planned_from = django_filters.DateFilter(field_name="planned_date", lookup_expr="gte",
                                             label="Planned on or after (YYYY-MM-DD)")
    planned_to = django_filters.DateFilter(field_name="planned_date", lookup_expr="lte",
                                           label="Planned on or before (YYYY-MM-DD)")
    search = django_filters.CharFilter(method="filter_search", label="Search")
    ordering = django_filters.OrderingFilter(
        fields=(("number", "ref"), ("title", "title"), ("planned_date", "planned_date"), ("held_on", "held_on"),
                ("status", "status"), ("kind", "kind"), ("reach", "reach")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    class Meta:
        model = EngagementActivity
        fields = ["kind", "channel", "status", "objective", "workstream", "stakeholder", "service_change", "owner",
                  "planned_from", "planned_to", "search"]

    def filter_search(self, queryset, name, value):
        return _search(queryset, value, ("ref", "title", "audience", "themes", "summary"))

    def filter_queryset(self, queryset):
        # An activity serving two objectives, or meeting two stakeholders, is listed once.
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        return queryset.distinct() if data.get("objective") or data.get("stakeholder") else queryset


class EngagementResponseFilterSet(OrderedFilterSet):
    activity = django_filters.ModelChoiceFilter(queryset=EngagementActivity.objects.all(), widget=OptionsSelect)
    owner = PersonFilter(field_name="owner", label="Owner (name or username)")
    answered = YesNoFilter(field_name="responded_on", method="filter_answered", label="Answered")
    overdue = YesNoFilter(method="filter_overdue", label="Overdue")
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="Due on or after (YYYY-MM-DD)")
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="Due on or before (YYYY-MM-DD)")
    search = django_filters.CharFilter(method="filter_search", label="Search")
    ordering = django_filters.OrderingFilter(
        fields=(("number", "ref"), ("due_date", "due_date"), ("responded_on", "responded_on")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    class Meta:
        model = EngagementResponse
        fields = ["activity", "owner", "answered", "overdue", "due_from", "due_to", "search"]

    def filter_answered(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(responded_on__isnull=not value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def filter_search(self, queryset, name, value):
        return _search(queryset, value, ("ref", "you_said", "we_did"))


class EffectivenessMeasureFilterSet(django_filters.FilterSet):
    objective = django_filters.ModelChoiceFilter(queryset=EngagementObjective.objects.all())
    kind = django_filters.ChoiceFilter(choices=MeasureKind.choices)

    class Meta:
        model = EffectivenessMeasure
        fields = ["objective", "kind"]
