"""The register's figures: charts (``charts.py``) fed from benefits, with the table of the same numbers that
sits next to each chart. Pages, the API and a board pack use these, so a chart and its table never disagree."""

from dataclasses import dataclass

from benefits import charts, realisation


@dataclass
class Figure:
    svg: str
    caption: str
    columns: list
    rows: list  # each a list of display strings, first cell the row header


def benefit_figure(benefit, measurements, id_prefix=None):
    """Planned, actual and forecast over the benefit's profile periods."""
    kind = benefit.period_kind
    measurements = sorted(measurements, key=lambda m: m.period)
    labels = [realisation.period_label(m.period, kind) for m in measurements]
    unit = benefit.unit
    series = [
        charts.Series("Planned", "planned", tuple(m.planned for m in measurements)),
        charts.Series("Actual", "actual", tuple(m.actual for m in measurements)),
        charts.Series("Forecast", "forecast", tuple(m.forecast for m in measurements)),
    ]
    measured = [m for m in measurements if m.actual is not None]
    if measurements:
        description = (
            f"{len(measurements)} periods from {labels[0]} to {labels[-1]}. "
            + (f"Actuals recorded for {len(measured)}; actual to date "
               f"{charts.format_value(benefit.actual_to_date, unit)} "
               f"against {charts.format_value(benefit.planned_to_date, unit)} planned"
               + (f" ({benefit.realisation_percent}% of plan)." if benefit.realisation_percent is not None else ".")
               if measured else "No actuals recorded yet.")
        )
    else:
        description = "No periods recorded yet."
    title = f"{benefit.ref} {benefit.title}: planned, actual and forecast" + (f" ({unit})" if unit else "")
    svg = charts.line_chart(title, description, labels, series, unit=unit,
                            id_prefix=id_prefix or f"benefit-{benefit.pk}-chart")
    rows = [[label, charts.format_value(m.planned, unit), charts.format_value(m.actual, unit),
             charts.format_value(m.forecast, unit),
             f"{m.realisation_percent}%" if m.realisation_percent is not None else "–"]
            for label, m in zip(labels, measurements, strict=True)]
    return Figure(svg, f"{benefit.ref} by period", ["Period", "Planned", "Actual", "Forecast", "Actual as % of plan"],
                  rows)


def tally_figure(tallies, title, what, id_prefix):
    """Planned and actual to date (pounds, financial benefits) per objective or organisation."""
    shown = [t for t in tallies if t.planned_to_date or t.actual_to_date]
    series = [
        charts.Series("Planned to date", "planned", tuple(t.planned_to_date for t in shown)),
        charts.Series("Actual to date", "actual", tuple(t.actual_to_date for t in shown)),
    ]
    if shown:
        lowest = min(shown, key=lambda t: (t.percent is None, t.percent or 0))
        description = (f"Financial benefits realised to date by {what}, for the {len(shown)} {what}s with measured "
                       f"benefits. Lowest: {lowest.label}, {lowest.percent}% of plan.")
    else:
        description = f"No financial benefit has been measured for any {what} yet."
    svg = charts.bar_chart(title, description, [t.label for t in shown], series, unit="£", id_prefix=id_prefix,
                           percent_of=(1, 0))
    rows = [[t.label, str(t.benefits), charts.format_value(t.planned_total, "£"),
             charts.format_value(t.planned_to_date, "£"), charts.format_value(t.actual_to_date, "£"),
             f"{t.percent}%" if t.percent is not None else "–"] for t in tallies]
    columns = [what.capitalize(), "Benefits", "Planned (whole profile)", "Planned to date", "Actual to date",
               "Actual as % of plan"]
    return Figure(svg, title, columns, rows)
