"""The change log's download (.xlsx and CSV through ``core.exports``)."""

from core.exports import Column, user_name


def _workstream(request):
    workstream = request.workstream or (request.project.workstream if request.project_id else None)
    return workstream.name if workstream else ""


COLUMNS = [
    Column("No", lambda r: r.ref, 9), Column("Version", lambda r: r.version, 8),
    Column("Title", lambda r: r.title, 40, wrap=True), Column("Description", lambda r: r.description, 50, wrap=True),
    Column("Kind", lambda r: r.get_kind_display(), 16), Column("Project", lambda r: r.project.name if r.project_id
                                                             else "", 30),
    Column("Workstream", _workstream, 22),
    Column("Business case", lambda r: r.business_case.ref if r.business_case_id else "", 12),
    Column("Originator", lambda r: user_name(r.originator), 22), Column("Status", lambda r: r.get_status_display(), 12),
    Column("Authority", lambda r: r.get_authority_display(), 18), Column("Priority", lambda r: r.get_priority_display(),
                                                                         10),
    Column("Cost impact (£)", lambda r: r.cost_impact, 14), Column("Time impact (days)", lambda r: r.time_impact_days,
                                                                   12),
    Column("Decision", lambda r: r.get_decision_display() if r.decision else "", 12),
    Column("Rationale", lambda r: r.rationale, 40, wrap=True), Column("Decided on", lambda r: r.decided_at, 12),
    Column("Raised on", lambda r: r.created, 12),
]
