"""The forecast rule: outturn = actual to date + the budget of the quarters not yet ended (a year's line a quarter
of itself per open quarter); variance and RAG per group; the largest variances either way."""

import datetime
from decimal import Decimal

import pytest

from finance import figures, services, summary
from finance.choices import Level

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 4)  # 2026/27 Q3


def test_quarters_that_have_not_ended():
    assert figures.open_quarters(2026, TODAY) == [3, 4]
    assert figures.quarter_end(2026, 4) == datetime.date(2027, 3, 31)
    assert figures.open_quarters(2025, TODAY) == []


def test_outturn_is_actual_plus_the_budget_still_to_spend(poa, other_project, org, persona):
    pmo = persona("pmo.llr")
    for quarter, amount in ((2, "1000"), (3, "2000")):
        services.create_line(pmo, level=Level.PROJECT, project=other_project, financial_year="2026/27",
                             quarter=quarter, amount=Decimal(amount))
    services.create_line(pmo, level=Level.PROJECT, project=other_project, financial_year="2026/27",
                         amount=Decimal("400"))
    services.record_actuals(pmo, [{"project": other_project, "organisation": org("EMAS"),
                                   "month": datetime.date(2026, 8, 1), "amount": Decimal("1300")}])
    lines = figures.BudgetLine.objects.filter(project=other_project, financial_year="2026/27")
    actuals = figures.Actual.objects.filter(project=other_project)
    (row,) = summary.build("project", lines, actuals, today=TODAY)
    assert row.budget == Decimal("3400")
    assert row.remaining == Decimal("2000") + Decimal("200")  # Q3 whole; half the year's line (Q3 and Q4 open)
    assert row.actual == Decimal("1300") and row.outturn == Decimal("3500")
    assert row.variance == Decimal("100") and row.variance_percent == Decimal("2.9") and row.rag == "green"


def test_a_reducing_line_counts_negative_and_march_spend_is_in_the_year_it_ends(other_project, org, persona):
    pmo = persona("pmo.llr")
    services.create_line(pmo, level=Level.PROJECT, project=other_project, financial_year="2024/25", quarter=4,
                         amount=Decimal("1000"))
    services.create_line(pmo, level=Level.PROJECT, project=other_project, financial_year="2024/25", quarter=4,
                         amount=Decimal("200"), reduces=True)
    services.record_actuals(pmo, [{"project": other_project, "organisation": org("EMAS"),
                                   "month": datetime.date(2025, 3, 1), "amount": Decimal("950")}])
    rows = summary.build("year", figures.BudgetLine.objects.filter(project=other_project, financial_year="2024/25"),
                         figures.Actual.objects.filter(project=other_project), today=TODAY)
    year = next(row for row in rows if row.label == "2024/25")
    assert (year.budget, year.actual, year.remaining) == (Decimal("800"), Decimal("950"), Decimal("0"))
    assert year.rag == "red"  # 18.75% over


def test_largest_variances_either_way():
    rows = [figures.Figure(label=name, budget=Decimal("100"), actual=Decimal(actual))
            for name, actual in (("a", "100"), ("b", "40"), ("c", "130"))]
    assert [row.label for row in figures.largest_variances(rows, 5)] == ["b", "c"]
