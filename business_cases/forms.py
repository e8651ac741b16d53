"""Browser forms. ModelForms run the models' ``clean()``, so they refuse exactly what the API refuses; money
profiles are edited as formsets and saved all at once through ``services.replace_money_profile``."""

from django import forms

from business_cases import elsewhere, money, tiers
from business_cases.choices import BriefKind, Depth, DocumentType, Section
from business_cases.models import (
    CRITERIA,
    Brief,
    BusinessCase,
    CostShare,
    MoneyLine,
    PriorDecision,
    PrioritisationScore,
    StatedTotal,
)
from core.forms import DateField, TenantModelForm, limit_text
from core.models import Organisation
from meetings.forms import BoardDecisionForm
from programme.models import Body, Project, Workstream

MONEY_ERRORS = {
    "invalid": "Enter an amount in pounds and pence, for example 250000.00",
    "max_decimal_places": "Give the amount to the nearest penny (at most two decimal places)",
    "required": "Enter the amount",
}


def money_input(**kwargs):
    return forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, error_messages={
        **MONEY_ERRORS, "min_value": "The amount cannot be negative"}, widget=forms.TextInput(attrs={
            "inputmode": "decimal", "class": "nhsuk-input--width-10", "spellcheck": "false"}), **kwargs)


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, project):
        return f"{project.name} ({project.workstream.name})"


