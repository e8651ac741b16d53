"""Money profiles: financial years, the partner split and reconciliation with stated totals (pure functions)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from business_cases import money


@pytest.mark.parametrize(("text", "result"), [("2016/17", "2016/17"), (" 2019/20 ", "2019/20"),
                                              ("1999/00", "1999/00"), ("2099/00", "2099/00")])
def test_financial_years(text, result):
    assert money.parse_financial_year(text) == result


@pytest.mark.parametrize("text", ["2016/18", "16/17", "2016-17", "2016/2017", "2016", "", None, "2017/16",
                                  "abcd/ef", "1800/01"])
def test_bad_financial_years_are_refused(text):
    with pytest.raises(money.MoneyError):
        money.parse_financial_year(text)


@pytest.mark.parametrize(("day", "year"), [
    (datetime.date(2016, 4, 1), "2016/17"), (datetime.date(2017, 3, 31), "2016/17"),
    (datetime.date(1999, 12, 31), "1999/00"),
])
def test_financial_year_of_a_date(day, year):
    assert money.financial_year_of(day) == year
    assert money.financial_year_start(year) <= day


def test_split_must_sum_to_100():
    money.check_split([])
    money.check_split([Decimal("22"), Decimal("23"), Decimal("55")])
    money.check_split([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")])
    with pytest.raises(money.MoneyError, match="add up to 95, not 100"):
        money.check_split([Decimal("50"), Decimal("45")])
    with pytest.raises(money.MoneyError, match="100.02"):
        money.check_split([Decimal("50"), Decimal("50.02")])
    with pytest.raises(money.MoneyError, match="between 0 and 100"):
        money.check_split([Decimal("150"), Decimal("-50")])


@dataclass
class Line:
    kind: str
    amount: Decimal
    phase: int | None = None
    financial_year: str = ""
    funding: str = "revenue"


@dataclass
class Total:
    kind: str
    amount: Decimal
    phase: int | None = None


@dataclass
class Share:
    percent: Decimal
    amount: Decimal | None


def test_summary_keeps_stated_totals_and_reports_the_differences():
    lines = [
        Line("cost", Decimal("621000"), 1), Line("cost", Decimal("82600"), 1, funding="capital"),
        Line("saving", Decimal("487323"), 1, "2017/18"), Line("saving", Decimal("664531"), 1, "2018/19"),
    ]
    stated = [Total("saving", Decimal("1151855"), 1), Total("saving", Decimal("1151854"))]
    shares = [Share(Decimal("60"), Decimal("422160.00")), Share(Decimal("40"), Decimal("281440.01"))]
    summary = money.summarise(Decimal("703600.00"), lines, shares, stated)
    assert summary["totals"]["cost"] == Decimal("703600")
    assert summary["totals"]["capital_cost"] == Decimal("82600")
    assert summary["totals"]["saving"] == Decimal("1151854")
    assert summary["totals"]["net"] == Decimal("448254")
    assert list(summary["by_year"]) == ["2017/18", "2018/19"]
    assert summary["unprofiled"]["cost"] == Decimal("703600")
    assert summary["split_percent"] == Decimal("100")
    differences = {check.label: check.difference for check in summary["discrepancies"]}
    assert differences == {
        "Stated savings for phase 1 against the saving lines": Decimal("-1"),
        "Partners' shares of the cost against the value of the case": Decimal("0.01"),
    }
    as_json = money.as_json(summary)
    assert as_json["totals"]["cost"] == "703600.00"
    assert {c["difference"] for c in as_json["discrepancies"]} == {"-1.00", "0.01"}


def test_an_empty_profile_has_no_checks():
    summary = money.summarise(Decimal("1000.00"), [])
    assert summary["checks"] == [] and summary["totals"]["net"] == Decimal("0")
