"""Finance's browser forms: a month's spend on a project, and a ledger extract to import."""

import datetime

from django import forms
from django.utils import timezone

from core.models import Organisation
from finance.choices import SpendKind
from finance.imports import COLUMNS

MONTHS_OFFERED = 24


def recent_months(today=None, count=MONTHS_OFFERED):
    month = (today or timezone.localdate()).replace(day=1)
    months = []
    for _ in range(count):
        months.append(month)
        month = month.replace(year=month.year - 1, month=12) if month.month == 1 else month.replace(
            month=month.month - 1)
    return months


class ActualForm(forms.Form):
    """One partner's spend on the project in one month; entering a month again corrects it."""

    month = forms.TypedChoiceField(label="Month", coerce=datetime.date.fromisoformat)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), label="Partner organisation",
                                          empty_label="Choose an organisation")
    spend_kind = forms.ChoiceField(choices=SpendKind.choices, initial=SpendKind.REVENUE, label="Capital or revenue")
    amount = forms.DecimalField(label="Amount (£)", max_digits=14, decimal_places=2,
                                min_value=0, help_text="Pounds and pence, for example 12500.00.",
                                error_messages={"invalid": "Enter the amount as a number of pounds, like 12500.00.",
                                                "min_value": "The amount cannot be negative."})
    reference = forms.CharField(max_length=100, required=False, label="Ledger reference (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(month.isoformat(), f"{month:%B %Y}") for month in recent_months()]


class ImportForm(forms.Form):
    file = forms.FileField(label="Ledger extract (.xlsx or CSV)",
                           help_text=f"A header row with the columns {', '.join(COLUMNS)}; one row per month's spend.")
