"""The finance summaries the overview page, the API (``budgets/``, ``forecasts/``), the exports and the board pack
share: figures (``finance.figures``) grouped and labelled, with the partnership's RAG."""

from django.utils import timezone

from core.models import Organisation
from core.tenancy import get_current_tenant
from finance import figures
from finance.choices import Level
from finance.models import Actual, BudgetLine, FinanceSettings
from programme.models import Project, Workstream

NO_PARTNER = "No partner named"
LEVEL_LABELS = dict(Level.choices)


def labeller(by):
    """A function naming a group's key, loading the names it needs in one query."""
    if by == "workstream":
        names = dict(Workstream.objects.values_list("pk", "name"))
        return lambda key: names.get(key, "Programme level (no workstream)")
    if by == "project":
        names = dict(Project.objects.values_list("pk", "name"))
        return lambda key: names.get(key, "")
    if by == "partner":
        names = dict(Organisation.objects.values_list("pk", "name"))
        return lambda key: names.get(key, NO_PARTNER)
    if by == "level":
        return lambda key: LEVEL_LABELS.get(key, key)
    if by == "programme":
        return lambda key: "The whole programme"
    return str


def build(by="workstream", lines=None, actuals=None, today=None, tenant=None, cells=None, settings=None):
    """[Figure] grouped ``by`` (``figures.BY``), sorted by label (years in order)."""
    today = today or timezone.localdate()
    found = cells if cells is not None else figures.cells(lines, actuals, today)
    settings = settings or FinanceSettings.for_tenant(tenant or get_current_tenant())
    rows = figures.summarise(found, figures.BY[by], labeller(by), settings)
    return sorted(rows, key=lambda row: (row.label == NO_PARTNER, row.label))


def from_form(form, tenant, today=None):
    """(cells, by) for a valid ``SummaryForm``."""
    lines, actuals = form.narrow(BudgetLine.objects.all(), Actual.objects.all())
    return figures.cells(lines, actuals, today or timezone.localdate()), form.cleaned_data.get("by") or "workstream"
