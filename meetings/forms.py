"""Forms of the meetings pages: a decision or an action for a meeting's logs, and the PMO's cadence and settings.
The services judge the input again (``meetings.services``): the API and the browser meet the same rules."""

import calendar as calendar_module

from django import forms

from core.forms import TEXT_MAX_LENGTH
from core.models import User
from meetings.models import AgendaItem, MeetingCadence, MeetingSettings
from meetings.models.meetings import LAST_WEEK, WEEKDAYS


class DecisionForm(forms.Form):
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_LENGTH)
    agenda_item = forms.ModelChoiceField(label="Agenda item", queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class ActionForm(forms.Form):
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX_LENGTH)
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(), required=False)
    owner_name = forms.CharField(label="Or the owner's name, if not a portal user", required=False, max_length=200)
    due_date = forms.DateField(label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    agenda_item = forms.ModelChoiceField(label="Agenda item", queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["owner"].queryset = User.objects.filter(memberships__tenant_id=meeting.tenant_id,
                                                            is_active=True).order_by("first_name", "last_name")
    # That the action has an owner (a user or a name) is the service's rule: meetings.record_action.


WEEK_CHOICES = [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (LAST_WEEK, "Last")]
MONTH_CHOICES = [(number, calendar_module.month_name[number]) for number in range(1, 13)]


class CadenceForm(forms.ModelForm):
    """When a body meets: every so many months from a month it meets in, on the nth weekday of the month."""

    every_months = forms.IntegerField(
        label="Meets every how many months", min_value=1, max_value=12,
        help_text="1 for every month, 2 for every two months, 3 for every quarter (1 to 12).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}))
    first_month = forms.TypedChoiceField(
        label="A month it meets in", coerce=int, choices=MONTH_CHOICES,
        help_text="The other meetings follow every so many months from this one (for example January for "
                  "January, March, May… when it meets every 2 months).")
    weekday = forms.TypedChoiceField(label="Day of the week", coerce=int, choices=list(enumerate(WEEKDAYS)))
    week = forms.TypedChoiceField(label="Which one in the month", coerce=int, choices=WEEK_CHOICES,
                                  help_text="For example, the second Tuesday of the month.")

    class Meta:
        model = MeetingCadence
        fields = ["every_months", "first_month", "weekday", "week", "time", "location", "in_public", "active"]
        labels = {
            "time": "Time the meeting starts",
            "location": "Where it meets",
            "in_public": "Meets in public",
            "active": "Schedule this body's meetings from this cadence",
        }
        help_texts = {"time": "24-hour clock, for example 14:00."}
        widgets = {
            "time": forms.TimeInput(attrs={"type": "time", "class": "nhsuk-input--width-5"}, format="%H:%M"),
        }


class MeetingSettingsForm(forms.ModelForm):
    pack_days_before = forms.IntegerField(
        label="Days before each meeting its board pack is prepared", min_value=0, max_value=60,
        help_text="The schedule renders each meeting's pack this many days before it (0 to 60).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}))
    meetings_ahead = forms.IntegerField(
        label="Meetings of each body kept scheduled ahead", min_value=1, max_value=24,
        help_text="How many future meetings of each body are scheduled from its cadence (1 to 24).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}))

    class Meta:
        model = MeetingSettings
        fields = ["pack_days_before", "meetings_ahead"]


class BoardDecisionForm(forms.Form):
    """How a board decided (``meetings.decisions``, PID s3.2), for every board-level step's form: one of the
    board's meetings in progress or held, or a chair's action with its reason. Combine it with a step's own form
    by inheritance; the page offers the meetings (``templates/meetings/_board_decision_fields.html``) and the
    service judges the choice (a message naming the field)."""

    decided_at_meeting = forms.IntegerField(label="Decided at the board's meeting", required=False, min_value=1)
    chairs_action = forms.BooleanField(label="Or: decided by chair's action between meetings", required=False)
    reason = forms.CharField(label="Reason for the chair's action", required=False, max_length=5000)
    conditions = forms.CharField(label="Conditions (optional)", required=False, max_length=5000)
