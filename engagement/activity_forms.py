"""Browser forms of the engagement plan and log; they feed the same service functions as the API
(``activity_services``), which refuse what the API refuses."""

from django import forms

from change_control.models import ChangeRequest
from core.forms import TEXT_MAX_LENGTH, DateField, TenantModelForm, limit_text
from engagement.models import (
    EffectivenessMeasure,
    EngagementActivity,
    EngagementObjective,
    EngagementResponse,
    MeasureActual,
    ServiceChange,
    Stakeholder,
)
from meetings.models import MeetingDecision
from plan.models import PlanItem
from programme.models import Workstream
from risks.models import Risk

TEXTAREA = {"rows": 3}


def _checkboxes(field, queryset, hint):
    field.queryset = queryset
    field.widget = forms.CheckboxSelectMultiple(attrs={"filter": hint})
    field.widget.choices = field.choices
    field.required = False


def _radios(field):
    field.widget = forms.RadioSelect(choices=field.choices)
    field.choices = [(value, label) for value, label in field.choices if value]


class ValuesMixin:
    def values(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ActivityForm(ValuesMixin, TenantModelForm):
    member_fields = ("owner",)

    class Meta:
        model = EngagementActivity
        fields = ["title", "kind", "channel", "audience", "planned_date", "owner", "objectives", "stakeholders",
                  "workstream", "service_change", "status"]
        field_classes = {"planned_date": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        for name in ("kind", "channel", "status"):
            _radios(fields[name])
        fields["audience"].widget.attrs.update(TEXTAREA)
        fields["audience"].help_text = "Who it is for, e.g. \"patients of the Urgent Care Centre and their carers\"."
        fields["owner"].empty_label = None
        _checkboxes(fields["objectives"], EngagementObjective.objects.all(), "Filter the objectives")
        fields["objectives"].help_text = "The objectives of the engagement plan (PID section 4.2) it serves."
        _checkboxes(fields["stakeholders"], Stakeholder.objects.all(), "Filter the stakeholders")
        fields["workstream"].queryset = Workstream.objects.all()
        fields["workstream"].empty_label = "None"
        fields["service_change"].queryset = ServiceChange.objects.all()
        fields["service_change"].empty_label = "None"
        fields["status"].help_text = "Log an activity that was held with \"Record that it was held\" on its page."


class LogForm(forms.ModelForm):
    class Meta:
        model = EngagementActivity
        fields = ["held_on", "reach", "responses_received", "themes", "summary"]
        field_classes = {"held_on": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].required = True
        self.fields["themes"].widget.attrs.update(TEXTAREA)
        self.fields["themes"].help_text = "The themes people raised; each one needing an answer becomes a \"you said\"."
        self.fields["summary"].widget.attrs.update(TEXTAREA)
        limit_text(self.fields)

    def values(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ResponseForm(ValuesMixin, TenantModelForm):
    member_fields = ("owner",)

    class Meta:
        model = EngagementResponse
        fields = ["you_said", "owner", "due_date"]
        field_classes = {"due_date": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["you_said"].widget.attrs.update(TEXTAREA)
        self.fields["you_said"].help_text = "The theme heard, in the words of those who said it where you can."
        self.fields["owner"].empty_label = None
        self.fields["owner"].help_text = "Who answers it; they are chased once it is overdue."
        self.fields["due_date"].help_text = "When the response is due."


def _decision_label(decision):
    where = str(decision.meeting) if decision.meeting_id else "Chair's action"
    return f"{where}: {decision.text[:90]}"


class RespondForm(forms.Form):
    """What we did about "you said": a plain form (the model's check that a response has both its text and its day
    is the service's, which makes the day today when it is left empty)."""

    we_did = forms.CharField(label="We did", widget=forms.Textarea(attrs=TEXTAREA), max_length=TEXT_MAX_LENGTH,
                             error_messages={"required": "Say what we did: a \"you said, we did\" without a response "
                                                         "is not one."})
    responded_on = DateField(label="Responded on", required=False, help_text="Today if left empty.")
    decision = forms.ModelChoiceField(queryset=MeetingDecision.objects.none(), required=False, empty_label="None",
                                      label="The meeting decision that answered it")
    change_request = forms.ModelChoiceField(queryset=ChangeRequest.objects.none(), required=False,
                                            empty_label="None", label="The change request that answered it")
    plan_item = forms.ModelChoiceField(queryset=PlanItem.objects.none(), required=False, empty_label="None",
                                       label="The plan item that answered it")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["decision"].queryset = MeetingDecision.objects.select_related("meeting__body").order_by(
            "-decided_on", "-pk")
        fields["decision"].label_from_instance = _decision_label
        fields["change_request"].queryset = ChangeRequest.objects.order_by("-number")
        fields["plan_item"].queryset = PlanItem.objects.order_by("number")

    def values(self):
        return dict(self.cleaned_data)


class ObjectiveForm(ValuesMixin, TenantModelForm):
    class Meta:
        model = EngagementObjective
        fields = ["title", "description", "risks"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs.update(TEXTAREA)
        _checkboxes(self.fields["risks"], Risk.objects.visible_to(user).order_by("number"), "Filter the risks")
        self.fields["risks"].label = "Communications risks"
        self.fields["risks"].help_text = "The risks of the risk register this objective manages or mitigates."


class MeasureForm(ValuesMixin, TenantModelForm):
    class Meta:
        model = EffectivenessMeasure
        fields = ["objective", "name", "kind", "unit", "target", "higher_is_better"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = EngagementObjective.objects.all()
        for name in ("kind", "unit"):
            _radios(self.fields[name])


class ActualForm(forms.ModelForm):
    period = DateField(label="Month", help_text="Any day of the month, e.g. its first.")

    class Meta:
        model = MeasureActual
        fields = ["period", "value", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs.update(TEXTAREA)
        limit_text(self.fields)


class ImportForm(forms.Form):
    file = forms.FileField(label="Spreadsheet (.xlsx or CSV)",
                           help_text="The shape of the plan's download: a header row starting \"Ref\", one row per "
                                     "activity.")
