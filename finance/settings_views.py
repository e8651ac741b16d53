"""The page where the PMO and the Programme Director change the finance RAG's tolerances (``FinanceSettings``)
outside the admin: each change with its reason, the history below the form (``core.settings_pages``)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods

from core import settings_pages
from core.tenancy import get_current_tenant
from finance.models import FinanceSettings
from finance.rules import CHANGE_SETTINGS

FIELDS = ("amber_beyond_percent", "red_beyond_percent")
VERB = "change the finance tolerances"


class FinanceSettingsForm(settings_pages.ReasonForm):
    model, model_fields = FinanceSettings, FIELDS
    widgets = settings_pages.number_inputs(FIELDS, inputmode="decimal", width=4)


def current():
    return FinanceSettings.for_tenant(get_current_tenant())


def change(user, reason, values):
    """The one step the page and ``finance-settings/`` share: refused or bad input changes nothing."""
    return settings_pages.change(current(), user, CHANGE_SETTINGS, VERB, reason, values)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_form(request):
    return settings_pages.page(request, current(), CHANGE_SETTINGS, VERB, FinanceSettingsForm,
                               "finance/settings.html", "The finance tolerances were saved.", "finance:overview",
                               FIELDS, heading="Finance tolerances", button="Save the tolerances",
                               cancel="finance:overview")
