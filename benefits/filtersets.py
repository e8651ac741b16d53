"""One FilterSet for the benefits register, serving the API and the browser alike (STYLE.md).

The realisation RAG filter reads the ``rag`` annotation (``BenefitQuerySet.with_rag``), which both the API
and the register page put on their querysets with the tenant's thresholds.
"""

import django_filters
from django.db.models import Q

from benefits.choices import BenefitType, Level, PeriodKind, RealisationRag, RealisationStage
from benefits.models import Benefit
from core.filters import DEFAULT_ORDER, PersonFilter, StableOrderingFilter, YesNoFilter
from core.models import Organisation
from core.widgets import OptionsSelect
from programme.models import Objective, Project, Workstream


class BenefitFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Search")
    type = django_filters.ChoiceFilter(choices=BenefitType.choices)
    objective = django_filters.ModelChoiceFilter(queryset=Objective.objects.all(), field_name="objectives",
                                                 label="Strategic objective")
    owner = PersonFilter(field_name="owner", label="Owner (name or username)")
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.only("pk", "name", "workstream_id"),
                                               field_name="projects", label="Project", widget=OptionsSelect)
    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), method="filter_workstream",
                                                  label="Workstream", widget=OptionsSelect)
    # Joins through many-valued relations, but one value matches a benefit at most once (one attribution per
    # organisation, one link per objective or project), so no row repeats.
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(),
                                                    field_name="attributions__organisation",
                                                    label="Attributed to organisation")
    realisation_rag = django_filters.ChoiceFilter(choices=RealisationRag.choices, field_name="rag",
                                                  label="Realisation RAG")
    stage = django_filters.ChoiceFilter(choices=RealisationStage.choices, label="Realisation stage")
    level = django_filters.ChoiceFilter(choices=Level.choices)
    period_kind = django_filters.ChoiceFilter(choices=PeriodKind.choices, label="Profile periods")
    double_counting = YesNoFilter(label="Double counting flagged", method="filter_double_counting")
    restricted = YesNoFilter(label="Restricted")
    archived = YesNoFilter(label="Archived")
    ordering = StableOrderingFilter(
        fields=(
            ("number", "ref"), ("title", "title"), ("type", "type"), ("stage", "stage"),
            ("realisation_percent", "realisation_percent"), ("planned_total", "planned_total"),
            ("actual_to_date", "actual_to_date"), ("latest_period", "latest_period"), ("owner__username", "owner"),
        ),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    search_fields = ("ref", "title", "description", "unit", "owner__username", "owner__first_name",
                     "owner__last_name")

    class Meta:
        model = Benefit
        fields = ["search", "type", "objective", "owner", "project", "workstream", "organisation", "realisation_rag",
                  "stage", "level", "period_kind", "double_counting", "restricted", "archived"]

    def filter_search(self, queryset, name, value: str):
        condition = Q()
        for term in value.split():
            term_q = Q()
            for field in self.search_fields:
                term_q |= Q(**{f"{field}__icontains": term})
            condition &= term_q
        return queryset.filter(condition)

    def filter_workstream(self, queryset, name, value: Workstream):
        """The workstream's own benefits and those of its projects."""
        via_projects = Benefit.objects.filter(projects__workstream=value).values("pk")
        return queryset.filter(Q(workstream=value) | Q(scope_workstream=value) | Q(pk__in=via_projects))

    def filter_double_counting(self, queryset, name, value: bool):
        from benefits.services import double_counting

        index = double_counting()
        flagged = index.flagged_ids()
        return queryset.filter(pk__in=flagged) if value else queryset.exclude(pk__in=flagged)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("archived") is None:
            queryset = queryset.filter(archived=False)
        return queryset