class CaseForm(TenantModelForm):
    """A case's details and its five sections, each labelled with what this tier and document require."""

    value = money_input(label="Value of the work (£)", help_text=(
        "Sets the tier: up to and including £250,000 an RFF; up to and including £500,000 an OBC; "
        "more than that an OBC and then an FBC (the partnership's thresholds may differ)."))

    class Meta:
        model = BusinessCase
        fields = ["title", "project", "value", "summary", "restricted"]
        field_classes = {"project": ProjectChoiceField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        labels = {"restricted": "Restricted: only those with a role in deciding it, its author and people granted "
                                "access can read it"}
        error_messages = {"title": {"required": "Enter the case's title"},
                          "project": {"required": "Choose the project the case is for"}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.tenant_id is None:
            self.instance.tenant = self.tenant
        projects = Project.objects.select_related("workstream").order_by("workstream__name", "name")
        if user is not None:
            probe = BusinessCase(tenant=self.tenant)
            allowed = [p.pk for p in projects if user.has_perm(probe.perm("add"), _with_project(probe, p))]
            projects = projects.filter(pk__in=allowed)
        self.fields["project"].queryset = projects
        self.fields["project"].empty_label = "Choose a project"
        case = self.instance
        requirements = (tiers.section_requirements(case.tier, case.document_type)
                        if case.pk and case.tier else None)
        for key in tiers.SECTION_KEYS:
            depth = requirements[key] if requirements else None
            label = Section(key).label
            if depth and depth != Depth.OPTIONAL:
                label += f" ({Depth(depth).label.lower()})"
            elif depth == Depth.OPTIONAL:
                label += " (not required for this document)"
            self.fields[f"section_{key}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 8}),
                initial=case.section_text(key) if case.pk else "",
                max_length=tiers.SECTION_MAX_LENGTH,
            )
        self.required_keys = [key for key, depth in (requirements or {}).items() if depth != Depth.OPTIONAL]

    def section_fields(self):
        return [self[f"section_{key}"] for key in tiers.SECTION_KEYS]

    def detail_fields(self):
        return [self[name] for name in self.Meta.fields]

    def clean(self):
        cleaned = super().clean()
        self.instance.sections = {
            **(self.instance.sections or {}),
            **{key: cleaned.get(f"section_{key}", "") for key in tiers.SECTION_KEYS},
        }
        return cleaned


def _with_project(probe, project):
    probe.project = project
    return probe


class MoneyLineForm(forms.ModelForm):
    amount = money_input(label="Amount (£)")

    class Meta:
        model = MoneyLine
        fields = ["kind", "funding", "financial_year", "quarter", "phase", "description", "amount"]
        widgets = {"financial_year": forms.TextInput(attrs={"class": "nhsuk-input--width-5", "placeholder": ""}),
                   "quarter": forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
                   "phase": forms.NumberInput(attrs={"class": "nhsuk-input--width-2"})}
        labels = {"financial_year": "Financial year", "quarter": "Quarter"}

    def clean_financial_year(self):
        value = self.cleaned_data.get("financial_year") or ""
        if not value:
            return ""
        try:
            return money.parse_financial_year(value)
        except money.MoneyError as exc:
            raise forms.ValidationError(str(exc)) from None


class CostShareForm(forms.ModelForm):
    amount = money_input(label="Stated cost (£)", required=False)

    class Meta:
        model = CostShare
        fields = ["phase", "organisation", "label", "percent", "amount"]
        labels = {"percent": "Share (%)", "label": "For"}
        widgets = {"percent": forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
                   "phase": forms.NumberInput(attrs={"class": "nhsuk-input--width-2"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class StatedTotalForm(forms.ModelForm):
    amount = money_input(label="Amount (£)")

    class Meta:
        model = StatedTotal
        fields = ["kind", "phase", "amount", "source", "page"]
        widgets = {"phase": forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
                   "page": forms.TextInput(attrs={"class": "nhsuk-input--width-4"})}


class SplitFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kept = [(number, f.cleaned_data) for number, f in enumerate(self.forms, start=1)
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("percent") is not None]
        try:
            money.check_splits([data for _, data in kept], numbers=[number for number, _ in kept])
        except money.MoneyError as exc:
            raise forms.ValidationError(str(exc)) from None


LineFormSet = forms.formset_factory(MoneyLineForm, extra=2, can_delete=True)
ShareFormSet = forms.formset_factory(CostShareForm, formset=SplitFormSet, extra=1, can_delete=True)
StatedFormSet = forms.formset_factory(StatedTotalForm, extra=1, can_delete=True)

LINE_FIELDS = MoneyLineForm.Meta.fields
SHARE_FIELDS = CostShareForm.Meta.fields
STATED_FIELDS = StatedTotalForm.Meta.fields


def rows(formset, fields):
    """The kept rows of a valid formset, as dicts of model values."""
    return [{name: form.cleaned_data.get(name) for name in fields} for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def initial_rows(objects, fields):
    return [{name: getattr(obj, name) for name in fields} for obj in objects]


SCORE_CHOICES = [("", "Choose a score")] + [(n, str(n)) for n in range(1, 6)]


class ScoreForm(forms.ModelForm):
    class Meta:
        model = PrioritisationScore
        fields = [*CRITERIA, "comment"]
        widgets = {name: forms.Select(choices=SCORE_CHOICES) for name in CRITERIA} | {
            "comment": forms.Textarea(attrs={"rows": 4})}
        help_texts = {name: "1 (weakest) to 5 (strongest)" for name in CRITERIA}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self.fields)


class NoteForm(forms.Form):
    note = forms.CharField(label="Note for the record", required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label="Reason for the decision", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Give the reason for the decision"})


class BoardNoteForm(BoardDecisionForm, NoteForm):
    """A board's step from the page: the note, and the board's meeting or a chair's action."""


class BoardRequiredNoteForm(BoardDecisionForm, RequiredNoteForm):
    """A board's rejection from the page: its reason, and the board's meeting or a chair's action."""


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Why is the case being stopped?", max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Say why the case is being stopped"})


class BriefForm(TenantModelForm):
    cost = money_input(label="Estimated cost (£)")

    class Meta:
        model = Brief
        fields = ["title", "kind", "workstream", "workstream_kind", "description", "context", "output", "timeframe",
                  "cost"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4}),
                   "context": forms.Textarea(attrs={"rows": 4}), "output": forms.Textarea(attrs={"rows": 3})}
        labels = {"workstream": "Workstream (for a new project)", "workstream_kind": "Kind (for a new workstream)"}
        error_messages = {"title": {"required": "Enter the name of the new workstream or project"},
                          "description": {"required": "Say what the work is to do"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.tenant_id is None:
            self.instance.tenant = self.tenant
        self.fields["workstream"].queryset = Workstream.objects.order_by("name")
        self.fields["workstream"].empty_label = "Not a project (a new workstream)"
        self.fields["kind"].choices = BriefKind.choices


class PriorDecisionForm(TenantModelForm):
    """A stage of the case decided outside the portal, with its evidence (``elsewhere``; the model's ``clean``
    refuses a missing who, date or document and a date in the future)."""

    decided_on = DateField(label="Date of the decision", required=False,
                           help_text="As the document gives it. Leave it blank only if the document states no date, "
                                     "and tick the box below.")
    document_url = forms.URLField(label="Link to the document (optional)", required=False, max_length=500,
                                  assume_scheme="https",
                                  error_messages={"invalid": "Enter the link as a full address, starting https://"})

    class Meta:
        model = PriorDecision
        fields = ["stage", "outcome", "conditions", "decided_by", "body", "decided_on", "date_not_stated", "document",
                  "document_url", "note"]
        widgets = {"stage": forms.RadioSelect, "outcome": forms.RadioSelect,
                   "conditions": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": "The body of the hierarchy that decided (if it is one)"}
        error_messages = {"outcome": {"required": "Choose the decision the document records"},
                          "decided_by": {"required": "Say who decided it: the body or people the document names"},
                          "document": {"required": "Name the document that records the decision"}}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.tenant = self.tenant
        self.instance.case = case
        stages = elsewhere.stages_before_last(case)
        self.fields["stage"].choices = [(s, DocumentType(s).label) for s in stages]
        self.fields["stage"].initial = stages[0] if stages else None
        self.fields["body"].queryset = Body.objects.order_by("name")
        self.fields["body"].empty_label = "Not a body of the hierarchy"
