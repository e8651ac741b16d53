"""Partner resources as .xlsx and CSV through ``core.exports``: pledges, demands and the capacity figures."""

from core.exports import Column
from finance.capacity import STATUS_LABELS


def _number(value):
    return float(value) if value is not None else None


PLEDGE_COLUMNS = [
    Column("Partner", lambda p: p.organisation.code, 10),
    Column("Kind", lambda p: p.get_kind_display(), 12),
    Column("Place", lambda p: p.place_label, 32),
    Column("From quarter", lambda p: p.first_quarter, 12),
    Column("To quarter", lambda p: p.last_quarter, 12),
    Column("WTE", lambda p: _number(p.wte), 8),
    Column("Grade band", lambda p: p.get_grade_display(), 12),
    Column("Skill", lambda p: p.skill.name if p.skill_id else "", 24),
    Column("Named person", lambda p: p.who, 20),
    Column("Space", lambda p: p.description, 30, wrap=True),
    Column("Desks", lambda p: p.desks, 8),
    Column("Rooms", lambda p: p.rooms, 8),
    Column("Redeployment outcome", lambda p: p.get_outcome_display() if p.outcome else "", 16),
    Column("Outcome note", lambda p: p.outcome_note, 30, wrap=True),
]

DEMAND_COLUMNS = [
    Column("Business case", lambda d: d.business_case.ref, 12),
    Column("Project", lambda d: d.project.name, 28),
    Column("Skill", lambda d: d.skill.name, 24),
    Column("Quarter", lambda d: d.quarter, 12),
    Column("WTE", lambda d: _number(d.wte), 8),
    Column("Note", lambda d: d.note, 30, wrap=True),
]

CAPACITY_COLUMNS = [
    Column("Skill", lambda c: c.skill, 28),
    Column("Quarter", lambda c: c.quarter, 12),
    Column("Pledged WTE", lambda c: _number(c.pledged), 12),
    Column("Demanded WTE", lambda c: _number(c.demanded), 12),
    Column("Gap WTE", lambda c: _number(c.gap), 10),
    Column("Status", lambda c: STATUS_LABELS[c.status], 18),
]
