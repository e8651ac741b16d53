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
