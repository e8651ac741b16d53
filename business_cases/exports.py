"""The business cases register's download (.xlsx and CSV through ``core.exports``)."""

from core.exports import Column, user_name

COLUMNS = [
    Column("No", lambda c: c.ref, 9), Column("Title", lambda c: c.title, 40, wrap=True),
    Column("Summary", lambda c: c.summary, 50, wrap=True),
    Column("Project", lambda c: c.project.name if c.project_id else "", 30),
    Column("Workstream", lambda c: c.project.workstream.name if c.project_id and c.project.workstream_id else "", 22),
    Column("Value (£)", lambda c: c.value, 14), Column("Tier", lambda c: c.get_tier_display(), 16),
    Column("Document", lambda c: c.get_document_type_display(), 16),
    Column("Status", lambda c: c.get_status_display(), 16), Column("Author", lambda c: user_name(c.author), 22),
    Column("Submitted on", lambda c: c.submitted_at, 12), Column("Decided on", lambda c: c.decided_at, 12),
    Column("Decision note", lambda c: c.decision_note, 40, wrap=True),
]
