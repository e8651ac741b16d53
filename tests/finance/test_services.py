"""Budget lines, the baseline from an approved case, adjustments from approved change requests, and actuals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from business_cases.choices import Funding, MoneyKind
from business_cases.models import BusinessCase, MoneyLine
from change_control.choices import Decision
from change_control.models import ChangeRequest
from core import signals
from core.exceptions import PermissionRefused
from finance import services
from finance.choices import Level, SpendKind
from finance.models import Actual, BudgetLine, FinanceSettings

pytestmark = pytest.mark.django_db


def test_a_project_line_takes_its_workstream(poa, persona):
    line = services.create_line(persona("pmo.llr"), level=Level.PROJECT, project=poa, financial_year="2026/27",
                                quarter=2, amount=Decimal("1000"))
    assert line.workstream_id == poa.workstream_id and line.history.count() == 1


@pytest.mark.parametrize(("values", "field"), [
    ({"financial_year": "2026-27"}, "financial_year"),
    ({"financial_year": "2026/28"}, "financial_year"),
    ({"quarter": 5}, "quarter"),
    ({"quarter": 0}, "quarter"),
    ({"amount": Decimal("-1")}, "amount"),
    ({"level": Level.PROGRAMME}, "project"),
])
def test_bad_lines_are_refused_by_field_and_nothing_saved(poa, persona, values, field):
    before = BudgetLine.objects.count()
    fields = {"level": Level.PROJECT, "project": poa, "financial_year": "2026/27", "amount": Decimal("10"), **values}
    with pytest.raises(ValidationError) as refused:
        services.create_line(persona("pmo.llr"), **fields)
    assert field in refused.value.message_dict
    assert BudgetLine.objects.count() == before


def test_only_the_finance_office_sets_the_budget(poa, persona):
    with pytest.raises(PermissionRefused):
        services.create_line(persona("pm.poa.llr"), level=Level.PROJECT, project=poa, financial_year="2026/27",
                             amount=Decimal("10"))


def test_an_approved_case_becomes_the_baseline_and_a_second_approval_replaces_it(poa, persona):
    case = BusinessCase.objects.filter(project=poa).first()
    case.money_lines.all().delete()
    MoneyLine.objects.create(tenant=case.tenant, case=case, kind=MoneyKind.COST, funding=Funding.CAPITAL,
                             financial_year="2025/26", amount=Decimal("500"))
    MoneyLine.objects.create(tenant=case.tenant, case=case, kind=MoneyKind.COST, amount=Decimal("300"))
    MoneyLine.objects.create(tenant=case.tenant, case=case, kind=MoneyKind.SAVING, financial_year="2026/27",
                             amount=Decimal("900"))
    for _ in range(2):
        signals.business_case_approved.send(sender=BusinessCase, case=case, user=persona("pmo.llr"))
    lines = BudgetLine.objects.filter(business_case=case).order_by("amount")
    assert [(line.amount, line.spend_kind) for line in lines] == [
        (Decimal("300.00"), SpendKind.REVENUE), (Decimal("500.00"), SpendKind.CAPITAL)]
    assert lines[1].financial_year == "2025/26" and lines[0].project_id == poa.pk


def test_an_approved_change_with_a_saving_reduces_the_budget(poa, persona):
    request = ChangeRequest.objects.filter(project=poa).first() or ChangeRequest.objects.first()
    request.decision, request.cost_impact = Decision.APPROVE, Decimal("-2500")
    signals.change_request_decided.send(sender=ChangeRequest, change_request=request, user=persona("pmo.llr"))
    line = BudgetLine.objects.get(change_request=request)
    assert line.reduces and line.amount == Decimal("2500") and line.signed_amount == Decimal("-2500")
    request.decision = Decision.REJECT
    signals.change_request_decided.send(sender=ChangeRequest, change_request=request, user=persona("pmo.llr"))
    assert BudgetLine.objects.filter(change_request=request).count() == 1


def test_actuals_are_all_or_nothing_and_name_the_item(poa, org, persona, last_month):
    before = Actual.objects.count()
    good = {"project": poa, "organisation": org("LPT"), "month": last_month, "amount": Decimal("10")}
    bad = {**good, "organisation": org("UHL"), "amount": Decimal("-5")}
    with pytest.raises(ValidationError) as refused:
        services.record_actuals(persona("pm.poa.llr"), [good, bad])
    assert list(refused.value.message_dict) == ["items[1].amount"]
    assert Actual.objects.count() == before


def test_a_month_not_begun_or_given_twice_is_refused(poa, org, persona, last_month):
    future = datetime.date.today().replace(day=28) + datetime.timedelta(days=10)
    item = {"project": poa, "organisation": org("LPT"), "month": last_month, "amount": Decimal("10")}
    with pytest.raises(ValidationError) as refused:
        services.record_actuals(persona("pm.poa.llr"), [{**item, "month": future}, item, item])
    assert set(refused.value.message_dict) == {"items[0].month", "items[2].month"}


def test_recording_a_month_again_corrects_it(poa, org, persona, last_month):
    item = {"project": poa, "organisation": org("LPT"), "month": last_month.replace(day=15),
            "amount": Decimal("10"), "spend_kind": SpendKind.CAPITAL}
    services.record_actuals(persona("pm.poa.llr"), [item])
    services.record_actuals(persona("pm.poa.llr"), [{**item, "amount": Decimal("12.50")}])
    row = Actual.objects.get(project=poa, organisation=org("LPT"), month=last_month, spend_kind=SpendKind.CAPITAL)
    assert row.amount == Decimal("12.50") and row.history.count() == 2


def test_someone_outside_the_project_cannot_record_its_spend(poa, org, persona, last_month):
    with pytest.raises(PermissionRefused):
        services.record_actuals(persona("viewer.uhl.llr"), [
            {"project": poa, "organisation": org("UHL"), "month": last_month, "amount": Decimal("1")}])


@pytest.mark.parametrize(("outturn", "rag"), [("105", "green"), ("94.9", "amber"), ("110", "amber"),
                                              ("110.01", "red"), ("80", "red")])
def test_the_finance_rag_follows_the_tolerances(in_llr, outturn, rag):
    settings = FinanceSettings.for_tenant(in_llr)
    assert settings.rag(Decimal("100"), Decimal(outturn)) == rag


def test_no_budget_but_spend_is_red(in_llr):
    settings = FinanceSettings.for_tenant(in_llr)
    assert settings.rag(Decimal("0"), Decimal("1")) == "red" and settings.rag(Decimal("0"), Decimal("0")) == "green"
