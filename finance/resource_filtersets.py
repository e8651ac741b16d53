"""Partner resources' filters, serving the API and the browser alike (STYLE.md): pledges, demands and the
capacity view (workstream, project, skill, and the quarters shown)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from business_cases.models import BusinessCase
from core.models import Organisation
from core.widgets import OptionsSelect
from finance import quarters
from finance.models import ResourceDemand, ResourcePledge, Skill
from finance.models.resources import Outcome, PledgeKind
from programme.models import Project, Workstream


class QuarterField(forms.CharField):
    default_validators = [quarters.validate]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", quarters.HELP)
        super().__init__(**kwargs)


def _projects():
    return Project.objects.only("pk", "name", "workstream_id")


class PledgeFilterSet(django_filters.FilterSet):
    workstream = django_filters.ModelChoiceFilter(queryset=Workstream.objects.all(), widget=OptionsSelect)
    project = django_filters.ModelChoiceFilter(queryset=_projects(), widget=OptionsSelect)
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label="Partner")
    kind = django_filters.ChoiceFilter(choices=PledgeKind.choices)
    skill = django_filters.ModelChoiceFilter(queryset=Skill.objects.all())
    outcome = django_filters.ChoiceFilter(choices=[("none", "Not recorded"), *Outcome.choices[1:]],
                                          method="filter_outcome", label="Redeployment outcome")
    quarter = django_filters.CharFilter(method="filter_quarter", label="In quarter (e.g. 2026/27 Q1)")

    class Meta:
        model = ResourcePledge
        fields = ["workstream", "project", "organisation", "kind", "skill", "person", "outcome", "quarter"]

    def filter_outcome(self, queryset, name, value):
        return queryset.filter(outcome="" if value == "none" else value)

    def filter_quarter(self, queryset, name, value):
        try:
            quarters.parse(value)
        except ValidationError:
            return queryset.none()
        return queryset.filter(first_quarter__lte=value, last_quarter__gte=value)


class DemandFilterSet(django_filters.FilterSet):
    workstream = django_filters.ModelChoiceFilter(field_name="project__workstream",
                                                  queryset=Workstream.objects.all(), widget=OptionsSelect)
    project = django_filters.ModelChoiceFilter(queryset=_projects(), widget=OptionsSelect)
    business_case = django_filters.ModelChoiceFilter(queryset=BusinessCase.objects.only("pk", "ref", "title"))
    skill = django_filters.ModelChoiceFilter(queryset=Skill.objects.all())
    quarter = django_filters.CharFilter()

    class Meta:
        model = ResourceDemand
        fields = ["workstream", "project", "business_case", "skill", "quarter"]


class CapacityForm(forms.Form):
    """The capacity view's choices: narrow to a workstream, project or skill, and the quarters shown."""

    workstream = forms.ModelChoiceField(queryset=Workstream.objects.all(), required=False)
    project = forms.ModelChoiceField(queryset=_projects(), required=False, widget=OptionsSelect)
    skill = forms.ModelChoiceField(queryset=Skill.objects.all(), required=False)
    from_quarter = QuarterField(required=False, label="From quarter")
    to_quarter = QuarterField(required=False, label="To quarter")

    def clean(self):
        data = super().clean()
        if data.get("from_quarter") and data.get("to_quarter") and data["to_quarter"] < data["from_quarter"]:
            self.add_error("to_quarter", "The last quarter cannot be before the first.")
        return data

    def arguments(self):
        data = self.cleaned_data
        return {"workstream": data.get("workstream"), "project": data.get("project"), "skill": data.get("skill"),
                "first": data.get("from_quarter") or None, "last": data.get("to_quarter") or None}
