"""One FilterSet per finance model, serving the API and the browser alike (STYLE.md), and the summary's filters."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from business_cases import money
from core.models import Organisation
from core.widgets import OptionsSelect
from finance.choices import FundingKind, Level, SpendKind
from finance.models import Actual, BudgetLine
from programme.models import Project, Workstream

YEAR_HELP = "A UK financial year, written 2026/27."


def _check_year(value):
    try:
        money.parse_financial_year(value)
    except money.MoneyError as exc:
        # The message quotes what was sent, which may hold a "%": it goes in as a parameter, never as the format.
        raise ValidationError("%(problem)s", params={"problem": str(exc)}) from None


class YearField(forms.CharField):
    default_validators = [_check_year]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)  # "2026/27"
        super().__init__(**kwargs)


class YearFilter(django_filters.CharFilter):
    """A financial year, checked: ``2026-27`` is a 400 naming the filter, not an empty list."""

    field_class = YearField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Financial year (e.g. 2026/27)")
        super().__init__(*args, **kwargs)


def months_of(year):
    start = money.financial_year_start(year)
    return start, datetime.date(start.year + 1, 3, 1)


class BudgetLineFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), widget=OptionsSelect)
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.only("pk", "name", "workstream_id"),
                                               widget=OptionsSelect)
    financial_year = YearFilter()
    quarter = django_filters.TypedChoiceFilter(choices=[(q, f"Q{q}") for q in range(1, 5)], coerce=int)
    spend_kind = django_filters.ChoiceFilter(choices=SpendKind.choices, label="Capital or revenue")
    funding_kind = django_filters.ChoiceFilter(field_name="funding_source__kind", choices=FundingKind.choices,
                                               label="Kind of funding")
    organisation = django_filters.ModelChoiceFilter(field_name="funding_source__organisation",
                                                    queryset=Organisation.objects.all(), label="Partner")

    class Meta:
        model = BudgetLine
        fields = ["level", "workstream", "project", "financial_year", "quarter", "spend_kind", "funding_source",
                  "business_case", "change_request"]


class ActualFilterSet(django_filters.FilterSet):
    workstream = django_filters.ModelChoiceFilter(field_name="project__workstream", queryset=Workstream.objects.all(),
                                                  widget=OptionsSelect)
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.only("pk", "name", "workstream_id"),
                                               widget=OptionsSelect)
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label="Partner")
    financial_year = YearFilter(method="filter_year")
    month_from = django_filters.DateFilter(field_name="month", lookup_expr="gte", label="From month (YYYY-MM-DD)")
    month_to = django_filters.DateFilter(field_name="month", lookup_expr="lte", label="To month (YYYY-MM-DD)")
    spend_kind = django_filters.ChoiceFilter(choices=SpendKind.choices, label="Capital or revenue")

    class Meta:
        model = Actual
        fields = ["workstream", "project", "organisation", "financial_year", "month_from", "month_to", "spend_kind"]

    def filter_year(self, queryset, name, value):
        first, last = months_of(value)
        return queryset.filter(month__gte=first, month__lte=last)


GROUPINGS = [("workstream", "Workstream"), ("project", "Project"), ("partner", "Partner organisation"),
             ("year", "Financial year"), ("level", "Level"), ("programme", "Whole programme")]


class SummaryForm(forms.Form):
    """The summaries' choices (``budgets/``, ``forecasts/``, the overview page): group by, and narrow to a
    workstream, project, partner or financial year."""

    by = forms.ChoiceField(choices=GROUPINGS, required=False, label="Group by")
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.all(), required=False)
    project = forms.ModelChoiceField(queryset=Project.objects.only("pk", "name", "workstream_id"), required=False,
                                     widget=OptionsSelect)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False, label="Partner")
    financial_year = YearField(required=False, help_text=YEAR_HELP, label="Financial year")

    def narrow(self, lines, actuals):
        """``(lines, actuals)`` narrowed to the valid choices."""
        data = self.cleaned_data
        if data.get("workstream"):
            lines = lines.filter(workstream=data["workstream"])
            actuals = actuals.filter(project__workstream=data["workstream"])
        if data.get("project"):
            lines = lines.filter(project=data["project"])
            actuals = actuals.filter(project=data["project"])
        if data.get("organisation"):
            lines = lines.filter(funding_source__organisation=data["organisation"])
            actuals = actuals.filter(organisation=data["organisation"])
        if data.get("financial_year"):
            first, last = months_of(data["financial_year"])
            lines = lines.filter(financial_year=data["financial_year"])
            actuals = actuals.filter(month__gte=first, month__lte=last)
        return lines, actuals
