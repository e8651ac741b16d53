"""The benefits register's download (.xlsx and CSV through ``core.exports``)."""

from benefits.choices import RealisationRag
from core.exports import Column, user_name

RAG_LABELS = dict(RealisationRag.choices)


def _workstream(benefit):
    if benefit.scope_project_id:
        return benefit.scope_project.workstream.name
    workstream = benefit.scope_workstream or benefit.workstream
    return workstream.name if workstream else ""


COLUMNS = [
    Column("No", lambda b: b.ref, 9), Column("Title", lambda b: b.title, 40, wrap=True),
    Column("Description", lambda b: b.description, 50, wrap=True), Column("Owner", lambda b: user_name(b.owner), 22),
    Column("Type", lambda b: b.get_type_display(), 14), Column("Level", lambda b: b.get_level_display(), 14),
    Column("Project", lambda b: b.scope_project.name if b.scope_project_id else "", 30),
    Column("Workstream", _workstream, 22), Column("Stage", lambda b: b.get_stage_display(), 14),
    Column("Unit", lambda b: b.unit, 12), Column("Baseline", lambda b: b.baseline, 10),
    Column("Baseline date", lambda b: b.baseline_date, 12), Column("Target", lambda b: b.target, 10),
    Column("Planned (profile)", lambda b: b.planned_total, 12),
    Column("Profile less target", lambda b: b.profile_difference, 12),
    Column("Planned to date", lambda b: b.planned_to_date, 12),
    Column("Actual to date", lambda b: b.actual_to_date, 12),
    Column("Realisation %", lambda b: b.realisation_percent, 12),
    Column("Realisation RAG", lambda b: RAG_LABELS.get(getattr(b, "rag", ""), ""), 14),
    Column("Trend", lambda b: b.get_trend_display(), 10),
]
