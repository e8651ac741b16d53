"""The effectiveness of the engagement plan (PID s4.2: "a mechanism to measure its effectiveness and adjust"): each
objective's measures, their targets and monthly actuals, drawn as server-side SVG line charts (``benefits.charts``,
the portal's one charting module) with the table of the same numbers beside each chart (``benefits.figures.Figure``).

A measure's chart has two lines over the months it has actuals for: the target (dashed, square markers) and the
actual (solid, filled circles); the table says of each month whether the target was met (``higher_is_better``
decides which side of the target is good)."""

from benefits import charts
from benefits.choices import PeriodKind
from benefits.figures import Figure
from benefits.realisation import period_label

UNITS = {"people": "people", "percent": "%", "score": ""}
COLUMNS = ["Month", "Target", "Actual", "Target met", "Note"]


def unit_of(measure):
    return UNITS.get(measure.unit, "")


def met(measure, value):
    """Whether ``value`` meets the measure's target (at or above it, or at or below when lower is better)."""
    if value is None or measure.target is None:
        return None
    return value >= measure.target if measure.higher_is_better else value <= measure.target


def _yes_no(answer):
    return "–" if answer is None else ("Yes" if answer else "No")


def measure_figure(measure, actuals):
    """The measure's target and actuals by month, as a chart and its table (``actuals`` in any order)."""
    actuals = sorted(actuals, key=lambda actual: actual.period)
    unit = unit_of(measure)
    labels = [period_label(actual.period, PeriodKind.MONTH) for actual in actuals]
    series = [charts.Series("Target", "planned", tuple(measure.target for _ in actuals)),
              charts.Series("Actual", "actual", tuple(actual.value for actual in actuals))]
    direction = "higher is better" if measure.higher_is_better else "lower is better"
    target = charts.format_value(measure.target, unit)
    if actuals:
        hits = sum(1 for actual in actuals if met(measure, actual.value))
        latest = actuals[-1]
        description = (f"{measure.name}: target {target} ({direction}); {len(actuals)} month"
                       f"{'s' if len(actuals) != 1 else ''} from {labels[0]} to {labels[-1]}, the target met in "
                       f"{hits}. Latest, {labels[-1]}: {charts.format_value(latest.value, unit)}.")
    else:
        description = f"{measure.name}: target {target} ({direction}); no actuals recorded yet."
    title = f"{measure.name}: target and actual by month" + (f" ({unit})" if unit else "")
    svg = charts.line_chart(title, description, labels, series, unit=unit, id_prefix=f"measure-{measure.pk}-chart")
    rows = [[label, target, charts.format_value(actual.value, unit), _yes_no(met(measure, actual.value)),
             actual.note] for label, actual in zip(labels, actuals, strict=True)]
    return Figure(svg, f"{measure.name} by month", COLUMNS, rows)
