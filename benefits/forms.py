"""Browser forms of the benefits register; they run the model's ``clean()`` and the services' checks, exactly as
the API does."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from benefits import realisation, services
from benefits.models import Benefit, BenefitSettings
from core import widgets
from core.forms import limit_text
from core.models import Organisation, User
from programme.models import Objective, Project, Workstream

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


def members(tenant):
    return User.objects.filter(memberships__tenant=tenant).order_by("first_name", "last_name", "username")


class BenefitForm(forms.ModelForm):
    """A benefit with its links; the attribution is a share per partner organisation (blank for none)."""

    class Meta:
        model = Benefit
        fields = ["title", "description", "objectives", "owner", "type", "unit", "baseline", "baseline_date", "target",
                  "period_kind", "profile_start", "profile_end", "stage", "workstream", "projects",
                  "business_cases", "restricted"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple(attrs={"small": True}),
            "business_cases": forms.CheckboxSelectMultiple(attrs={"small": True}),
            "baseline_date": DATE, "profile_start": DATE, "profile_end": DATE,
        }
        help_texts = {
            "workstream": "Optional. One project makes it that project's benefit; several projects of one workstream, "
                          "or a workstream, a workstream benefit; otherwise it is a programme benefit.",
        }

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        limit_text(self.fields)
        self.fields["owner"] = MemberChoiceField(queryset=members(tenant), label="Owner",
                                                 help_text="The named person responsible for realising it.")
        self.fields["objectives"].queryset = Objective.objects.all()
        self.fields["objectives"].label_from_instance = lambda o: f"{o.code} {o.title}"
        self.fields["objectives"].error_messages["required"] = (
            "Link the benefit to at least one strategic objective (PID s4.3).")
        self.fields["projects"].queryset = Project.objects.select_related("workstream").order_by(
            "workstream__name", "name")
        self.fields["projects"].label_from_instance = lambda p: f"{p.name} ({p.workstream.name})"
        self.fields["workstream"].queryset = Workstream.objects.all()
        case_field = self.fields["business_cases"]
        case_field.queryset = case_field.queryset.model.objects.select_related("project").order_by("number")
        case_field.label_from_instance = lambda c: f"{c.ref} {c.title}"
        self.organisations = list(Organisation.objects.order_by("name"))
        shares = {a.organisation_id: a.percent for a in self.instance.attributions.all()} if self.instance.pk else {}
        for organisation in self.organisations:
            self.fields[f"share_{organisation.pk}"] = forms.DecimalField(
                label=organisation.name, required=False, max_digits=5, decimal_places=2, min_value=Decimal("0.01"),
                max_value=Decimal(100), initial=shares.get(organisation.pk),
                widget=forms.NumberInput(attrs={"step": "0.01", "class": "nhsuk-input--width-5"}),
            )

    def share_fields(self):
        return [self[f"share_{o.pk}"] for o in self.organisations]

    def main_fields(self):
        return [field for field in self.visible_fields() if not field.name.startswith("share_")]

    def attribution_rows(self):
        return [(o, self.cleaned_data[f"share_{o.pk}"]) for o in self.organisations
                if self.cleaned_data.get(f"share_{o.pk}") is not None]

    def clean(self):
        data = super().clean()
        try:
            services.check_links(data.get("workstream"), list(data.get("projects") or []),
                                 data.get("objectives") if "objectives" in data else None)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(name, message)
        if not any(f"share_{o.pk}" in self.errors for o in self.organisations):
            messages = services.attribution_errors(self.attribution_rows())
            if messages and self.organisations:
                self.add_error(f"share_{self.organisations[0].pk}", " ".join(messages))
        return data

    def candidate_scope(self):
        """The benefit as it would be saved, with its level set from the chosen workstream and projects."""
        candidate = self.instance
        projects = self.cleaned_data.get("projects") or []
        candidate.apply_scope([(p.pk, p.workstream_id) for p in projects])
        return candidate

    def validate_constraints(self):
        pass

    def _post_clean(self):
        self.instance.tenant = self.tenant
        super()._post_clean()


class MeasurementRowForm(forms.Form):
    """One period on the benefit's page: its planned, actual and forecast values (inputs rendered in Python,
    ``core.widgets.PythonInput``: a page holds hundreds)."""

    period = forms.DateField(widget=widgets.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                             label="Period starts")
    planned = forms.DecimalField(required=False, max_digits=14, decimal_places=2, label="Planned",
                                 widget=widgets.NumberInput)
    actual = forms.DecimalField(required=False, max_digits=14, decimal_places=2, label="Actual",
                                widget=widgets.NumberInput)
    forecast = forms.DecimalField(required=False, max_digits=14, decimal_places=2, label="Forecast",
                                  widget=widgets.NumberInput)

    def __init__(self, *args, kind=None, fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fixed = fixed
        for name in ("planned", "actual", "forecast"):
            self.fields[name].widget.attrs.update({"class": "nhsuk-input nhsuk-input--width-10", "step": "0.01"})
        if fixed:
            self.fields["period"].widget = widgets.HiddenInput()
        else:
            self.fields["period"].required = False

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period and self.kind and not self.fixed:
            message = realisation.period_error(period, self.kind)
            if message:
                self.add_error("period", message)
        has_value = any(data.get(n) is not None for n in ("planned", "actual", "forecast"))
        if not self.fixed and period is None and has_value:
            self.add_error("period", "Give the first day of the period.")
        return data

    @property
    def period_label(self):
        period = self.initial.get("period")
        return realisation.period_label(period, self.kind) if period else ""

    def values(self):
        return {name: self.cleaned_data.get(name) for name in ("planned", "actual", "forecast")}

    def has_values(self):
        return any(value is not None for value in self.values().values())


class BaseMeasurementFormSet(forms.BaseFormSet):
    """The measurement rows of one benefit: the first ``fixed`` rows are its periods (the period a hidden input),
    the rest blank rows for a new period. Each form is built only when something asks for it (validating a post,
    or showing its errors): the page draws an unbound formset's rows from ``initial`` alone
    (``benefits.templatetags.benefit_page``)."""

    def __init__(self, *args, kind, fixed, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.fixed, self.recorded = kind, fixed, recorded

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "kind": self.kind,
                "fixed": index is not None and index < self.fixed}

    def __getitem__(self, index):
        # The template engine tries ``formset["errors"]`` before ``formset.errors``: answer it without building
        # every form, as the list of forms would.
        if isinstance(index, str):
            raise TypeError("the forms are indexed by number")
        return super().__getitem__(index)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.recorded = self.recorded.get(self.initial[i]["period"]) if form.fixed else None
        return form


MeasurementFormSet = forms.formset_factory(MeasurementRowForm, formset=BaseMeasurementFormSet, extra=0, max_num=600,
                                           validate_max=True)
NEW_ROWS = 2


def measurement_formset(benefit, measurements, data=None):
    """A row per profile period (or per recorded period when the profile has no range) and blank rows for
    periods not yet recorded."""
    recorded = {m.period: m for m in measurements}
    periods = sorted(recorded)
    if benefit.profile_start and benefit.profile_end:
        periods = sorted(set(periods) | set(realisation.periods_between(benefit.profile_start, benefit.profile_end,
                                                                        benefit.period_kind)))
    initial = [{"period": p, "planned": getattr(recorded.get(p), "planned", None),
                "actual": getattr(recorded.get(p), "actual", None),
                "forecast": getattr(recorded.get(p), "forecast", None)} for p in periods]
    extra = 0 if benefit.profile_start and benefit.profile_end else NEW_ROWS
    initial += [{} for _ in range(extra)]
    return MeasurementFormSet(data, initial=initial, prefix="m", kind=benefit.period_kind, fixed=len(periods),
                              recorded=recorded)


def changed_rows(formset):
    """The rows to write: new periods with a value, and recorded periods whose values changed."""
    rows = []
    for form in formset.forms:
        if not form.has_values() and (getattr(form, "recorded", None) is None):
            continue
        values = form.values()
        recorded = getattr(form, "recorded", None)
        if recorded is not None and all(getattr(recorded, k) == v for k, v in values.items()):
            continue
        rows.append((form, {"period": form.cleaned_data.get("period"), **values}))
    return rows


class ImportForm(forms.Form):
    file = forms.FileField(label="Measurements (.xlsx or .csv)",
                           help_text="One row per benefit and period, with the columns below. 5 MB at most.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        name = upload.name.lower()
        head = upload.read(4)
        upload.seek(0)
        if name.endswith(".xlsx"):
            if head != b"PK\x03\x04":
                raise forms.ValidationError("The file is not an Excel workbook (.xlsx).")
        elif name.endswith(".csv"):
            if b"\x00" in head or head.startswith(b"PK"):
                raise forms.ValidationError("The file is not a CSV text file.")
        else:
            raise forms.ValidationError("Choose an Excel workbook (.xlsx) or a CSV file (.csv).")
        return upload


class SettingsForm(forms.ModelForm):
    class Meta:
        model = BenefitSettings
        fields = ["green_from", "amber_from", "double_counting_tolerance"]
        labels = {"green_from": "Green from (% of plan)", "amber_from": "Amber from (% of plan)",
                  "double_counting_tolerance": "Double-counting tolerance (£)"}

    def validate_constraints(self):
        pass

