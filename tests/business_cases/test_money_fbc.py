"""THE FBC test (issue 18): the Points of Access FBC (seed 004) as the demo loads it, every total the document states
(Tables 3–9) checked against what the portal computes from the detail: equal, or the source's documented
disagreement shown as a difference of exactly the documented amount."""

from decimal import Decimal

import pytest

from business_cases import money
from business_cases.models import BusinessCase

pytestmark = pytest.mark.django_db

D = Decimal
PAGES = "42–52"
# (kind, phase, stated, table named in the source) -> the difference the portal must show (detail less stated).
# The cost detail is Tables 6–8 by quarter: 707,600 + 1,178,400 + 224,900 (Table 8's own quarters) = 2,110,900.
EXPECTED = {
    ("cost", None, D("2273100"), "Table 5"): D("-162200"),   # Table 5's total: Tables 6–8 state less
    ("cost", 1, D("703600"), "Table 5"): D("4000"),
    ("cost", 2, D("1171200"), "Table 5"): D("7200"),
    ("cost", 3, D("398300"), "Table 5"): D("-173400"),
    ("cost", 1, D("707600"), "Table 6"): D("0"),
    ("cost", 2, D("1178400"), "Table 7"): D("0"),
    ("cost", 3, D("366750"), "Table 8"): D("-141850"),       # its quarters add up to 224,900
    ("cost", 1, D("703600"), "Table 9"): D("4000"),
    ("cost", 2, D("1171200"), "Table 9"): D("7200"),
    ("cost", 3, D("398300"), "Table 9"): D("-173400"),
    ("cost", None, D("2273100"), "Table 9"): D("-162200"),
    ("saving", None, D("4355144"), "Table 3"): D("0"),
    ("saving", 1, D("2647050"), "Table 3"): D("-1"),           # years add up to 2,647,049
    ("saving", 2, D("913528"), "Table 3"): D("2"),             # 913,530
    ("saving", 3, D("794566"), "Table 3"): D("-1"),            # 794,565
    ("saving", 1, D("2647050"), "Table 4"): D("-1"),
    ("saving", 2, D("913528"), "Table 4"): D("2"),
    ("saving", 3, D("794566"), "Table 4"): D("-1"),
}
# Table 9, each point of access's stated total cost (the whole case's split) and its cost per phase.
TABLE_9 = {
    None: ["489420.57", "511666.96", "194827.13", "600652.52", "121766.96", "121766.96", "111231.95", "121766.96"],
    1: ["154792.00", "161828.00", "56288.00", "189972.00", "35180.00", "35180.00", "35180.00", "35180.00"],
    2: ["334628.57", "349838.96", "410680.52", "76051.95"],
    3: ["138539.13", "86586.96", "86586.96", "86586.96"],
}


MAX_QUERIES = 40


@pytest.fixture
def fbc(in_llr):
    return BusinessCase.objects.get(title="Integrating LLR Points of Access")


def summary_of(case):
    return money.summarise(case.value, case.money_lines.all(), case.cost_shares.select_related("organisation"),
                           case.stated_totals.all())


def test_every_total_the_document_states_against_the_portals(fbc):
    summary = summary_of(fbc)
    found = {}
    for check in summary["checks"]:
        if check.label.startswith("Stated "):
            kind = "cost" if check.label.startswith("Stated costs") else "saving"
            phase = None if "whole case" in check.label else int(check.label.split("phase ")[1].split()[0])
            table = check.source.split(",")[0]
            assert check.source.endswith(f"p. {PAGES}"), check.source
            found[(kind, phase, check.stated, table)] = check.difference
    assert found == EXPECTED
    # Costs and savings as the portal computes them from the detail.
    assert summary["totals"]["cost"] == D("2110900") and summary["totals"]["saving"] == D("4355144")
    # Table 9's rows add up to a penny more than the value the case (Table 5 and Table 9) states.
    value = {c.label: c.difference for c in summary["checks"] if not c.label.startswith("Stated ")}
    assert value == {"Costs in the profile against the value of the case": D("-162200"),
                     "Partners' shares of the cost against the value of the case": D("0.01")}


def test_tables_6_to_8_are_loaded_by_quarter_with_funding_not_stated(fbc):
    lines = list(fbc.money_lines.filter(kind="cost"))
    assert {line.funding for line in lines} == {"not_stated"}
    assert all(line.financial_year and line.quarter for line in lines)
    by_quarter = money.summarise(fbc.value, lines)["by_quarter"]
    assert {period: amounts["cost"] for period, amounts in by_quarter.items()} == {
        "2016/17 Q2": D("245200"), "2016/17 Q3": D("341575"), "2016/17 Q4": D("274625"), "2017/18 Q1": D("341000"),
        "2017/18 Q2": D("316550"), "2017/18 Q3": D("252625"), "2017/18 Q4": D("201725"), "2018/19 Q1": D("137600")}


def test_table_9_per_phase_stated_and_computed(fbc):
    summary = summary_of(fbc)
    stated = {}
    for row in summary["shares"]:
        stated.setdefault(row["phase"], []).append(f"{row['stated']:.2f}")
        assert row["difference"] == row["computed"] - row["stated"]
    assert stated == TABLE_9
    groups = {g["phase"]: g for g in summary["splits"]}
    # Phase 2's shares, each to 2 dp, add up to 99.99: within the rule (4 shares, ±0.02), the residue shown.
    assert (groups[2]["percent"], groups[2]["residue"]) == (D("99.99"), D("0.01"))
    assert {p: g["stated"] for p, g in groups.items()} == {
        None: D("2273100.01"), 1: D("703600.00"), 2: D("1171200.00"), 3: D("398300.01")}
    assert [g["percent"] for g in groups.values()] == [D("100"), D("100"), D("99.99"), D("100")]
    # Computed from the phase's cost lines: CSC's 22% of phase 1's £707,600.
    csc = next(r for r in summary["shares"] if r["phase"] == 1 and r["share"].label.startswith("CSC"))
    assert (csc["computed"], csc["difference"]) == (D("155672.00"), D("880.00"))


def test_the_case_page_shows_each_stated_total_and_difference(client, fbc, persona, llr,
                                                                django_assert_max_num_queries):
    client.force_login(persona("pmo.llr"))
    session = client.session
    session["bct_tenant_id"] = llr.pk
    session.save()
    with django_assert_max_num_queries(MAX_QUERIES):  # 16 shares, 18 stated totals: not a query each
        html = client.get(f"/cases/{fbc.pk}/").content.decode()
    assert "Table 8, Spend by Quarter (phase 3), p. 42–52" in html and "Differs by −£141,850.00" in html
    assert "Table 9, Cost by Organisation (phase 2 total)" in html and "2016/17 Q2" in html
    assert "99.99%" in html and "£155,672.00" in html
