"""Forms of the lifecycle pages; the services validate again (the API and the browser meet the same rules)."""

from django import forms

from core.choices import Role
from core.forms import TEXT_MAX_LENGTH, DateField, MemberChoiceField
from core.models import User
from lifecycle.choices import (
    DIMENSIONS,
    DOMAINS,
    RATINGS,
    Decision,
    Impact,
    ProtectedCharacteristic,
    QualityOutcome,
    QualityReviewer,
)
from lifecycle.models import Lesson
from meetings.decisions import HowDecided
from meetings.forms import BoardDecisionForm
from programme.choices import WorkstreamKind
from programme.models import Project, Stage, Workstream


def members(tenant):
    return User.objects.filter(memberships__tenant=tenant, is_active=True).order_by(
        "first_name", "last_name", "username")


class ReportForm(forms.Form):
    changes_delivered = forms.CharField(label="Changes delivered this stage", widget=forms.Textarea, required=False,
                                        max_length=TEXT_MAX_LENGTH)
    benefits_delivered = forms.CharField(label="Benefits delivered this stage", widget=forms.Textarea,
                                         required=False, max_length=TEXT_MAX_LENGTH)
    next_stage_plan = forms.CharField(label="Plan for the next stage", widget=forms.Textarea, required=False,
                                      max_length=TEXT_MAX_LENGTH)
    risks_summary = forms.CharField(label="Risks", widget=forms.Textarea, required=False, max_length=TEXT_MAX_LENGTH)
    lessons = forms.ModelMultipleChoiceField(queryset=Lesson.objects.all(), required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text="Lessons learned this stage, from the log.")


class LessonForm(forms.Form):
    title = forms.CharField(max_length=200)
    what_was_learned = forms.CharField(label="What was learned", widget=forms.Textarea, max_length=TEXT_MAX_LENGTH)
    what_changed = forms.CharField(label="What changed because of it", widget=forms.Textarea, required=False,
                                   max_length=TEXT_MAX_LENGTH)
    learned_by_name = forms.CharField(label="Who learned it (leave blank for yourself)", max_length=200,
                                      required=False)
    stage = forms.ModelChoiceField(queryset=Stage.objects.all(), required=False)
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.all(), required=False)
    project = forms.ModelChoiceField(queryset=Project.objects.all(), required=False)

    def clean(self):
        data = super().clean()
        project, workstream = data.get("project"), data.get("workstream")
        if project and workstream and project.workstream_id != workstream.pk:
            self.add_error("project", f"{project} is not a project of {workstream}.")
        return data


class LessonSearchForm(forms.Form):
    q = forms.CharField(label="Search lessons", required=False, max_length=200)


class RaciForm(forms.Form):
    """One process's row of the matrix: each role's letters, and why they change."""

    reason = forms.CharField(label="Why the letters change", max_length=100, required=False,
                             help_text="Kept in the matrix's history with your name.")

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {entry.role: entry for entry in entries}
        for role in Role.values:
            if role in self.entries:
                self.fields[f"letters_{role}"] = forms.CharField(
                    label=Role(role).label, max_length=4, required=False, initial=self.entries[role].letters,
                    widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4", "autocomplete": "off"}))
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])

    def changes(self):
        return {entry: self.cleaned_data.get(f"letters_{role}", "") for role, entry in self.entries.items()}


class StartWorkstreamForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the workstream's name"})
    kind = forms.ChoiceField(choices=WorkstreamKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of workstream"})
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_MAX_LENGTH)
    sro = MemberChoiceField(label="Senior responsible owner (SRO)", queryset=User.objects.none(), required=False)
    lead = MemberChoiceField(label="Workstream lead", queryset=User.objects.none(), required=False)
    note = forms.CharField(label="Note for the log", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=TEXT_MAX_LENGTH)

    def __init__(self, *args, tenant, **kwargs):
        kwargs.setdefault("prefix", "workstream")
        super().__init__(*args, **kwargs)
        for name in ("sro", "lead"):
            self.fields[name].queryset = members(tenant)


