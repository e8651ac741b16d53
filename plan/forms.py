"""Browser forms of the plan; they feed the same service functions as the API, and the model's ``clean()`` refuses
what the API refuses (a forecast before the start, an actual date in the future)."""

from django import forms

from benefits.models import Benefit
from business_cases.models import BusinessCase
from core.forms import DateField, TenantModelForm
from plan.models import ExternalDependency, PlanDependency, PlanItem
from programme.models import Project, Stage, Workstream

TEXTAREA = {"rows": 3}


class PlanItemForm(TenantModelForm):
    member_fields = ("owner",)

    class Meta:
        model = PlanItem
        fields = ["kind", "title", "description", "outputs", "level", "workstream", "project", "stage", "owner",
                  "start_date", "forecast_date", "actual_date", "status", "delivered_by", "benefits", "business_cases"]
        field_classes = {"start_date": DateField, "forecast_date": DateField, "actual_date": DateField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["kind"].widget = forms.RadioSelect(choices=fields["kind"].choices)
        fields["level"].widget = forms.RadioSelect(choices=fields["level"].choices)
        for name in ("kind", "level"):
            fields[name].choices = [(v, label) for v, label in fields[name].choices if v]
        for name in ("description", "outputs"):
            fields[name].widget.attrs.update(TEXTAREA)
        fields["workstream"].queryset = Workstream.objects.all()
        fields["workstream"].empty_label = "None"
        fields["workstream"].help_text = "For a workstream-level item. A project-level item takes its project's."
        fields["project"].queryset = Project.objects.select_related("workstream")
        fields["project"].label_from_instance = lambda p: f"{p.name} ({p.workstream.name})"
        fields["project"].empty_label = "None"
        fields["stage"].queryset = Stage.objects.all()
        fields["stage"].empty_label = "None"
        fields["forecast_date"].help_text = "When it is now expected (a milestone's date)."
        fields["actual_date"].help_text = "When it was done; leave empty until it is. Not in the future."
        many = {"delivered_by": (Project.objects.select_related("workstream"), "Filter the projects"),
                "benefits": (Benefit.objects.visible_to(user), "Filter the benefits"),
                "business_cases": (BusinessCase.objects.visible_to(user), "Filter the business cases")}
        for name, (queryset, hint) in many.items():
            fields[name].queryset = queryset
            fields[name].widget = forms.CheckboxSelectMultiple(attrs={"filter": hint})
            fields[name].widget.choices = fields[name].choices
            fields[name].required = False
        fields["delivered_by"].help_text = "For a step-change: the projects whose work brings it about."

    def step_arguments(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class DependencyForm(TenantModelForm):
    class Meta:
        model = PlanDependency
        fields = ["predecessor", "type", "lag_days"]

    def __init__(self, *args, successor, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.successor = successor
        self.fields["predecessor"].queryset = PlanItem.objects.exclude(pk=successor.pk).order_by("number")
        self.fields["predecessor"].label = f"What {successor.ref} waits for"
        self.fields["type"].widget = forms.RadioSelect(choices=self.fields["type"].choices)
        self.fields["type"].choices = [(v, label) for v, label in self.fields["type"].choices if v]


class ExternalDependencyForm(TenantModelForm):
    class Meta:
        model = ExternalDependency
        fields = ["title", "kind", "owner", "due_date", "met_date", "note"]
        field_classes = {"due_date": DateField, "met_date": DateField}

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.item = item
        self.fields["note"].widget.attrs.update(TEXTAREA)


class CompleteForm(forms.Form):
    actual_date = DateField(label="Completed on", required=False, help_text="Today if left empty.")


class BaselineForm(forms.Form):
    label = forms.CharField(max_length=200, label="Name this baseline",
                            help_text="For example: \"Re-planned after the Delivery Board of March\".")


class ImportForm(forms.Form):
    file = forms.FileField(label="Spreadsheet (.xlsx or CSV)",
                           help_text="The shape of the plan's export: a header row starting \"Ref\", one row per item.")
