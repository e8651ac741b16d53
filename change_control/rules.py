"""Who may do each step of change control (PID s4.7; DOMAIN.md s3 product default "decide a change request":
the PMO logs and assesses, the authority decides by scale, s7).

| permission | process, letters | who, in the seeded matrix |
|---|---|---|
| ``add_changerequest`` (raise), ``resubmit_changerequest`` | none | every member: "anyone with an interest" |
| ``change_changerequest`` (correct a logged one) | decide_change_request R | PMO |
| ``assess_changerequest``, ``propose_changerequest`` | decide_change_request R | PMO |
| ``decide_changerequest`` | decide_change_request A, as its ``authority`` | its SRO or Director |
| ``decide_changerequest_as_board`` (a Delivery Board request's) | the board, as a board | its chair or the PMO |
| ``implement_changerequest`` | decide_change_request R, or A as Programme Director | PMO, Programme Director |
| ``change_changecontrolsettings`` (thresholds) | decide_change_request R | PMO |

Separation of duties (DOMAIN.md s3) is part of ``decide_changerequest`` (registered ``separate``): whoever
raised, assessed or proposed a request (its ``parties()``) may not decide it, whatever their roles. Views and
the API only ever ask ``user.has_perm(perm, request)`` or the workflow's table (``workflows.REQUEST``).

Boards decide as boards (PID s3.2, ``meetings.decisions``): a request whose authority is the Delivery Board is
governed (``core.rules.governing``) by ``decide_changerequest_as_board``, which only the board's chair
(``Body.chairs``) and the PMO as its secretary hold; they record the board's decision at one of its meetings or as a
chair's action. Other members read and comment. Separation of duties then binds only a chair's action (whoever
raised, assessed or proposed the request cannot decide it alone: ``meetings.decisions.validate``); at a meeting the
board decides and its chair or secretary records it.
"""

from change_control.choices import Authority
from core import rules
from core.choices import Role
from meetings import decisions
from programme.choices import BodyKind

PROCESS = "decide_change_request"
# Of the process's accountable roles only the Programme Director, who directs the programme's work, also
# carries out a decision; the workstream SRO and the Delivery Board decide and leave the doing to others.
NOT_IMPLEMENTERS = {Role.WORKSTREAM_SRO, Role.DELIVERY_BOARD}


def deciding_roles(change_request):
    """Only the role named by the request's authority decides it (none while the authority is unknown)."""
    return {change_request.authority} if change_request.authority else set()


def implementing_roles(change_request):
    return set(Role.values) - NOT_IMPLEMENTERS


DECIDE_AS_BOARD = "change_control.decide_changerequest_as_board"
BOARD = BodyKind.DELIVERY_BOARD  # the body whose authority Authority.DELIVERY_BOARD is


def decided_as_board(change_request):
    return change_request.authority == Authority.DELIVERY_BOARD


def decide_governed_by(change_request):
    """A Delivery Board request is the board's to decide, recorded by its chair or the PMO."""
    return DECIDE_AS_BOARD if decided_as_board(change_request) else None


PERMISSIONS = [
    ("change_control.add_changerequest", None, "", {}),
    ("change_control.resubmit_changerequest", None, "", {}),
    ("change_control.change_changerequest", PROCESS, "R", {}),
    ("change_control.assess_changerequest", PROCESS, "R", {}),
    ("change_control.propose_changerequest", PROCESS, "R", {}),
    ("change_control.decide_changerequest", PROCESS, "A",
     {"roles": deciding_roles, "separate": True, "governed_by": decide_governed_by}),
    (DECIDE_AS_BOARD, None, "", {"excluded": decisions.excluded_unless_recorder(BOARD)}),
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
