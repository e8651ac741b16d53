"""One FilterSet for highlight reports, serving the API and the browser alike (STYLE.md)."""

import django_filters

from core.filters import DEFAULT_ORDER
from core.widgets import OptionsSelect
from programme.models import Project, Workstream
from reporting.choices import Rag, ReportLevel, ReportStatus
from reporting.models import HighlightReport


class HighlightReportFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=ReportLevel.choices)
    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), widget=OptionsSelect)
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.only("pk", "name", "workstream_id"),
                                               widget=OptionsSelect)
    period = django_filters.DateFilter(field_name="period_start", label="Period starting (YYYY-MM-DD)")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    rag = django_filters.ChoiceFilter(field_name="overall_rag", choices=Rag.choices, label="Overall RAG")
    ordering = django_filters.OrderingFilter(
        fields=(("number", "ref"), ("period_start", "period"), ("due_date", "due"), ("status", "status")),
        label="Sort by", empty_label=DEFAULT_ORDER,
    )

    class Meta:
        model = HighlightReport
        fields = ["level", "workstream", "project", "period", "status", "rag"]
