"""Totals as the source documents state them against what the portal computes from the budget lines: every
difference is shown, never "fixed" (shared data README: seed 004 disagrees with itself)."""

from dataclasses import dataclass
from decimal import Decimal

from business_cases import money
from finance.models import BudgetLine, StatedTotal


@dataclass(frozen=True)
class Check(money.Check):
    """A stated total against the sum of the lines it covers, with where it is stated."""

    source: str = ""


def _organisation(line):
    return line.funding_source.organisation_id if line.funding_source_id else None


def matches(stated, line):
    return ((stated.business_case_id is None or line.business_case_id == stated.business_case_id)
            and (stated.phase is None or line.phase == stated.phase)
            and (stated.organisation_id is None or _organisation(line) == stated.organisation_id)
            and (not stated.financial_year or line.financial_year == stated.financial_year))


def checks(project):
    """[Check] for each total stated for ``project``: the sum of its budget lines of the same business case, phase,
    partner and year (each only where the total names one)."""
    lines = list(BudgetLine.objects.filter(project=project).select_related("funding_source"))
    return [Check(stated.label, stated.amount,
                  sum((line.signed_amount for line in lines if matches(stated, line)), Decimal("0.00")),
                  source=stated.source)
            for stated in StatedTotal.objects.filter(project=project)]
