"""Who may do each step of change control (PID s4.7; DOMAIN.md s3 product default "decide a change request":
the PMO logs and assesses, the authority decides by scale, s7).

| permission | process, letters | who, in the seeded matrix |
|---|---|---|
| ``add_changerequest`` (raise), ``resubmit_changerequest`` | none | every member: "anyone with an interest" |
| ``change_changerequest`` (correct a logged one) | decide_change_request R | PMO |
| ``assess_changerequest``, ``propose_changerequest`` | decide_change_request R | PMO |
| ``decide_changerequest`` | decide_change_request A, as its ``authority`` | its SRO, Director or Board |
| ``implement_changerequest`` | decide_change_request R, or A as Programme Director | PMO, Programme Director |
| ``change_changecontrolsettings`` (thresholds) | decide_change_request R | PMO |

Separation of duties (DOMAIN.md s3) is part of ``decide_changerequest`` (registered ``separate``): whoever
raised, assessed or proposed a request (its ``parties()``) may not decide it, whatever their roles. Views and
the API only ever ask ``user.has_perm(perm, request)`` or the workflow's table (``workflows.REQUEST``).
"""

from core import rules
from core.choices import Role

PROCESS = "decide_change_request"
# Of the process's accountable roles only the Programme Director, who directs the programme's work, also
# carries out a decision; the workstream SRO and the Delivery Board decide and leave the doing to others.
NOT_IMPLEMENTERS = {Role.WORKSTREAM_SRO, Role.DELIVERY_BOARD}


def deciding_roles(change_request):
    """Only the role named by the request's authority decides it (none while the authority is unknown)."""
    return {change_request.authority} if change_request.authority else set()


def implementing_roles(change_request):
    return set(Role.values) - NOT_IMPLEMENTERS


PERMISSIONS = [
    ("change_control.add_changerequest", None, "", {}),
    ("change_control.resubmit_changerequest", None, "", {}),
    ("change_control.change_changerequest", PROCESS, "R", {}),
    ("change_control.assess_changerequest", PROCESS, "R", {}),
    ("change_control.propose_changerequest", PROCESS, "R", {}),
    ("change_control.decide_changerequest", PROCESS, "A", {"roles": deciding_roles, "separate": True}),
    ("change_control.implement_changerequest", PROCESS, "RA", {"roles": implementing_roles}),
    ("change_control.change_changecontrolsettings", PROCESS, "R", {}),
]


def register():
    for perm, process, letters, hooks in PERMISSIONS:
        rules.register(perm, process, letters=letters, **hooks)


# Whom each step tells, beyond the originator and the authority: the Appendix 3 process a change touches.
def affected_process(change_request):
    """The PID Appendix 3 process whose consulted (C) and informed (I) roles hear of a request: a change to a
    stage, an objective or a business case's tier reshapes the programme between stages (the Partnership Board
    is consulted); one within a workstream or project touches its delivery; else the programme's control."""
    if change_request.changes_stage_or_objective or change_request.changes_business_case_tier:
        return "prepare_for_the_next_stage"
    if change_request.workstream_id:
        return "control_and_manage_delivery"
    return "monitor_report_and_control"
