"""Browser forms of the stakeholder register; they feed ``engagement.stakeholders``' services, and the model's
validators refuse what the API refuses (interest or influence outside 1-5). The personal-data fields are on the
form only for the PMO and the stakeholder's owner."""

from django import forms

from core.forms import TenantModelForm
from engagement.models import PERSONAL_FIELDS, ServiceChange, Stakeholder
from engagement.stakeholders import FIELDS, LINKS
from programme.models import Workstream

TEXTAREA = {"rows": 3}
RATING = {"min": "1", "max": "5", "inputmode": "numeric"}


class StakeholderForm(TenantModelForm):
    member_fields = ("owner",)

    class Meta:
        model = Stakeholder
        fields = [*FIELDS, *LINKS]

    def __init__(self, *args, personal=True, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        for name in ("kind", "current_support", "target_support"):
            fields[name].widget = forms.RadioSelect(choices=[(v, label) for v, label in fields[name].choices if v])
        for name in ("interest", "influence"):
            fields[name].widget.attrs.update(RATING)
        fields["description"].widget.attrs.update(TEXTAREA)
        fields["postal_address"].widget.attrs.update(TEXTAREA)
        fields["interest"].help_text = "How much the programme affects them: 1 (little) to 5 (greatly)."
        fields["influence"].help_text = "How much they can affect the programme: 1 (little) to 5 (greatly)."
        fields["owner"].help_text = "Who owns the relationship; they (and the PMO) see the personal data."
        for name, queryset in (("workstreams", Workstream.objects.all()),
                               ("service_changes", ServiceChange.objects.all())):
            fields[name].queryset = queryset
            fields[name].widget = forms.CheckboxSelectMultiple()
            fields[name].widget.choices = fields[name].choices
            fields[name].required = False
        if not personal:
            for name in PERSONAL_FIELDS:
                del fields[name]
        else:
            for name in PERSONAL_FIELDS:
                fields[name].help_text = "Personal data: only the PMO and the owner see it."

    def step_arguments(self):
        return {name: self.cleaned_data.get(name) for name in self.fields}


class EraseForm(forms.Form):
    reason = forms.CharField(
        label="Why the personal data is erased", max_length=70,
        help_text="Whose request and when, without naming the person (for example: \"Request by email, 3 "
                  "March\"). It is kept in the history.")
