"""An approved case's baseline at the document's grain: quarters and "not stated" kept, and each phase's lines split
between the partners as the case's per-phase cost shares say, funded by each partner's contribution."""

from decimal import Decimal

import pytest

from business_cases.choices import Funding, MoneyKind
from business_cases.models import BusinessCase, CostShare, MoneyLine
from core import signals
from finance import services
from finance.choices import SpendKind
from finance.models import BudgetLine, FundingSource

pytestmark = pytest.mark.django_db
D = Decimal


def test_split_amount_adds_up_exactly():
    parts = services.split_amount(D("100.00"), {"a": D("33.33"), "b": D("33.33"), "c": D("33.33")})
    assert parts == {"a": D("33.33"), "b": D("33.33"), "c": D("33.34")} and sum(parts.values()) == D("100.00")


def test_the_baseline_keeps_quarters_and_splits_each_phase_between_partners(poa, org, persona):
    case = BusinessCase.objects.filter(project=poa).first()
    case.money_lines.all().delete()
    case.cost_shares.all().delete()
    tenant = case.tenant
    MoneyLine.objects.create(tenant=tenant, case=case, kind=MoneyKind.COST, funding=Funding.NOT_STATED,
                             financial_year="2026/27", quarter=3, phase=1, amount=D("1000.00"))
    MoneyLine.objects.create(tenant=tenant, case=case, kind=MoneyKind.COST, funding=Funding.CAPITAL,
                             financial_year="2026/27", quarter=4, phase=2, amount=D("500.00"))
    for code, percent in (("LCC", "22"), ("LPT", "27"), ("LCC", "51")):  # LCC's two points of access summed
        CostShare.objects.create(tenant=tenant, case=case, phase=1, organisation=org(code), percent=D(percent))
    signals.business_case_approved.send(sender=BusinessCase, case=case, user=persona("pmo.llr"))
    lines = BudgetLine.objects.filter(business_case=case, change_request__isnull=True).select_related(
        "funding_source__organisation")
    phase_1 = {line.funding_source.organisation.code: line for line in lines if line.phase == 1}
    assert {code: line.amount for code, line in phase_1.items()} == {"LCC": D("730.00"), "LPT": D("270.00")}
    assert {(line.financial_year, line.quarter, line.spend_kind) for line in phase_1.values()} == {
        ("2026/27", 3, SpendKind.NOT_STATED)}
    assert FundingSource.objects.filter(organisation__code="LPT", name__contains=poa.name).count() == 1
    # Phase 2 has no split: one line, unfunded, its quarter and capital kept.
    (phase_2,) = [line for line in lines if line.phase == 2]
    assert (phase_2.quarter, phase_2.spend_kind, phase_2.funding_source_id) == (4, SpendKind.CAPITAL, None)
    # Approving again replaces the baseline and reuses the contributions.
    signals.business_case_approved.send(sender=BusinessCase, case=case, user=persona("pmo.llr"))
    assert BudgetLine.objects.filter(business_case=case, change_request__isnull=True).count() == 3
    assert FundingSource.objects.filter(organisation__code="LPT", name__contains=poa.name).count() == 1
