"""The programme budget's lines and the actuals as bulk feeds for Power BI and Excel (``core.feeds``), as the API
lists them."""

from core import registry
from finance.models import Actual, BudgetLine


def budget_lines(user):
    return BudgetLine.objects.all()


def actuals(user):
    return Actual.objects.all()


registry.register_feed("budget_lines", "Budget lines", BudgetLine, budget_lines, order=60,
                       extra=(("workstream_name", "workstream__name"), ("project_name", "project__name"),
                              ("funding_source_name", "funding_source__name")))
registry.register_feed("actuals", "Actuals", Actual, actuals, order=61,
                       extra=(("project_name", "project__name"), ("organisation_name", "organisation__name")))
