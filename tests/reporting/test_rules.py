"""The reporting cycle and the suggested-RAG rules on plain values (no database), and the trend chart's SVG."""

import datetime
from types import SimpleNamespace

import pytest

from reporting import cycle, suggest, trend

D = datetime.date


@pytest.mark.parametrize(("day", "months", "start", "end"), [
    (D(2026, 11, 17), 1, D(2026, 11, 1), D(2026, 11, 30)),
    (D(2026, 2, 3), 1, D(2026, 2, 1), D(2026, 2, 28)),
    (D(2026, 5, 9), 3, D(2026, 4, 1), D(2026, 6, 30)),
    (D(2026, 12, 31), 3, D(2026, 10, 1), D(2026, 12, 31)),
])
def test_periods(day, months, start, end):
    assert cycle.period_start(day, months) == start
    assert cycle.period_end(start, months) == end
    assert cycle.previous_period(cycle.next_period(start, months), months) == start


def test_due_working_days_before_the_next_implementation_group():
    # November 2026; the Implementation Group meets on Wednesday 9 December: five working days before is 2 December.
    assert cycle.due_date(D(2026, 11, 1), 1, 5, [D(2026, 11, 4), D(2026, 12, 9)]) == D(2026, 12, 2)
    # A meeting right after the period: never due before the period has ended.
    assert cycle.due_date(D(2026, 11, 1), 1, 5, [D(2026, 12, 2)]) == D(2026, 11, 30)
    # No meeting scheduled: five working days after the period (Monday 30 November → Monday 7 December).
    assert cycle.due_date(D(2026, 11, 1), 1, 5, []) == D(2026, 12, 7)
    assert cycle.last_closed_period(D(2026, 12, 4)) == D(2026, 11, 1)


@pytest.mark.parametrize(("nation", "after_new_year", "before_easter"), [
    # December 2026, no meeting: Thursday 31 December + five working days. In England New Year's Day (Friday) is a
    # bank holiday: 4, 5, 6, 7, 8 January. In Scotland 2 January is one too, a Saturday, so Monday 4th is its
    # substitute: 5, 6, 7, 8, 11 January.
    # Five working days before the Implementation Group on Wednesday 8 April 2026: England counts neither Easter
    # Monday (6th) nor Good Friday (3rd): Monday 30 March; Scotland keeps only Good Friday: Tuesday 31 March.
    ("ENG", D(2027, 1, 8), D(2026, 3, 30)), ("SCT", D(2027, 1, 11), D(2026, 3, 31)),
])
def test_bank_holidays_are_not_working_days(nation, after_new_year, before_easter):
    closed = cycle.bank_holidays(nation)
    assert cycle.due_date(D(2026, 12, 1), 1, 5, [], closed) == after_new_year
    assert cycle.due_date(D(2026, 2, 1), 1, 5, [D(2026, 4, 8)], closed) == before_easter
    # Weekends only, without the bank holidays:
    assert cycle.due_date(D(2026, 12, 1), 1, 5, []) == D(2027, 1, 7)
    assert cycle.due_date(D(2026, 2, 1), 1, 5, [D(2026, 4, 8)]) == D(2026, 4, 1)


@pytest.mark.parametrize(("slips", "expected"), [
    ([], "green"),
    ([suggest.Slip("PI-1", days_slipped=10, tolerance=28)], "amber"),
    ([suggest.Slip("PI-1", days_late=3, tolerance=28)], "amber"),
    ([suggest.Slip("PI-1", days_slipped=28, tolerance=28)], "amber"),  # at the tolerance, not beyond it
    ([suggest.Slip("PI-1", days_slipped=29, tolerance=28)], "red"),
    ([suggest.Slip("PI-1", days_late=28, tolerance=28)], "amber"),
    ([suggest.Slip("PI-1", days_late=29, tolerance=28)], "red"),
    ([suggest.Slip("PI-1", days_slipped=1, tolerance=0)], "red"),  # a step-change: any slip
])
def test_schedule(slips, expected):
    assert suggest.schedule(slips) == expected


@pytest.mark.parametrize(("cases", "expected"), [
    ([], None),
    ([suggest.CaseMoney("BC-1", "approved", 100)], "green"),
    ([suggest.CaseMoney("BC-1", "submitted", 100)], "amber"),
    ([suggest.CaseMoney("BC-1", "submitted", 0)], "green"),  # nothing to spend this year
    ([suggest.CaseMoney("BC-1", "approved", 100), suggest.CaseMoney("BC-2", "rejected", 50)], "red"),
])
def test_finance(cases, expected):
    assert suggest.finance(cases) == expected


@pytest.mark.parametrize(("band", "escalated", "expected"), [
    (None, 0, "green"), ("green", 0, "green"), ("yellow", 0, "green"), ("yellow", 1, "amber"),
    ("amber", 0, "amber"), ("red", 0, "red"),
])
def test_risks(band, escalated, expected):
    assert suggest.risks(band, escalated) == expected


def test_benefits_and_overall():
    assert suggest.benefits("not_measured") is None and suggest.benefits("amber") == "amber"
    assert suggest.overall(["green", "amber", "green"]) == "amber"
    assert suggest.overall(["green"], ["red"]) == "red"
    assert suggest.worst([]) is None


def test_the_trend_svg_labels_every_cell_and_escapes():
    reports = [SimpleNamespace(period_start=D(2026, month, 1), overall_rag=rag,
                               rag_of=lambda dimension, rag=rag: rag) for month, rag in ((9, "amber"), (10, "red"))]
    svg = trend.render_trend(reports, title="Trend: <Urgent & Care>")
    assert svg.startswith("<svg") and "&lt;Urgent &amp; Care&gt;" in svg
    assert svg.count(">R</text>") == 6 and svg.count(">A</text>") == 6
    assert "Overall, October 2026: red" in svg
