"""Changing the partnership's tolerances for the plan (``PlanSettings``, PID s4.7: a forecast slip beyond tolerance
is a change for change control).

Only the PMO and the Programme Director may (``plan.change_plansettings``, ``plan.rules``); each change gives its
reason, kept with who and when in the settings' history. One step for the page (``plan.settings_views``) and the
API (``plan-settings/``): refused (``PermissionRefused``) or bad input (``ValidationError`` naming the field)
changes nothing (``core.settings_pages.change``).
"""

from core import settings_pages
from core.tenancy import get_current_tenant
from plan.models import PlanSettings
from plan.rules import CHANGE_SETTINGS

VERB = "change the plan's tolerances"
FIELDS = ("milestone_tolerance_days", "deliverable_tolerance_days", "step_change_tolerance_days")


def current():
    """The active partnership's plan settings (the defaults, unsaved, until they are first changed)."""
    return PlanSettings.for_tenant(get_current_tenant())


def change_settings(user, reason, **values):
    """Set any of the tolerances (``FIELDS``, whole days from 0 to 365) for ``reason``; returns the settings."""
    return settings_pages.change(current(), user, CHANGE_SETTINGS, VERB, reason,
                                 {name: values[name] for name in FIELDS if name in values})
