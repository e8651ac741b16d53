"""Browser forms of service changes and the Four Tests; they feed the same service functions as the API
(``engagement.consultation``), so the browser refuses what the API refuses (dates out of order, evidence without
what its kind needs)."""

from django import forms

from business_cases.models import BusinessCase
from core.forms import DateField, TenantModelForm
from engagement.choices import EvidenceKind
from engagement.models import EngagementActivity, ServiceChange, TestEvidence
from lifecycle.models import EqualityImpactAssessment
from meetings.models import MeetingDecision
from programme.models import Workstream
from risks.models import Risk

TEXTAREA = {"rows": 3}


class ServiceChangeForm(TenantModelForm):
    class Meta:
        model = ServiceChange
        fields = ["title", "description", "workstream", "business_case", "eia", "status", "pre_consultation_start",
                  "pre_consultation_end", "consultation_start", "consultation_end", "responses_received",
                  "decision", "decided_on", "decision_record", "risks"]
        field_classes = {name: DateField for name in ("pre_consultation_start", "pre_consultation_end",
                                                      "consultation_start", "consultation_end", "decided_on")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        for name in ("description", "decision"):
            fields[name].widget.attrs.update(TEXTAREA)
        fields["workstream"].queryset = Workstream.objects.all()
        fields["business_case"].queryset = BusinessCase.objects.visible_to(user)
        fields["business_case"].empty_label = "None"
        fields["eia"].queryset = EqualityImpactAssessment.objects.select_related("workstream")
        fields["eia"].empty_label = "None"
        fields["decision_record"].queryset = decisions()
        fields["decision_record"].empty_label = "None"
        fields["decision_record"].label_from_instance = decision_label
        fields["risks"].queryset = Risk.objects.visible_to(user)
        fields["risks"].widget = forms.CheckboxSelectMultiple(attrs={"filter": "Filter the risks"})
        fields["risks"].widget.choices = fields["risks"].choices
        fields["risks"].required = False
        fields["risks"].help_text = "The communications risks of this change, from the risk register."
        fields["pre_consultation_end"].help_text = "On or before formal consultation starts."

    def clean(self):
        from engagement.consultation import check_dates

        cleaned = super().clean()
        try:
            check_dates(cleaned)
        except forms.ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned

    def validate_unique(self):
        if not self.errors:  # the date pairs' own check constraints say the same as ``clean`` did
            super().validate_unique()

    def step_arguments(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


def decisions():
    return MeetingDecision.objects.select_related("meeting__body", "body").order_by("-decided_on", "-pk")


def decision_label(decision):
    where = f"{decision.meeting.body}, {decision.meeting.date:%d %b %Y}" if decision.meeting_id else \
        f"chair's action, {decision.decided_on:%d %b %Y}"
    return f"{where}: {decision.text[:90]}"


class AssessmentForm(forms.Form):
    assessment = forms.CharField(label="Assessment", required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 4, "maxlength": "5000"}),
                                 help_text="How the evidence shows the test is met, or what is still missing.")


class EvidenceForm(TenantModelForm):
    url = forms.URLField(label="Link", required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = TestEvidence
        fields = ["kind", "activity", "decision", "title", "reference", "url", "summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["kind"].widget = forms.RadioSelect()
        fields["kind"].choices = EvidenceKind.choices
        fields["activity"].queryset = EngagementActivity.objects.order_by("-planned_date", "-number")
        fields["activity"].label = "Engagement activity (for an engagement record)"
        fields["activity"].empty_label = "None"
        fields["decision"].queryset = decisions()
        fields["decision"].label_from_instance = decision_label
        fields["decision"].label = "Meeting decision (for a commissioners' decision)"
        fields["decision"].empty_label = "None"
        fields["title"].help_text = "Required for clinical evidence or a document; optional otherwise."
        fields["summary"].widget.attrs.update(TEXTAREA)

    def clean(self):
        from engagement.consultation import check_evidence

        cleaned = super().clean()
        if not self.errors:
            try:
                check_evidence(cleaned)
            except forms.ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field, messages)
        return cleaned

    def validate_unique(self):
        pass  # the service checks the row in full (``full_clean``) once the form's fields are valid

    def step_arguments(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
