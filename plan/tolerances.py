"""Changing the partnership's tolerances for the plan (``PlanSettings``, PID s4.7: a forecast slip beyond tolerance
is a change for change control).

Only the PMO and the Programme Director may (``plan.change_plansettings``, ``plan.rules``); each change gives its
reason, kept with who and when in the settings' history. One step for the page (``plan.settings_views``) and the
API (``plan-settings/``): refused (``PermissionRefused``) or bad input (``ValidationError`` naming the field)
changes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from core import rules
from core.tenancy import get_current_tenant
from plan.models import PlanSettings
from plan.rules import CHANGE_SETTINGS

FIELDS = ("milestone_tolerance_days", "deliverable_tolerance_days", "step_change_tolerance_days")


def current():
    """The active partnership's plan settings (the defaults, unsaved, until they are first changed)."""
    return PlanSettings.for_tenant(get_current_tenant())


def change_settings(user, reason, **values):
    """Set any of the tolerances (``FIELDS``, whole days from 0 to 365) for ``reason``; returns the settings."""
    with transaction.atomic():
        settings = PlanSettings.objects.select_for_update().filter(tenant=get_current_tenant()).first() or current()
        rules.require(user, CHANGE_SETTINGS, settings, verb="change the plan's tolerances")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": ["Give the reason for the change: it is kept in the settings' history."]})
        if settings.pk is None:  # the first change: the defaults it changes from are recorded first
            settings.full_clean(exclude=["tenant"])
            settings._history_user = user
            settings._change_reason = "The product defaults"
            settings.save()
        for name in FIELDS:
            if name in values:
                setattr(settings, name, values[name])
        settings.full_clean(exclude=["tenant"])
        settings._history_user = user
        settings._change_reason = reason
        settings.save()
        return settings
