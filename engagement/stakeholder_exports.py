"""The stakeholder register as .xlsx and CSV through ``core.exports`` (README "Exports and the Excel round trip").

One row per stakeholder, in the register's words: interest and influence as numbers, choices by their labels,
workstreams and service changes by name and reference, dates as dates, so the file read back gives what the
register holds (a test reads it back). The personal-data columns are there only for someone who may see some of
it (the PMO, or the owner of a stakeholder exported), and even then hold only what that person may see: for
anyone else they are left out of the file altogether."""

from core.exports import Column, user_name
from engagement.grid import quadrant_of
from engagement.rules import is_pmo

PERSONAL_COLUMNS = [("Contact name", "contact_name", 24), ("Email", "email", 28), ("Phone", "phone", 16),
                    ("Postal address", "postal_address", 36)]


def queryset(rows):
    return rows.select_related("owner", "erased_by").prefetch_related("workstreams", "service_changes")


def base_columns():
    return [
        Column("Ref", lambda s: s.ref, 10),
        Column("Name", lambda s: s.name, 36, wrap=True),
        Column("Kind", lambda s: s.get_kind_display(), 14),
        Column("Category", lambda s: s.get_category_display(), 26),
        Column("Interest", lambda s: s.interest, 9),
        Column("Influence", lambda s: s.influence, 9),
        Column("Quadrant", lambda s: quadrant_of(s.interest, s.influence).capitalize(), 16),
        Column("Current support", lambda s: s.get_current_support_display(), 14),
        Column("Target support", lambda s: s.get_target_support_display(), 14),
        Column("Owner", lambda s: user_name(s.owner), 22),
        Column("Workstream", lambda s: "; ".join(w.name for w in s.workstreams.all()), 30, wrap=True),
        Column("Service changes", lambda s: "; ".join(c.ref for c in s.service_changes.all()), 20, wrap=True),
        Column("Description", lambda s: s.description, 40, wrap=True),
        Column("Personal data erased", lambda s: s.erased_at, 18),
    ]


def may_export_personal_data(user, rows):
    """True for the PMO, and for the owner of at least one of ``rows``."""
    return is_pmo(user) or rows.filter(owner_id=user.pk).exists()


def columns(user, rows):
    """The register's columns for ``user``; the personal-data columns only if they may see some of it, each cell
    blank where they may not."""
    found = base_columns()
    if not may_export_personal_data(user, rows):
        return found
    pmo = is_pmo(user)

    def personal(attr):
        return lambda s: getattr(s, attr) if pmo or s.owner_id == user.pk else ""

    return found + [Column(heading, personal(attr), width, wrap=attr == "postal_address")
                    for heading, attr, width in PERSONAL_COLUMNS]
