"""Browser forms of the risk register; they run the model's ``clean()``, exactly as the API does."""

from django import forms
from django.urls import reverse_lazy

from core.forms import limit_text
from core.models import User
from meetings.forms import BoardDecisionForm
from programme.models import Objective, Project, Workstream
from risks import scoring
from risks.bands import bands_for
from risks.choices import ISSUE_LEVELS, Level
from risks.models import BafEntry, Issue, MitigationAction, Risk
from risks.services import benefits_to_keep, linkable_benefits

LIKELIHOOD_CHOICES = [("", "Choose a likelihood")] + scoring.rating_choices("likelihood")
IMPACT_CHOICES = [("", "Choose an impact")] + scoring.rating_choices("impact")
SCORED = ("inherent", "residual", "target")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


def members(tenant):
    return User.objects.filter(memberships__tenant=tenant).order_by("first_name", "last_name", "username")


RESTRICTED_CHOICES = [
    (False, "No: every member of the partnership may read it"),
    (True, "Yes: only those who may edit or decide on this register may read it"),
]


class RegisterForm(forms.ModelForm):
    """Common set-up: tenant-scoped choices, and constraint checks left to ``clean()`` and the database
    (so a refused value is reported once, on its field)."""

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        limit_text(self.fields)
        if "restricted" in self.fields:
            self.fields["restricted"] = forms.TypedChoiceField(
                choices=RESTRICTED_CHOICES, coerce=lambda value: value in (True, "True"), widget=forms.RadioSelect,
                label="Restricted", initial=False, required=False, empty_value=False,
            )
        if "owner" in self.fields:
            self.fields["owner"] = MemberChoiceField(queryset=members(tenant), required=False, label="Owner")
        if "project" in self.fields:
            self.fields["project"].queryset = Project.objects.select_related("workstream")
            self.fields["project"].label_from_instance = lambda p: f"{p.name} ({p.workstream.name})"
        if "workstream" in self.fields:
            self.fields["workstream"].queryset = Workstream.objects.all()
        for name in ("date_identified", "review_date", "due_date", "raised_on"):
            if name in self.fields:
                self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        if self.instance.pk and "level" in self.fields:
            self.fields["level"].disabled = True
            self.fields["level"].help_text = "A risk changes level only by an accepted escalation or de-escalation."

    def validate_constraints(self):
        pass

    def _post_clean(self):
        self.instance.tenant = self.tenant
        super()._post_clean()