class StartProjectForm(forms.Form):
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.none(),
                                        error_messages={"required": "Select the project's workstream"})
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the project's name"})
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_MAX_LENGTH)
    manager = MemberChoiceField(label="Project manager", queryset=User.objects.none(), required=False)
    note = forms.CharField(label="Note for the log", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=TEXT_MAX_LENGTH)

    def __init__(self, *args, tenant, workstreams, **kwargs):
        kwargs.setdefault("prefix", "project")
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = workstreams
        self.fields["manager"].queryset = members(tenant)


class CloseForm(forms.Form):
    """Close a workstream or project: a new owner for each item it must hand over (its benefits:
    ``services.to_hand_over``), and a note."""

    note = forms.CharField(label="Note for the log", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=TEXT_MAX_LENGTH)

    def __init__(self, *args, tenant, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.to_hand_over = {}
        for item in items:
            name = f"handover_{item.pk}"
            self.to_hand_over[name] = item
            owner = getattr(item, "owner", None) if item.owner_id else None
            owner = owner.get_full_name() or owner.username if owner is not None else "nobody"
            self.fields[name] = MemberChoiceField(
                label=f"New owner of {item.ref}: {getattr(item, 'title', '')}", queryset=members(tenant),
                required=False,
                help_text=f"Owned now by {owner}. Leave blank if it is embedded or handed over some other way.")
        self.order_fields([*self.to_hand_over, "note"])

    def handovers(self):
        return {item: self.cleaned_data[name] for name, item in self.to_hand_over.items()
                if self.cleaned_data.get(name) is not None}


IMPACT_CHOICES = [("", "Not assessed yet"), *Impact.choices]


class EiaForm(forms.Form):
    """An EIA and its row per protected characteristic (impact, evidence, mitigation)."""

    title = forms.CharField(max_length=200, error_messages={"required": "Enter the EIA's title"})
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.none(),
                                        error_messages={"required": "Select the workstream"})
    service_change = forms.CharField(label="Service change assessed", required=False, max_length=TEXT_MAX_LENGTH,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text="Leave blank if the EIA covers the whole workstream.")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_MAX_LENGTH)

    def __init__(self, *args, workstreams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workstreams is None:
            del self.fields["workstream"]  # an EIA stays with its workstream
        else:
            self.fields["workstream"].queryset = workstreams
        self.characteristic_names = []
        for key, label in ProtectedCharacteristic.choices:
            self.fields[f"{key}_impact"] = forms.ChoiceField(label=f"{label}: impact", choices=IMPACT_CHOICES,
                                                             required=False)
            self.fields[f"{key}_evidence"] = forms.CharField(label=f"{label}: evidence", required=False,
                                                             max_length=TEXT_MAX_LENGTH,
                                                             widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{key}_mitigation"] = forms.CharField(
                label=f"{label}: mitigation", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                max_length=TEXT_MAX_LENGTH,
                help_text="Needed for a negative impact before the SRO can sign off.")
            self.characteristic_names.append((label, [f"{key}_impact", f"{key}_evidence", f"{key}_mitigation"]))

    @staticmethod
    def initial_for(eia):
        initial = {"title": eia.title, "service_change": eia.service_change, "summary": eia.summary}
        for row in eia.characteristics.all():
            initial.update({f"{row.characteristic}_impact": row.impact, f"{row.characteristic}_evidence": row.evidence,
                            f"{row.characteristic}_mitigation": row.mitigation})
        return initial

    def main_fields(self):
        return [self[name] for name in ("title", "workstream", "service_change", "summary") if name in self.fields]

    def characteristic_groups(self):
        return [(label, [self[name] for name in names]) for label, names in self.characteristic_names]

    def values(self):
        data = self.cleaned_data
        rows = [{"characteristic": key, "impact": data[f"{key}_impact"], "evidence": data[f"{key}_evidence"],
                 "mitigation": data[f"{key}_mitigation"]}
                for key in ProtectedCharacteristic.values if data.get(f"{key}_impact")]
        values = {name: data[name] for name in ("title", "service_change", "summary")}
        if "workstream" in self.fields:
            values["workstream"] = data["workstream"]
        return {**values, "characteristics": rows}


class CriterionForm(forms.Form):
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.none(),
                                        error_messages={"required": "Select the workstream"})
    product = forms.CharField(max_length=200, help_text="The workstream's product, for example its workbook.",
                              error_messages={"required": "Enter the product"})
    acceptance_criteria = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX_LENGTH,
                                          error_messages={"required": "Enter the acceptance criteria"})
    reviewer = forms.ChoiceField(label="Reviewed by", choices=QualityReviewer.choices, widget=forms.RadioSelect,
                                 initial=QualityReviewer.CRG)

    def __init__(self, *args, workstreams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = workstreams


RATING_CHOICES = [("", "Choose a rating"), *RATINGS]


class ReviewForm(forms.Form):
    """A Clinical Reference Group or Clinical Senate review, rated on every dimension and domain (PID s4.5)."""

    reviewer = forms.ChoiceField(label="Reviewed by", choices=QualityReviewer.choices, widget=forms.RadioSelect)
    reviewed_on = DateField(label="Date of the review", required=False, help_text="Leave blank for today.",
                            error_messages={"invalid": "Enter the date as a real date, for example 10 February 2016"})
    outcome = forms.ChoiceField(choices=QualityOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the outcome"})
    comments = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_MAX_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prefix, wanted in (("dimension", DIMENSIONS), ("domain", DOMAINS)):
            for key, label in wanted:
                self.fields[f"{prefix}_{key}"] = forms.ChoiceField(
                    label=label, choices=RATING_CHOICES, error_messages={"required": f"Rate '{label}'"})
        self.order_fields(["reviewer", "reviewed_on", "outcome"])

    def group(self, prefix, wanted):
        return [self[f"{prefix}_{key}"] for key, _ in wanted]

    def dimension_fields(self):
        return self.group("dimension", DIMENSIONS)

    def domain_fields(self):
        return self.group("domain", DOMAINS)

    def values(self):
        data = self.cleaned_data
        return {
            "reviewer": data["reviewer"], "reviewed_on": data["reviewed_on"], "outcome": data["outcome"],
            "comments": data["comments"],
            "dimensions": {key: data[f"dimension_{key}"] for key, _ in DIMENSIONS},
            "domains": {key: data[f"domain_{key}"] for key, _ in DOMAINS},
        }


class BoardStepForm(BoardDecisionForm):
    """A board's decision on a lifecycle paper (``lifecycle.boards``): approve or reject (the button pressed), a
    note, and how the board decided: one of its meetings in progress or held (offered by date), or a chair's action
    with its reason; conditions and declared interests are optional. The service judges the meeting again."""

    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.HiddenInput, error_messages={
        "required": "Choose approve or reject", "invalid_choice": "Choose approve or reject"})
    interests = forms.ModelMultipleChoiceField(
        label="Members who declared an interest", queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"filter": "Filter the members", "small": True}))
    note = forms.CharField(label="Note on the decision", required=False, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["decided_at_meeting", "chairs_action", "reason", "conditions", "interests", "note"]

    def __init__(self, *args, board, meetings, tenant, note_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        meeting = self.fields["decided_at_meeting"]
        meeting.label = f"The {board} meeting at which it decided"
        meeting.help_text = "Its meetings in progress or held. Or record a chair's action below."
        meeting.widget = forms.Select(choices=[("", "Choose a meeting"), *[
            (item.pk, f"{item.date:%-d %B %Y} ({item.get_status_display().lower()})") for item in meetings]])
        meeting.error_messages["invalid"] = "Choose one of the board's meetings"
        # a new widget keeps the field's maxlength (set on the old widget when the field was made)
        self.fields["reason"].widget = forms.Textarea(attrs={**self.fields["reason"].widget.attrs, "rows": 2})
        self.fields["reason"].help_text = "Needed for a chair's action: why it could not wait for the next meeting."
        self.fields["conditions"].widget = forms.Textarea(attrs={**self.fields["conditions"].widget.attrs, "rows": 2})
        self.fields["interests"].queryset = members(tenant)
        if note_label:
            self.fields["note"].label = note_label

    def how(self):
        return HowDecided.from_data(self.cleaned_data)
