"""The pure functions of benefits realisation: RAG boundaries, periods, position and trend, attribution."""

import datetime
from decimal import Decimal

import pytest

from benefits import realisation
from benefits.choices import PeriodKind, RealisationRag, Trend
from benefits.realisation import Point, Thresholds

D = Decimal
MONTH, QUARTER, FY = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.FINANCIAL_YEAR


@pytest.mark.parametrize("actual,planned,expected", [
    ("95", "100", RealisationRag.GREEN),       # exactly 95% is Green
    ("94.99", "100", RealisationRag.AMBER),    # just below is Amber
    ("150", "100", RealisationRag.GREEN),      # over-delivery is Green
    ("80", "100", RealisationRag.AMBER),       # exactly 80% is Amber
    ("79.99", "100", RealisationRag.RED),      # just below is Red
    ("0", "100", RealisationRag.RED),
    ("94999.99", "100000", RealisationRag.AMBER),  # 94.99999%: no rounding up at the boundary
    ("95000", "100000", RealisationRag.GREEN),
    ("1", "3", RealisationRag.RED),
])
def test_rag_boundaries(actual, planned, expected):
    assert realisation.rag(D(actual), D(planned)) == expected


@pytest.mark.parametrize("actual,planned", [(None, D(100)), (D(10), None), (D(10), D(0)), (D(10), D(-5))])
def test_nothing_to_compare_is_not_measured(actual, planned):
    assert realisation.rag(actual, planned) == RealisationRag.NOT_MEASURED
    assert realisation.realisation_percent(actual, planned) is None


def test_thresholds_are_the_tenants_setting():
    strict = Thresholds(green_from=D(100), amber_from=D(90))
    assert realisation.rag(D(99), D(100), strict) == RealisationRag.AMBER
    assert realisation.rag(D(89.99), D(100), strict) == RealisationRag.RED
    assert realisation.rag(D(100), D(100), strict) == RealisationRag.GREEN


def test_percent_is_rounded_down_so_it_never_shows_a_better_band():
    assert realisation.realisation_percent(D("94999.99"), D(100000)) == D("94.99")
    assert realisation.realisation_percent(D(2), D(3)) == D("66.66")
    assert realisation.realisation_percent(D(95), D(100)) == D("95.00")


@pytest.mark.parametrize("day,kind,error", [
    (datetime.date(2017, 4, 1), MONTH, False), (datetime.date(2017, 4, 2), MONTH, True),
    (datetime.date(2017, 1, 1), QUARTER, False), (datetime.date(2017, 4, 1), QUARTER, False),
    (datetime.date(2017, 7, 1), QUARTER, False), (datetime.date(2017, 10, 1), QUARTER, False),
    (datetime.date(2017, 5, 1), QUARTER, True), (datetime.date(2017, 2, 1), QUARTER, True),
    (datetime.date(2017, 4, 1), FY, False), (datetime.date(2017, 1, 1), FY, True),
    (datetime.date(2017, 3, 31), FY, True),
])
def test_period_alignment(day, kind, error):
    assert bool(realisation.period_error(day, kind)) is error


def test_period_errors_suggest_the_period_start():
    assert "2017-04-01" in realisation.period_error(datetime.date(2017, 6, 30), FY)
    assert "2017-04-01" in realisation.period_error(datetime.date(2017, 5, 15), QUARTER)
    assert "1 April" in realisation.period_error(datetime.date(2017, 5, 15), FY)


@pytest.mark.parametrize("day,kind,label", [
    (datetime.date(2017, 4, 1), FY, "2017/18"), (datetime.date(1999, 4, 1), FY, "1999/00"),
    (datetime.date(2017, 4, 1), QUARTER, "Q1 2017/18"), (datetime.date(2018, 1, 1), QUARTER, "Q4 2017/18"),
    (datetime.date(2017, 10, 1), QUARTER, "Q3 2017/18"), (datetime.date(2018, 2, 1), MONTH, "Feb 2018"),
])
def test_period_labels_round_trip(day, kind, label):
    assert realisation.period_label(day, kind) == label
    assert realisation.parse_period(label, kind) == day
    assert realisation.parse_period(day.isoformat(), kind) == day


def test_parse_period_refuses_nonsense():
    for text, kind in [("2017/19", FY), ("Q5 2017/18", QUARTER), ("Smarch 2017", MONTH), ("", FY)]:
        with pytest.raises(ValueError):
            realisation.parse_period(text, kind)
    assert realisation.parse_period("16/17", FY) == datetime.date(2016, 4, 1)


def test_periods_between_and_next():
    assert realisation.periods_between(datetime.date(2017, 10, 1), datetime.date(2018, 4, 1), QUARTER) == [
        datetime.date(2017, 10, 1), datetime.date(2018, 1, 1), datetime.date(2018, 4, 1)]
    assert realisation.next_period(datetime.date(2017, 12, 1), MONTH) == datetime.date(2018, 1, 1)
    assert realisation.period_end(datetime.date(2017, 4, 1), FY) == datetime.date(2018, 3, 31)


