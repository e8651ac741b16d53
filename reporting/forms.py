"""The highlight report's form: each dimension's RAG (radios, the registers' suggestion shown beside them), its
one-line forecast and commentary, the overall RAG and the four texts."""

from django import forms

from core import settings_pages
from core.forms import limit_text
from reporting.choices import DIMENSIONS, Rag
from reporting.models import HighlightReport, ReportingSettings
from reporting.services import EDIT_FIELDS, TEXT_FIELDS

RAG_FIELDS = [f"{name}_rag" for name in [*map(str, DIMENSIONS), "overall"]]


class HighlightReportForm(forms.ModelForm):
    class Meta:
        model = HighlightReport
        fields = EDIT_FIELDS
        widgets = {
            **{name: forms.RadioSelect for name in RAG_FIELDS},
            **{f"{d}_commentary": forms.Textarea(attrs={"rows": 3}) for d in [*map(str, DIMENSIONS), "overall"]},
            **{name: forms.Textarea(attrs={"rows": 4}) for name in TEXT_FIELDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self.fields)
        for name in RAG_FIELDS:
            self.fields[name].choices = Rag.choices
        for field in self.fields.values():
            field.label = field.label[:1].upper() + field.label[1:]

    def dimension_rows(self):
        """[{label, suggested, facts, rag, forecast, commentary}] with the bound fields of each dimension."""
        facts = self.instance.prefill.get("dimensions", {}) if isinstance(self.instance.prefill, dict) else {}
        return [{"key": str(d), "label": d.label, "suggested": getattr(self.instance, f"{d}_suggested"),
                 "facts": facts.get(str(d), {}).get("facts", []), "rag": self[f"{d}_rag"],
                 "forecast": self[f"{d}_forecast"], "commentary": self[f"{d}_commentary"]} for d in DIMENSIONS]

    def step_arguments(self):
        return {name: self.cleaned_data[name] for name in EDIT_FIELDS}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReportingSettingsForm(settings_pages.ReasonForm):
    """The partnership's reporting cycle, with the reason kept in its history (``core.settings_pages``)."""

    FIELDS = ("cycle_months", "due_working_days", "bank_holidays")
    model, model_fields = ReportingSettings, FIELDS
    widgets = settings_pages.number_inputs(FIELDS[:2])
