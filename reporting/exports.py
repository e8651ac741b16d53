"""The live dashboard as .xlsx and CSV through ``core.exports``: a row per workstream and project."""

from core.exports import Column
from reporting.choices import DIMENSIONS


def _rag(dimension):
    return lambda row: (row.latest.rag_of(dimension) or "").capitalize() if row.latest else ""


def columns():
    return [
        Column("Kind", lambda row: row.kind.capitalize(), 11),
        Column("Workstream", lambda row: row.workstream.name, 26),
        Column("Project", lambda row: row.place.name if row.kind == "project" else "", 34, wrap=True),
        Column("Overall", lambda row: (row.overall or "").capitalize(), 9),
        Column("Overall from", lambda row: row.overall_source, 28, wrap=True),
        Column("Trend", lambda row: row.trend or "", 8),
        *[Column(dimension.label, _rag(dimension), 10) for dimension in DIMENSIONS],
        Column("Late milestones", lambda row: row.late, 9),
        Column("Worst open risk", lambda row: row.worst_risk, 9),
        Column("Benefits realised (% of plan)", lambda row: row.percent, 12),
        Column("Report for the period", lambda row: row.state_label, 14),
    ]
