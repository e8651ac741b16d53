"""Budget, actual and forecast outturn as a bar chart with its data table (``benefits.charts``' drawing: server-side
SVG, accessible, the same in a page and a PDF board pack)."""

from decimal import Decimal

from benefits import charts
from benefits.figures import Figure

COLUMNS = ["Budget", "Actual to date", "Forecast outturn", "Variance", "Variance %", "Finance RAG"]


def money(value):
    """-£1,234.50 to the penny (finance shows what the ledgers hold); an en dash for none."""
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    return f"{'-' if number < 0 else ''}£{abs(number):,.2f}"


def table_row(row):
    percent = "–" if row.variance_percent is None else f"{row.variance_percent}%"
    return [row.label, money(row.budget), money(row.actual), money(row.outturn), money(row.variance), percent,
            row.rag.title()]


def figure(rows, title, what, id_prefix):
    """Budget (outlined), actual (filled) and forecast outturn (patterned) per row, and the table of the same."""
    series = [
        charts.Series("Budget", "planned", tuple(row.budget for row in rows)),
        charts.Series("Actual to date", "actual", tuple(row.actual for row in rows)),
        charts.Series("Forecast outturn", "forecast", tuple(row.outturn for row in rows)),
    ]
    if rows:
        worst = max(rows, key=lambda row: abs(row.variance))
        description = (f"Budget, actual spend to date and forecast outturn by {what}, for {len(rows)} {what}s. "
                       f"Furthest from budget: {worst.label}, {money(worst.variance)}.")
    else:
        description = f"No budget or spend is recorded for any {what} yet."
    svg = charts.bar_chart(title, description, [row.label for row in rows], series, unit="£", id_prefix=id_prefix)
    return Figure(svg, title, [what.capitalize(), *COLUMNS], [table_row(row) for row in rows])