class RiskForm(RegisterForm):
    inherent_likelihood = forms.TypedChoiceField(choices=LIKELIHOOD_CHOICES, coerce=int, label="Inherent likelihood")
    inherent_impact = forms.TypedChoiceField(choices=IMPACT_CHOICES, coerce=int, label="Inherent impact")
    residual_likelihood = forms.TypedChoiceField(choices=LIKELIHOOD_CHOICES, coerce=int, label="Residual likelihood",
                                                 help_text="After the controls.")
    residual_impact = forms.TypedChoiceField(choices=IMPACT_CHOICES, coerce=int, label="Residual impact")
    # Radios, not a checkbox: a form posted without them (an older page, a script) keeps the residual assessed.
    residual_assessed = forms.TypedChoiceField(
        choices=[(True, "Yes: the ratings above are its residual assessment"),
                 (False, "Not yet: show it at the inherent ratings")],
        coerce=lambda value: value in (True, "True"), empty_value=True, required=False, widget=forms.RadioSelect,
        label="Has the residual risk been assessed?")
    target_likelihood = forms.TypedChoiceField(choices=LIKELIHOOD_CHOICES, coerce=int, empty_value=None, required=False,
                                               label="Target likelihood")
    target_impact = forms.TypedChoiceField(choices=IMPACT_CHOICES, coerce=int, empty_value=None, required=False,
                                           label="Target impact")

    class Meta:
        model = Risk
        fields = [
            "title", "description", "category", "nature", "level", "project", "workstream", "owner", "owner_name",
            "inherent_likelihood", "inherent_impact", "controls", "residual_likelihood", "residual_impact",
            "residual_assessed", "residual_above_inherent_reason", "target_likelihood", "target_impact", "response",
            "proximity",
            "date_identified", "review_date", "objectives", "benefits", "restricted",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "controls": forms.Textarea(attrs={"rows": 4}),
            "residual_above_inherent_reason": forms.Textarea(attrs={"rows": 2}),
            "objectives": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "project": "For a project-level risk: the project whose register it is on.",
            "workstream": "For a workstream-level risk (a project's risks take the project's workstream).",
            "review_date": "Leave blank to set it from the level's review cycle.",
            "benefits": "Choose every benefit it threatens; type in the box to narrow the list.",
            "owner_name": "Only when the owner is not a user of the portal.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["objectives"].queryset = Objective.objects.all()
        self.fields["objectives"].label = "Strategic objectives it threatens"
        self.fields["benefits"].queryset = linkable_benefits(user).only("pk", "ref", "title").order_by("number")
        self.fields["benefits"].label = "Benefits it threatens"
        self.fields["benefits"].label_from_instance = lambda benefit: f"{benefit.ref} {benefit.title}"
        self.fields["benefits"].widget = forms.CheckboxSelectMultiple(attrs={"small": True,
                                                                            "filter": "Filter the benefits"})
        self.fields["benefits"].widget.choices = self.fields["benefits"].choices
        self.fields["review_date"].required = False
        score_url = reverse_lazy("risks:score")
        for basis in SCORED:
            for part in ("likelihood", "impact"):
                self.fields[f"{basis}_{part}"].widget.attrs.update({
                    "hx-get": str(score_url),
                    "hx-trigger": "change",
                    "hx-target": f"#{basis}-score",
                    "hx-include": f"[name='{basis}_likelihood'],[name='{basis}_impact']",
                    "hx-vals": f'{{"basis": "{basis}"}}',
                    # The likelihood's and the impact's requests replace each other: an earlier answer arriving
                    # late (the server answers them in parallel) never overwrites the later choice's.
                    "hx-sync": f"#{basis}-score:replace",
                })

    def clean_benefits(self):
        return benefits_to_keep(self.instance, self.cleaned_data["benefits"], self.user)

    def clean(self):
        """A residual not yet assessed follows the inherent ratings unless the residual ones were changed (then the
        model asks for it to be marked assessed)."""
        cleaned = super().clean()
        if not cleaned.get("residual_assessed", True) and not {"residual_likelihood", "residual_impact"} & set(
                self.changed_data):
            for part in ("likelihood", "impact"):
                if f"inherent_{part}" in cleaned:
                    cleaned[f"residual_{part}"] = cleaned[f"inherent_{part}"]
        return cleaned

    def score(self, basis):
        """The score and RAG to show beside the ratings, from the submitted or saved values."""
        values = []
        for part in ("likelihood", "impact"):
            name = f"{basis}_{part}"
            raw = self.data.get(self.add_prefix(name)) if self.is_bound else getattr(self.instance, name, None)
            try:
                values.append(scoring.parse_rating(raw, allow_hml=False))
            except scoring.RatingError:
                return None
        score = scoring.severity(*values)
        return {"score": score, "rag": bands_for(self.tenant).rag(score)}


class MitigationActionForm(RegisterForm):
    class Meta:
        model = MitigationAction
        fields = ["description", "owner", "owner_name", "due_date", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BafEntryForm(RegisterForm):
    class Meta:
        model = BafEntry
        fields = ["principal_risk", "controls", "sources_of_assurance", "gaps_in_control", "gaps_in_assurance",
                  "assurance_rating"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields[:-1]}


class IssueForm(RegisterForm):
    class Meta:
        model = Issue
        fields = ["title", "description", "level", "project", "workstream", "owner", "owner_name", "priority",
                  "status", "resolution", "raised_on", "restricted"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "resolution": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(level.value, level.label) for level in ISSUE_LEVELS]


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, label="Reason")


class DeescalateForm(ReasonForm):
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.all(), required=False,
                                        help_text="The workstream whose register should take it.")
    project = forms.ModelChoiceField(queryset=Project.objects.all(), required=False,
                                     help_text="The project whose register should take it.")


class DecisionForm(BoardDecisionForm):
    """Accepting or rejecting a pending move; for a move onto a board's BAF, how the board decided."""

    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000,
                           label="Note (optional)")


IMPORT_LEVELS = [(level.value, level.label) for level in Level]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label="Risk register (.xlsx)",
                           help_text="The App. 7 layout, as the export writes it. 5 MB at most.")
    level = forms.ChoiceField(choices=IMPORT_LEVELS, label="Register to import into")
    project = forms.ModelChoiceField(queryset=Project.objects.all(), required=False)
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.all(), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Choose an Excel workbook (.xlsx).")
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError("The file is not an Excel workbook (.xlsx).")
        return upload

    def clean(self):
        data = super().clean()
        level = data.get("level")
        if level == Level.PROJECT and not data.get("project"):
            self.add_error("project", "Choose the project whose register this is.")
        if level == Level.WORKSTREAM and not data.get("workstream"):
            self.add_error("workstream", "Choose the workstream whose register this is.")
        return data