@pytest.mark.parametrize("previous,latest,expected", [
    (D(80), D(90), Trend.IMPROVING), (D(90), D(80), Trend.WORSENING), (D(90), D(90.5), Trend.STEADY),
    (D(90), D(91), Trend.STEADY), (D(90), D("91.01"), Trend.IMPROVING), (None, D(90), None),
])
def test_trend(previous, latest, expected):
    assert realisation.trend(previous, latest) == expected


def test_position_compares_only_the_periods_with_an_actual():
    points = [
        Point(datetime.date(2016, 4, 1), D(0), None, None),
        Point(datetime.date(2017, 4, 1), D(100), D(90), None),
        Point(datetime.date(2018, 4, 1), D(200), D(150), None),
        Point(datetime.date(2019, 4, 1), D(200), None, D(180)),
    ]
    position = realisation.position(points)
    assert position.planned_total == D(500)
    assert (position.planned_to_date, position.actual_to_date) == (D(300), D(240))
    assert position.percent == D("80.00") and position.rag == RealisationRag.AMBER
    assert position.trend == Trend.WORSENING  # 90% then 75%
    assert position.latest.period == datetime.date(2018, 4, 1) and position.latest_percent == D("75.00")
    assert position.forecast_outturn == D(0) + D(90) + D(150) + D(180)


def test_position_without_measurements():
    position = realisation.position([])
    assert position.rag == RealisationRag.NOT_MEASURED and position.latest is None and position.trend is None


@pytest.mark.parametrize("percents,ok", [
    ([], True), ([D(100)], True), ([D(30), D(28), D(32), D(5), D(5)], True),
    ([D("33.33"), D("33.33"), D("33.34")], True), ([D(60), D(30)], False), ([D(60), D(50)], False),
    ([D(100), D(0)], False), ([D(101)], False), ([D(-10), D(110)], False),
])
def test_attribution_must_sum_to_100(percents, ok):
    assert (realisation.attribution_error(percents) is None) is ok


def test_attribution_error_says_the_total():
    assert "90%" in realisation.attribution_error([D(60), D(30)])


class TestDoubleCountingRules:
    """Seed 004 s7.7.1: the rules on plain data (the duplicate rule: test_double_counting_properties.py)."""

    def test_a_benefit_claimed_by_two_cases(self):
        claims = [realisation.Claim(1, D(100), {}, (10, 11)), realisation.Claim(2, D(100), {}, (10,))]
        several, _, over = realisation.double_counting(claims, {})
        assert several == {1: (10, 11)} and over == []

    def test_attributed_savings_above_what_the_cases_deliver(self):
        savings = {10: {"uhl": D(1000), "lpt": D(3000)}}
        claims = [realisation.Claim(1, D(4000), {"uhl": D(25), "lpt": D(75)}, (10,)),
                  realisation.Claim(2, D(500), {"lpt": D(100)}, (10,))]
        several, _, over = realisation.double_counting(claims, savings)
        assert several == {}
        assert [(o.organisation_id, o.claimed, o.delivered, o.benefit_ids) for o in over] == [
            ("lpt", D("3500.00"), D("3000.00"), (1, 2))]

    def test_within_what_the_cases_deliver_is_not_flagged(self):
        savings = {10: {"uhl": D(1000), "lpt": D(3000)}}
        claims = [realisation.Claim(1, D(4000), {"uhl": D(25), "lpt": D(75)}, (10,))]
        assert realisation.double_counting(claims, savings) == ({}, {}, [])

    def test_tolerance_absorbs_rounding(self):
        savings = {10: {"uhl": D(1000)}}
        claims = [realisation.Claim(1, D(1002), {"uhl": D(100)}, (10,))]
        assert realisation.double_counting(claims, savings, tolerance=D(10))[2] == []
        assert realisation.double_counting(claims, savings, tolerance=D(1))[2] != []

    def test_cases_without_an_organisation_split_are_not_reconciled(self):
        claims = [realisation.Claim(1, D(1000), {"uhl": D(100)}, (10,)),
                  realisation.Claim(2, D(1), {"uhl": D(100)}, ())]
        assert realisation.double_counting(claims, {10: {}}) == ({}, {}, [])

    def test_delivered_counts_each_case_once(self):
        savings = {10: {"uhl": D(600)}, 11: {"uhl": D(600)}}
        claims = [realisation.Claim(1, D(500), {"uhl": D(100)}, (10,)),
                  realisation.Claim(2, D(500), {"uhl": D(100)}, (10, 11))]
        several, _, over = realisation.double_counting(claims, savings)
        assert several == {2: (10, 11)} and over == []  # 1000 claimed, 1200 delivered
