"""The page where the PMO and the Programme Director change the plan's tolerances (``PlanSettings``, PID s4.7)
outside the admin: each change with its reason, the history below the form, and a 403 page for everyone else."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods

from core import settings_pages
from plan import tolerances
from plan.models.settings import MAX_TOLERANCE, PlanSettings
from plan.rules import CHANGE_SETTINGS


def tolerance_field(name):
    """A form field for the model's tolerance ``name``, with messages that name it."""
    model_field = PlanSettings._meta.get_field(name)
    label, bounds = model_field.verbose_name.capitalize(), f"a whole number of days from 0 to {MAX_TOLERANCE}"
    what = model_field.verbose_name.split(" (")[0]
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_TOLERANCE, help_text=model_field.help_text,
        error_messages={"required": f"Enter the {what}, {bounds}",
                        "invalid": f"Enter the {what} as {bounds}",
                        "min_value": f"The {what} cannot be negative: enter {bounds}",
                        "max_value": f"The {what} is at most {MAX_TOLERANCE} days"},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}))


class PlanSettingsForm(settings_pages.ReasonForm):
    milestone_tolerance_days = tolerance_field("milestone_tolerance_days")
    deliverable_tolerance_days = tolerance_field("deliverable_tolerance_days")
    step_change_tolerance_days = tolerance_field("step_change_tolerance_days")
    field_order = [*tolerances.FIELDS, "reason"]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_form(request):
    return settings_pages.page(request, tolerances.current(), CHANGE_SETTINGS, tolerances.VERB, PlanSettingsForm,
                               "plan/settings.html", "The plan's tolerances were saved.", "plan:settings",
                               tolerances.FIELDS, heading="Plan tolerances", button="Save the tolerances",
                               cancel="plan:register")
