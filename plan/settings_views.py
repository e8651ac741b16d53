"""The page where the PMO and the Programme Director change the plan's tolerances (``PlanSettings``, PID s4.7)
outside the admin: each change with its reason, the history below the form, and a 403 page for everyone else."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.exceptions import PermissionRefused
from core.forms import errors_onto
from core.history import change_log
from core.views import refuse
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


class PlanSettingsForm(forms.Form):
    milestone_tolerance_days = tolerance_field("milestone_tolerance_days")
    deliverable_tolerance_days = tolerance_field("deliverable_tolerance_days")
    step_change_tolerance_days = tolerance_field("step_change_tolerance_days")
    reason = forms.CharField(
        label="Reason for the change", max_length=200,
        help_text="Kept with your name and the date in the settings' history.",
        error_messages={"required": "Give the reason for the change"})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_form(request):
    settings = tolerances.current()
    if not request.user.has_perm(CHANGE_SETTINGS, settings):
        return refuse(request, CHANGE_SETTINGS, settings)
    initial = {name: getattr(settings, name) for name in tolerances.FIELDS}
    form = PlanSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            tolerances.change_settings(request.user, values.pop("reason"), **values)
        except PermissionRefused as exc:
            return refuse(request, exc, settings)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The plan's tolerances were saved.")
            return redirect("plan:settings")
    return render(request, "plan/settings.html", {"form": form, "settings": settings, "history": change_log(settings)},
                  status=400 if form.errors else 200)
