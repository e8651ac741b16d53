"""Budget, actual, forecast outturn, variance and the finance RAG, computed from two grouped queries.

The rule (README "Programme finance"), per project (or workstream or programme line) and UK financial year:

- **budget**: the sum of the budget lines of the year (an adjusting line that ``reduces`` counts negative);
- **actual**: the spend recorded for the months of the year;
- **remaining**: the budget still to be spent: a line for a quarter that has not ended yet counts whole; a line for
  the year as a whole counts for the share of its quarters that have not ended (a quarter of it per quarter);
- **forecast outturn** = actual to date + remaining; **variance** = outturn − budget (positive: overspend);
- **finance RAG**: ``FinanceSettings.rag`` on the variance as a percentage of budget, either way.

Every figure is kept per (workstream, project, partner organisation, year) "cell"; any summary (by level,
workstream, project, partner, year, or the whole programme) is a sum of cells, so the page, the API, the exports
and the board pack agree. Two queries whatever the size of the programme.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Case, F, Sum, When
from django.db.models.functions import ExtractMonth, ExtractYear

from finance.models import Actual, BudgetLine, FinanceSettings

ZERO = Decimal("0.00")
QUARTER_START_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}


def year_label(start):
    return f"{start}/{(start + 1) % 100:02d}"


def year_start(label):
    return int(label[:4])


def quarter_end(year, quarter):
    """The last day of ``quarter`` (1 = April–June) of the financial year starting in April of ``year``."""
    month = QUARTER_START_MONTH[quarter] + 2
    calendar_year = year + 1 if quarter == 4 else year
    following = datetime.date(calendar_year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def open_quarters(year, today):
    """The quarters of financial year ``year`` (its April's calendar year) that have not ended by ``today``."""
    return [q for q in (1, 2, 3, 4) if quarter_end(year, q) >= today]


@dataclass
class Figure:
    """One summary row: budget, actual, remaining, outturn, variance and the RAG."""

    key: object = None
    label: str = ""
    budget: Decimal = ZERO
    actual: Decimal = ZERO
    remaining: Decimal = ZERO
    rag: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def outturn(self):
        return self.actual + self.remaining

    @property
    def variance(self):
        return self.outturn - self.budget

    @property
    def variance_percent(self):
        if not self.budget:
            return None
        return (self.variance * 100 / self.budget).quantize(Decimal("0.1"))

    def as_dict(self):
        key = None if self.key is None else str(self.key)
        return {"key": key, "label": self.label, "budget": f"{self.budget:.2f}", "actual": f"{self.actual:.2f}",
                "remaining": f"{self.remaining:.2f}", "outturn": f"{self.outturn:.2f}",
                "variance": f"{self.variance:.2f}",
                "variance_percent": None if self.variance_percent is None else f"{self.variance_percent}",
                "rag": self.rag, **self.extra}


class Cell(NamedTuple):
    """A tuple, hashed in C: the overview of the ``make bench`` tenant groups some 7,000 of them five ways."""

    level: str
    workstream_id: int | None
    project_id: int | None
    organisation_id: int | None
    year: int


def cells(lines=None, actuals=None, today=None):
    """{Cell: Figure} for the given budget lines and actuals (querysets; the tenant's all by default)."""
    today = today or datetime.date.today()
    lines = BudgetLine.objects.all() if lines is None else lines
    actuals = Actual.objects.all() if actuals is None else actuals
    found = defaultdict(Figure)
    signed = Case(When(reduces=True, then=-F("amount")), default=F("amount"))
    still_open_in = {}
    for row in (lines.order_by().values("level", "workstream_id", "project_id", "funding_source__organisation_id",
                                        "financial_year", "quarter").annotate(total=Sum(signed))):
        year = year_start(row["financial_year"])
        cell = Cell(row["level"], row["workstream_id"], row["project_id"], row["funding_source__organisation_id"],
                    year)
        total = row["total"] or ZERO
        figure = found[cell]
        figure.budget += total
        still_open = still_open_in.get(year)
        if still_open is None:
            still_open = still_open_in[year] = open_quarters(year, today)
        if row["quarter"]:
            figure.remaining += total if row["quarter"] in still_open else ZERO
        else:
            figure.remaining += (total * len(still_open) / 4).quantize(Decimal("0.01"))
    fy = Case(When(month_no__gte=4, then=F("calendar_year")), default=F("calendar_year") - 1)
    for row in (actuals.order_by().annotate(calendar_year=ExtractYear("month"), month_no=ExtractMonth("month"))
                .annotate(fy=fy).values("project__workstream_id", "project_id", "organisation_id", "fy")
                .annotate(total=Sum("amount"))):
        cell = Cell("project", row["project__workstream_id"], row["project_id"], row["organisation_id"], row["fy"])
        found[cell].actual += row["total"] or ZERO
    return found


def summarise(found, key, label=None, settings=None, tenant=None):
    """[Figure] of ``found`` cells grouped by ``key(cell)`` (None leaves a cell out), each with its RAG."""
    settings = settings or FinanceSettings.for_tenant(tenant)
    sums = {}
    for cell, figure in found.items():
        group = key(cell)
        if group is None:
            continue
        total = sums.get(group)
        if total is None:
            sums[group] = [figure.budget, figure.actual, figure.remaining]
        else:
            total[0] += figure.budget
            total[1] += figure.actual
            total[2] += figure.remaining
    rows = [Figure(key=group, label=label(group) if label else str(group), budget=budget, actual=actual,
                   remaining=remaining) for group, (budget, actual, remaining) in sums.items()]
    for row in rows:
        row.rag = settings.rag(row.budget, row.outturn)
    return rows


BY = {
    "programme": lambda cell: "programme",
    "level": lambda cell: cell.level,
    "workstream": lambda cell: cell.workstream_id or 0,
    "project": lambda cell: cell.project_id,
    "partner": lambda cell: cell.organisation_id or 0,
    "year": lambda cell: year_label(cell.year),
}


def largest_variances(rows, count=5):
    """The ``count`` rows furthest from budget, either way, largest first (none that is on budget)."""
    moved = [row for row in rows if row.variance]
    return sorted(moved, key=lambda row: (-abs(row.variance), row.label))[:count]
