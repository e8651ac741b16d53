"""Browser forms of change control; the steps' forms feed the same service functions as the API."""

from django import forms

from business_cases.models import BusinessCase
from change_control.choices import Decision, Kind, Priority
from change_control.models import ChangeRequest
from core.forms import TEXT_MAX_LENGTH, TenantModelForm
from core.models import User
from meetings import decisions
from meetings.decisions import HowDecided
from meetings.forms import BoardDecisionForm
from programme.models import Project, Workstream
from risks.models import Risk

TEXTAREA = {"rows": 4}


class ChangeRequestForm(TenantModelForm):
    """Raise (or, for a deferred one, resubmit) a request against the programme, a workstream, a project or a
    business case; the model's ``clean()`` refuses a project outside the workstream, as the API does."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.RadioSelect(choices=Kind.choices)
        self.fields["kind"].choices = Kind.choices
        self.fields["kind"].label = "What are you raising?"
        self.fields["title"].label = "Title"
        self.fields["description"].label = "Describe it"
        self.fields["description"].help_text = "What should change, or what concerns you, and why."
        self.fields["description"].widget.attrs.update(TEXTAREA)
        self.fields["workstream"].queryset = Workstream.objects.all()
        self.fields["workstream"].empty_label = "None: the whole programme"
        self.fields["workstream"].help_text = "Leave empty for a request about the whole programme."
        self.fields["project"].queryset = Project.objects.select_related("workstream")
        self.fields["project"].label_from_instance = lambda p: f"{p.name} ({p.workstream.name})"
        self.fields["project"].empty_label = "None"
        self.fields["business_case"].queryset = BusinessCase.objects.visible_to(user).select_related("project")
        self.fields["business_case"].empty_label = "None"

    class Meta:
        model = ChangeRequest
        fields = ["kind", "title", "description", "workstream", "project", "business_case"]

    def step_arguments(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class AssessForm(forms.Form):
    """PID s4.7 step 2: the implications, and the figures that set who decides."""

    cost_impact = forms.DecimalField(
        max_digits=14, decimal_places=2, label="Cost impact (£)",
        help_text="In pounds and pence; 0 if none; negative for a saving. Sets who decides, with the two questions "
                  "below.",
    )
    time_impact_days = forms.IntegerField(required=False, label="Time impact (days)", min_value=-36500,
                                          max_value=36500)
    changes_stage_or_objective = forms.BooleanField(
        required=False, label="It changes a programme stage or a strategic objective",
    )
    changes_business_case_tier = forms.BooleanField(
        required=False, label="It changes the tier of a business case (RFF, OBC, OBC then FBC)",
    )
    impact_programme = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA),
                                       label="Impact on the whole programme", max_length=TEXT_MAX_LENGTH)
    impact_business_case = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA),
                                           label="Impact on the workstream's business case", max_length=TEXT_MAX_LENGTH)
    impact_benefits = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA),
                                      label="Impact on the benefits", max_length=TEXT_MAX_LENGTH)
    impact_risks = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA),
                                   label="Impact on risks, new and existing", max_length=TEXT_MAX_LENGTH)
    impact_resources = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXTAREA),
                                       label="Impact on the allocation of programme resource",
                                       max_length=TEXT_MAX_LENGTH)
    priority = forms.ChoiceField(choices=Priority.choices, required=False, widget=forms.RadioSelect,
                                 label="Priority against the work already under way")
    linked_risks = forms.ModelMultipleChoiceField(
        queryset=Risk.objects.none(), required=False, label="Risks it creates or affects",
        help_text="Choose every risk it creates or affects; type in the box to narrow the list.",
        widget=forms.CheckboxSelectMultiple(attrs={"small": True, "filter": "Filter the risks"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linked_risks"].queryset = Risk.objects.visible_to(user).live().order_by("number")

    def step_arguments(self):
        data = self.cleaned_data
        return {
            "cost_impact": data["cost_impact"], "time_impact_days": data.get("time_impact_days"),
            "changes_stage_or_objective": data.get("changes_stage_or_objective", False),
            "changes_business_case_tier": data.get("changes_business_case_tier", False),
            "impact": {area: data.get(f"impact_{area}", "") for area in
                       ("programme", "business_case", "benefits", "risks", "resources")},
            "priority": data.get("priority", ""), "linked_risks": list(data.get("linked_risks") or []),
        }


class ProposeForm(forms.Form):
    proposal = forms.CharField(widget=forms.Textarea(attrs=TEXTAREA), max_length=10000, label="Proposed action",
                               help_text="What the PMO proposes the authority should decide, and why.")

    def step_arguments(self):
        return {"proposal": self.cleaned_data["proposal"]}


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect, label="Your decision")
    rationale = forms.CharField(widget=forms.Textarea(attrs=TEXTAREA), required=False, max_length=10000,
                                label="Rationale",
                                help_text="Sent to whoever raised it. Required to reject or defer.")

    def clean(self):
        data = super().clean()
        if data.get("decision") in (Decision.REJECT, Decision.DEFER) and not (data.get("rationale") or "").strip():
            self.add_error("rationale", "Give the reason, to be communicated to the originator.")
        return data

    def step_arguments(self):
        return {"decision": self.cleaned_data["decision"], "rationale": self.cleaned_data.get("rationale", "")}


class BoardDecideForm(BoardDecisionForm, DecideForm):
    """The Delivery Board's decision, recorded by its chair or the PMO (PID s3.2): the decision and rationale, and
    how the board decided: at one of its meetings in progress or held, or by chair's action with its reason; any
    conditions, and who declared an interest. The service judges the meeting and the chair's action."""

    field_order = ["decision", "rationale", "decided_at_meeting", "chairs_action", "reason", "conditions",
                   "interests"]

    decided_at_meeting = forms.TypedChoiceField(label="The board's meeting at which it decided", required=False,
                                                coerce=int, empty_value=None)
    reason = forms.CharField(label="Reason for the chair's action", required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Only for a chair's action: why it could not wait for the next meeting.")
    conditions = forms.CharField(label="Conditions", required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    interests = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, to_field_name="username", label="Interests declared",
        help_text="The members who declared an interest in this request.",
        widget=forms.CheckboxSelectMultiple(attrs={"small": True, "filter": "Filter the members"}),
    )

    def __init__(self, *args, body, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = "The board's decision"
        meetings = decisions.recent_meetings(body)
        self.fields["decided_at_meeting"].choices = [("", "Choose a meeting")] + [
            (meeting.pk, f"{meeting.date:%-d %B %Y} ({meeting.get_status_display().lower()})") for meeting in meetings]
        self.fields["decided_at_meeting"].help_text = (
            f"A meeting of the {body} in progress or held; or record a chair's action below.")
        self.fields["chairs_action"].label = "Decided by chair's action between meetings"
        self.fields["interests"].queryset = (User.objects.filter(memberships__tenant=tenant, is_active=True)
                                             .distinct().order_by("first_name", "last_name", "username"))
        self.fields["interests"].label_from_instance = lambda user: user.get_full_name() or user.username

    def step_arguments(self):
        return {**super().step_arguments(), "how": HowDecided.from_data(self.cleaned_data)}


class ImplementForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=10000,
                           label="What was done")

    def step_arguments(self):
        return {"note": self.cleaned_data.get("note", "")}


STEP_FORMS = {"assess": AssessForm, "propose": ProposeForm, "decide": DecideForm, "implement": ImplementForm}
