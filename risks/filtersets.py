"""One FilterSet per register, serving the API and the browser alike (STYLE.md)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import DEFAULT_ORDER, PersonFilter, StableOrderingFilter, TypedAnyChoiceFilter, YesNoFilter
from core.widgets import ModelOptionsSelect
from programme.models import Project, Workstream
from risks import scoring
from risks.choices import (
    ISSUE_LEVELS,
    Category,
    DisputeStage,
    IssuePriority,
    IssueStatus,
    Level,
    Nature,
    Rag,
    RiskStatus,
)
from risks.models import Issue, Risk

LIKELIHOOD_CHOICES = scoring.rating_choices("likelihood")
IMPACT_CHOICES = scoring.rating_choices("impact")


class RegisterFilterSet(django_filters.FilterSet):
    """Filters shared by the risk register and the issue log; archived items are left out unless asked for."""

    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), label="Workstream",
                                                  widget=ModelOptionsSelect)
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.only("pk", "name", "workstream_id"),
                                               label="Project", widget=ModelOptionsSelect)
    owner = PersonFilter(field_name="owner", name_fields=("owner_name",), label="Owner (name or username)")
    archived = YesNoFilter(label="Archived")
    search = django_filters.CharFilter(method="filter_search", label="Search")

    search_fields = ("ref", "title", "description", "owner_name", "owner__username", "owner__last_name")

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
        if self.form.cleaned_data.get("archived") is None:
            queryset = queryset.filter(archived=False)
        return queryset


class RiskFilterSet(RegisterFilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices)
    nature = django_filters.ChoiceFilter(choices=Nature.choices)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices)
    residual_rag = django_filters.ChoiceFilter(choices=Rag.choices, method="filter_rag", label="Residual RAG")
    inherent_rag = django_filters.ChoiceFilter(choices=Rag.choices, method="filter_rag", label="Inherent RAG")
    overdue = YesNoFilter(method="filter_overdue", label="Overdue for review")
    inherent_likelihood = TypedAnyChoiceFilter(choices=LIKELIHOOD_CHOICES, coerce=int)
    inherent_impact = TypedAnyChoiceFilter(choices=IMPACT_CHOICES, coerce=int)
    residual_likelihood = TypedAnyChoiceFilter(choices=LIKELIHOOD_CHOICES, coerce=int)
    residual_impact = TypedAnyChoiceFilter(choices=IMPACT_CHOICES, coerce=int)
    ordering = StableOrderingFilter(
        fields=(
            ("number", "ref"), ("title", "title"), ("category", "category"), ("level", "level"),
            ("inherent_score", "inherent_score"), ("residual_score", "residual_score"),
            ("review_date", "review_date"), ("date_identified", "date_identified"), ("status", "status"),
            ("owner__username", "owner"),
        ),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    search_fields = RegisterFilterSet.search_fields + ("controls",)

    class Meta:
        model = Risk
        fields = [
            "category", "nature", "level", "workstream", "project", "owner", "status", "residual_rag",
            "inherent_rag", "overdue", "inherent_likelihood", "inherent_impact", "residual_likelihood",
            "residual_impact", "archived", "search",
        ]

    def filter_rag(self, queryset, name, value):
        return queryset.filter(**{name: value})  # the colour stored in the partnership's bands (risks.bands)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=RiskStatus.OPEN, review_date__lt=timezone.localdate())
        if value is None:
            return queryset
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class IssueFilterSet(RegisterFilterSet):
    level = django_filters.ChoiceFilter(choices=[(lv.value, lv.label) for lv in ISSUE_LEVELS])
    priority = django_filters.ChoiceFilter(choices=IssuePriority.choices)
    status = django_filters.ChoiceFilter(choices=IssueStatus.choices)
    dispute_stage = django_filters.ChoiceFilter(choices=DisputeStage.choices)
    ordering = StableOrderingFilter(
        fields=(("number", "ref"), ("title", "title"), ("priority", "priority"), ("status", "status"),
                ("raised_on", "raised_on"), ("level", "level")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    search_fields = RegisterFilterSet.search_fields + ("resolution",)

    class Meta:
        model = Issue
        fields = ["level", "workstream", "project", "owner", "priority", "status", "dispute_stage", "archived",
                  "search"]
