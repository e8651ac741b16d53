"""Partner resources' browser forms: a pledge, a case's demand for a quarter, and a pledge's redeployment outcome.
The services check everything again (``finance.resources``); these only offer the choices."""

from django import forms

from business_cases.choices import CaseStatus
from business_cases.models import BusinessCase
from core.forms import MemberChoiceField
from core.models import Organisation, User
from core.tenancy import get_current_tenant_id
from core.widgets import OptionsSelect
from finance import quarters
from finance.choices import Level
from finance.models import Skill
from finance.models.resources import MAX_WTE, GradeBand, Outcome, PledgeKind
from programme.models import Project, Workstream

WTE_ERRORS = {"invalid": "Enter the whole-time equivalent as a number, like 0.5.",
              "min_value": "Whole-time equivalent must be more than 0 (e.g. 0.5 for half time).",
              "max_value": f"Whole-time equivalent is at most {MAX_WTE} on one pledge."}


def wte_field(**kwargs):
    return forms.DecimalField(label="Whole-time equivalent (WTE)", max_digits=5, decimal_places=2,
                              min_value=0.01, max_value=MAX_WTE, error_messages=WTE_ERRORS, **kwargs)


def quarter_choices(**kwargs):
    return [(q, q) for q in quarters.offered(**kwargs)]


class PledgeForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), label="Partner organisation",
                                          empty_label="Choose an organisation")
    kind = forms.ChoiceField(choices=PledgeKind.choices, label="Kind of resource")
    level = forms.ChoiceField(choices=Level.choices, initial=Level.PROJECT, label="Pledged to")
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.all(), required=False)
    project = forms.ModelChoiceField(queryset=Project.objects.only("pk", "name", "workstream_id"), required=False,
                                     widget=OptionsSelect)
    first_quarter = forms.ChoiceField(label="From quarter", help_text="Q1 is April to June.")
    last_quarter = forms.ChoiceField(label="To quarter")
    wte = wte_field(required=False, help_text="For people: 1.0 is full time.")
    grade = forms.ChoiceField(choices=GradeBand.choices, required=False, label="Grade band")
    skill = forms.ModelChoiceField(queryset=Skill.objects.all(), required=False, empty_label="Choose a skill")
    person = MemberChoiceField(queryset=User.objects.none(), required=False, label="Named person (member)")
    person_name = forms.CharField(max_length=120, required=False, label="Or the person's name")
    description = forms.CharField(max_length=200, required=False, label="Space: what and where")
    desks = forms.IntegerField(min_value=0, max_value=1000, required=False)
    rooms = forms.IntegerField(min_value=0, max_value=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = quarter_choices(before=4)
        self.fields["first_quarter"].choices = choices
        self.fields["last_quarter"].choices = choices
        self.fields["person"].queryset = User.objects.filter(
            memberships__tenant_id=get_current_tenant_id()).distinct().order_by("username")


class DemandForm(forms.Form):
    business_case = forms.ModelChoiceField(queryset=BusinessCase.objects.none(), label="Approved business case",
                                           empty_label="Choose a case")
    skill = forms.ModelChoiceField(queryset=Skill.objects.all(), empty_label="Choose a skill")
    quarter = forms.ChoiceField(label="Quarter", help_text="Q1 is April to June.")
    wte = wte_field()
    note = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_case"].queryset = BusinessCase.objects.filter(project=project,
                                                                            status=CaseStatus.APPROVED)
        self.fields["quarter"].choices = quarter_choices(before=4, after=15)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices[1:], label="Outcome")
    outcome_note = forms.CharField(max_length=200, required=False, label="Where to, or a note",
                                   help_text="Needed for a redeployment, e.g. 'redeployed to the Home First project'.")


class SkillForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="As pledges and demands will name it, e.g. Business analysis.")
    description = forms.CharField(max_length=300, required=False,
                                  help_text="What the skill covers, if the name alone could be read two ways.")
