"""One FilterSet for the change log, serving the API and the browser alike (STYLE.md)."""

import django_filters
from django.db.models import Q

from change_control.choices import Authority, Decision, Kind, Status
from change_control.models import ChangeRequest
from core.filters import DEFAULT_ORDER, BoundedNumberFilter, PersonFilter
from core.widgets import OptionsSelect
from programme.models import Project, Workstream


class ChangeRequestFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    authority = django_filters.ChoiceFilter(choices=Authority.choices, label="Decided by")
    decision = django_filters.ChoiceFilter(choices=Decision.choices)
    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), label="Workstream",
                                                  widget=OptionsSelect)
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.only("pk", "name", "workstream_id"),
                                               label="Project", widget=OptionsSelect)
    business_case = BoundedNumberFilter(field_name="business_case_id", label="Business case (id)")
    originator = PersonFilter(field_name="originator", label="Raised by (name or username)")
    search = django_filters.CharFilter(method="filter_search", label="Search")
    ordering = django_filters.OrderingFilter(
        fields=(("number", "ref"), ("title", "title"), ("kind", "kind"), ("status", "status"),
                ("cost_impact", "cost_impact"), ("created", "created"), ("decided_at", "decided_at")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    search_fields = ("ref", "title", "description", "proposal", "rationale", "originator__username",
                     "originator__last_name")

    class Meta:
        model = ChangeRequest
        fields = ["kind", "status", "authority", "decision", "workstream", "project", "business_case", "originator",
                  "search"]

    def filter_search(self, queryset, name, value):
        condition = Q()
        for term in value.split():
            term_q = Q()
            for field in self.search_fields:
                term_q |= Q(**{f"{field}__icontains": term})
            condition &= term_q
        return queryset.filter(condition)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*queryset.query.order_by, "-number")
        return queryset
