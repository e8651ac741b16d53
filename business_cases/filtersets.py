"""One FilterSet per model, serving the API and the browser alike (STYLE.md)."""

import django_filters
from django.db.models import Q

from business_cases.choices import Board, BriefKind, BriefStatus, CaseStatus, DocumentType, Tier
from business_cases.models import Brief, BusinessCase
from core.filters import DEFAULT_ORDER, AmountFilter, PersonFilter, StableOrderingFilter, YesNoFilter
from core.widgets import OptionsSelect
from programme.models import Project, Workstream


def search_q(fields, value):
    condition = Q()
    for term in value.split():
        term_q = Q()
        for field in fields:
            term_q |= Q(**{f"{field}__icontains": term})
        condition &= term_q
    return condition


class BusinessCaseFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=CaseStatus.choices)
    tier = django_filters.ChoiceFilter(choices=Tier.choices)
    document_type = django_filters.ChoiceFilter(choices=DocumentType.choices, label="Document")
    workstream = django_filters.ModelChoiceFilter(field_name="project__workstream", queryset=Workstream.objects.all(),
                                                  widget=OptionsSelect)
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.only("pk", "name", "workstream_id"),
                                               widget=OptionsSelect)
    author = PersonFilter(field_name="author", label="Author (name or username)")
    awaiting = django_filters.ChoiceFilter(choices=Board.choices, method="filter_awaiting", label="Awaiting")
    restricted = YesNoFilter(label="Restricted")
    value_min = AmountFilter(field_name="value", lookup_expr="gte", label="Value at least (£)")
    value_max = AmountFilter(field_name="value", lookup_expr="lte", label="Value at most (£)")
    search = django_filters.CharFilter(method="filter_search", label="Search")
    ordering = StableOrderingFilter(tie_breaker="pk",
        fields=(("number", "ref"), ("title", "title"), ("value", "value"), ("status", "status"), ("tier", "tier"),
                ("created", "created"), ("updated", "updated"), ("submitted_at", "submitted_at")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    class Meta:
        model = BusinessCase
        fields = ["status", "tier", "document_type", "workstream", "project", "author", "awaiting", "restricted",
                  "value_min", "value_max", "search"]

    def filter_awaiting(self, queryset, name, value):
        if value == Board.DELIVERY_BOARD:
            return queryset.filter(status=CaseStatus.SUBMITTED)
        return queryset.filter(status=CaseStatus.RECOMMENDED).exclude(tier=Tier.RFF)

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_q(("ref", "title", "summary", "project__name", "sections"), value))


class BriefFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=BriefStatus.choices)
    kind = django_filters.ChoiceFilter(choices=BriefKind.choices)
    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all())
    author = PersonFilter(field_name="author", label="Author (name or username)")
    search = django_filters.CharFilter(method="filter_search", label="Search")
    ordering = StableOrderingFilter(tie_breaker="pk",
        fields=(("title", "title"), ("cost", "cost"), ("status", "status"), ("created", "created"),
                ("submitted_at", "submitted_at")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    class Meta:
        model = Brief
        fields = ["status", "kind", "workstream", "author", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_q(("title", "description", "context", "output", "timeframe"), value))
