"""The demo's business cases (API.md "Demo data"; seed 004 Tables 3–9) and that loading it twice changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from business_cases import money
from business_cases.models import Brief, BusinessCase, BusinessCaseVersion, CostShare, MoneyLine
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def test_points_of_access_fbc(in_llr):
    case = BusinessCase.objects.select_related("author", "recommended_by", "decided_by").get(
        title="Integrating LLR Points of Access")
    assert (case.ref, case.value, case.tier, case.document_type, case.status) == (
        "BC-0001", Decimal("2273100.00"), "obc_fbc", "fbc", "approved")
    assert case.project.workstream.name == "Urgent Care"
    assert (case.author.username, case.recommended_by.username, case.decided_by.username) == (
        "lead.urgentcare.llr", "sro.llr", "pmo.llr")
    # Its OBC was decided before the portal: recorded as decided elsewhere (test_decided_elsewhere.py), not invented.
    assert case.obc_approved_by is None and case.prior_decisions.get().stage == "obc"
    assert case.missing_sections == []
    summary = money.summarise(case.value, case.money_lines.all(), case.cost_shares.all(), case.stated_totals.all())
    # The cost detail is Tables 6–8 by quarter (Table 5 and Table 9 are kept as stated totals: test_money_fbc.py).
    assert summary["totals"]["cost"] == summary["totals"]["not_stated_cost"] == Decimal("2110900")
    assert summary["totals"]["saving"] == Decimal("4355144")
    assert {p: v["cost"] for p, v in summary["by_phase"].items()} == {
        1: Decimal("707600"), 2: Decimal("1178400"), 3: Decimal("224900")}
    assert list(summary["by_year"]) == ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22"]
    assert list(summary["by_quarter"])[0] == "2016/17 Q2" and len(summary["by_quarter"]) == 8
    assert [(g["phase"], g["percent"]) for g in summary["splits"]] == [
        (None, Decimal("100")), (1, Decimal("100")), (2, Decimal("99.99")), (3, Decimal("100"))]
    assert summary["split_percent"] == Decimal("100")  # the whole case's: Table 9's "% of benefits"
    assert CostShare.objects.filter(case=case, organisation__code="LPT").count() == 2 + 4


def test_other_cases_and_briefs(in_llr):
    by_title = {c.title: c for c in BusinessCase.objects.all()}
    rffs = [c for c in by_title.values() if c.tier == "rff"]
    obcs = [c for c in by_title.values() if c.tier == "obc"]
    assert {c.status for c in rffs} >= {"approved", "submitted", "draft"}
    assert {c.status for c in obcs} >= {"approved", "draft"}
    assert any(c.status == "submitted" and c.project.workstream.name != "Urgent Care" for c in rffs)
    assert by_title["Acute reconfiguration: commercial options appraisal"].restricted
    assert Brief.objects.filter(status="submitted").exists()
    assert Brief.objects.filter(status="approved", admitted_workstream__name="End of Life Care").exists()


def test_northshire_has_one_small_rff(in_northshire):
    case = BusinessCase.objects.get()
    assert (case.tier, case.value, case.status) == ("rff", Decimal("95000.00"), "submitted")


def test_loading_twice_changes_nothing(llr):
    def rows():
        with tenant_context(llr):
            return (BusinessCase.objects.count(), MoneyLine.objects.count(), BusinessCaseVersion.objects.count(),
                    Brief.objects.count(), BusinessCase.history.count())

    before = rows()
    call_command("load_demo", verbosity=0)
    assert rows() == before
