"""The finance dimension of a highlight report reads Finance (budget, actual to date, forecast outturn and the
partnership's finance RAG) where a budget or spend is recorded for the place, else the business cases' profile."""

import datetime
from decimal import Decimal

import pytest

from core.models import Organisation
from finance.models import Actual, BudgetLine, FinanceSettings
from programme.models import Project
from reporting import prefill

pytestmark = pytest.mark.django_db


def finance_of(project, end):
    return prefill.finance(project.workstream, project, end.replace(day=1), end, end)


def test_recorded_budget_and_spend_decide_the_suggestion(in_llr, llr, poa):
    end = datetime.date(2026, 11, 30)
    year = "2026/27"
    BudgetLine.objects.filter(project=poa).delete()
    Actual.objects.filter(project=poa).delete()
    BudgetLine.objects.create(level="project", workstream=poa.workstream, project=poa, financial_year=year,
                              amount=Decimal("100000"))
    organisation = Organisation.objects.order_by("pk").first()
    Actual.objects.create(project=poa, organisation=organisation, month=datetime.date(2026, 5, 1),
                          amount=Decimal("95000"))
    found = finance_of(poa, end)
    # A year-level line counts a quarter of itself per quarter still open on 30 November (Q3, Q4): outturn
    # 95,000 + 50,000 = 145,000 against 100,000, beyond the default red tolerance.
    assert found["facts"][0].startswith(f"{year}: budget £100,000, actual to date £95,000, forecast outturn £145,000")
    assert found["suggested"] == FinanceSettings.for_tenant(llr).rag(Decimal("100000"), Decimal("145000")) == "red"


def test_without_finance_the_case_profile_is_read(in_llr, llr):
    project = Project.objects.exclude(name="Integrating LLR Points of Access").order_by("pk").first()
    BudgetLine.objects.filter(project=project).delete()
    Actual.objects.filter(project=project).delete()
    found = finance_of(project, datetime.date(2026, 11, 30))
    assert found["facts"][-1].startswith("No budget or actual spend is recorded for it in Finance")
