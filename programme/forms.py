"""Browser forms of the programme. ModelForms run the model's ``clean()``, so they refuse exactly what the API does.

Related choices come from the scoped default managers (the active partnership only);
people are offered only if they are members of the partnership the request acts in.
"""

from django import forms

from core.forms import DateField, MemberChoiceField, TenantModelForm
from programme.models import Project, Workstream


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, project):
        return f"{project.name} ({project.workstream.name})"






class WorkstreamForm(TenantModelForm):
    member_fields = ("sro", "lead")

    class Meta:
        model = Workstream
        fields = ["name", "kind", "description", "sro", "lead", "clinical_lead", "finance_lead", "reports_to"]
        field_classes = {"sro": MemberChoiceField, "lead": MemberChoiceField}
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 5})}
        labels = {"sro": "Senior responsible owner (SRO)", "reports_to": "Reports to"}
        help_texts = {"reports_to": "The governance body this workstream is accountable to."}
        error_messages = {
            "name": {"required": "Enter the workstream's name"},
            "kind": {"required": "Select the kind of workstream"},
        }


class ProjectForm(TenantModelForm):
    """A project's details. Its workstream is not changed here: moving a project changes who is accountable
    for it, which is the PMO's business (admin or API)."""

    member_fields = ("manager",)

    class Meta:
        model = Project
        fields = ["name", "description", "stage", "manager", "start", "end", "objectives", "depends_on"]
        field_classes = {
            "manager": MemberChoiceField, "start": DateField, "end": DateField, "depends_on": ProjectChoiceField,
        }
        widgets = {
            "stage": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "objectives": forms.CheckboxSelectMultiple,
            "depends_on": forms.CheckboxSelectMultiple,
        }
        labels = {"start": "Start date", "end": "End date", "depends_on": "Depends on"}
        help_texts = {"objectives": "The strategic objectives this project contributes to."}
        error_messages = {
            "name": {"required": "Enter the project's name"},
            "stage": {"required": "Select the project's stage"},
            "start": {"invalid": "Enter the start date as a real date, for example 1 April 2026"},
            "end": {"invalid": "Enter the end date as a real date, for example 31 March 2027"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Project.objects.select_related("workstream").order_by("workstream__name", "name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["depends_on"].queryset = others

    def clean_depends_on(self):
        projects = self.cleaned_data["depends_on"]
        if self.instance.pk and any(project.pk == self.instance.pk for project in projects):
            raise forms.ValidationError("A project cannot depend on itself.")
        return projects
