"""Finance as .xlsx and CSV through ``core.exports``: budget lines, actuals and the summaries."""

from core.exports import Column


def _money(value):
    return float(value) if value is not None else None


LINE_COLUMNS = [
    Column("Level", lambda line: line.get_level_display(), 12),
    Column("Workstream", lambda line: line.workstream.name if line.workstream_id else "", 22),
    Column("Project", lambda line: line.project.name if line.project_id else "", 28),
    Column("Funding source", lambda line: line.funding_source.name if line.funding_source_id else "", 26),
    Column("Financial year", lambda line: line.financial_year, 10),
    Column("Quarter", lambda line: line.quarter, 8),
    Column("Phase", lambda line: line.phase, 8),
    Column("Capital or revenue", lambda line: line.get_spend_kind_display(), 12),
    Column("Amount (£)", lambda line: _money(line.signed_amount), 14),
    Column("Description", lambda line: line.description, 36, wrap=True),
    Column("Source", lambda line: line.source_note, 26, wrap=True),
    Column("Business case", lambda line: line.business_case.ref if line.business_case_id else "", 12),
    Column("Change request", lambda line: line.change_request.ref if line.change_request_id else "", 12),
]

ACTUAL_COLUMNS = [
    Column("Month", lambda actual: actual.month, 12),
    Column("Project", lambda actual: actual.project.name, 28),
    Column("Organisation", lambda actual: actual.organisation.code, 12),
    Column("Amount", lambda actual: _money(actual.amount), 14),
    Column("Capital/Revenue", lambda actual: actual.get_spend_kind_display(), 12),
    Column("Reference", lambda actual: actual.reference, 20),
]


def summary_columns(heading):
    return [
        Column(heading, lambda row: row.label, 32),
        Column("Budget (£)", lambda row: _money(row.budget), 14),
        Column("Actual (£)", lambda row: _money(row.actual), 14),
        Column("Remaining budget (£)", lambda row: _money(row.remaining), 14),
        Column("Forecast outturn (£)", lambda row: _money(row.outturn), 14),
        Column("Variance (£)", lambda row: _money(row.variance), 14),
        Column("Variance (%)", lambda row: _money(row.variance_percent), 10),
        Column("Finance RAG", lambda row: row.rag.title(), 10),
    ]
