"""The risk register's workflows as tables (``core.workflow``, DOMAIN.md s4, PID s4.4).

Each table names a step, the states it leaves from, the state it reaches and the permission that governs it.
The services call ``check`` as their one guard (409 from a wrong state, 403 naming who may), the pages' buttons
read ``available``/``may``, and ``tests/risks/test_workflows.py`` walks every row.

A risk's permissions depend on its level (each level is governed by its own RACI process, ``risks.rules``), so
there is one table per level, built from the same declaration: ``for_risk(risk)``, ``for_move(move)`` and
``for_issue(issue)`` pick the one for the item in hand.

- A risk: propose escalation (one level up) or de-escalation (one level down) while it is open and no move
  awaits decision; close it while it is open; archive it unless it is archived already.
- A move between levels (``RiskMove``): the receiving level's accountable role accepts or rejects it while it is
  proposed; whoever proposed it may not (separation of duties, ``RiskMove.parties``).
- An issue's dispute (PID s4.4 "Issue Resolution"): referred to the Programme Director, then the joint SROs,
  then the Partnership Board, while the issue is open or in progress; archive it unless it is archived already.
"""

from core.workflow import Transition, Workflow
from risks.choices import (
    ISSUE_LEVELS,
    LEVEL_ORDER,
    DisputeStage,
    IssueStatus,
    MoveStatus,
    RiskStatus,
    level_above,
    level_below,
)
from risks.rules import issue_perm, risk_perm

# States derived from more than one field (a risk's status, whether it is archived, whether a move is pending).
ARCHIVED = "archived"
AWAITING = "awaiting a decision on a move"


# Risks -------------------------------------------------------------------------------------------------------

def risk_state(risk):
    """archived, closed, awaiting (open with a move proposed) or open."""
    if risk.archived:
        return ARCHIVED
    if risk.status != RiskStatus.OPEN:
        return risk.status
    return AWAITING if risk.pending_move is not None else RiskStatus.OPEN


def _risk_refused(risk, step):
    """The register's own words for a step the risk's state forbids (as before the tables)."""
    state = risk_state(risk)
    if state == ARCHIVED:
        return f"{risk.ref} is already archived." if step.name == "archive" else f"{risk.ref} is archived."
    if state == RiskStatus.CLOSED:
        return f"{risk.ref} is already closed." if step.name == "close" else f"{risk.ref} is closed."
    if state == AWAITING:
        return f"{risk.ref} already has a move awaiting decision."
    where = "the top (Partnership Board BAF)" if step.name == "escalate" else "the lowest level (a project register)"
    return f"{risk.ref} is already at {where}."


LIVE = (RiskStatus.OPEN, AWAITING)
RISK_STATES = (RiskStatus.OPEN, AWAITING, RiskStatus.CLOSED, ARCHIVED)


def risk_table(level):
    """The steps of a risk on ``level``'s register. Nothing escalates above the top or below the bottom."""
    return Workflow("status", [
        Transition("escalate", "Propose escalation", (RiskStatus.OPEN,) if level_above(level) else (), None,
                   risk_perm("escalate_from", level), "escalate"),
        Transition("deescalate", "Propose de-escalation", (RiskStatus.OPEN,) if level_below(level) else (), None,
                   risk_perm("deescalate_from", level), "de-escalate"),
        Transition("close", "Close", LIVE, RiskStatus.CLOSED, risk_perm("close", level), "close"),
        Transition("archive", "Archive", (*LIVE, RiskStatus.CLOSED), ARCHIVED, risk_perm("edit", level), "archive"),
    ], state=risk_state, refused=_risk_refused)


RISK = {level: risk_table(level) for level in LEVEL_ORDER}


def for_risk(risk):
    return RISK[risk.level]


# Moves between levels ----------------------------------------------------------------------------------------

def move_table(to_level):
    """Deciding a move onto ``to_level``: that level's accountable role, never the proposer."""
    perm = risk_perm("accept_to", to_level)
    return Workflow("status", [
        Transition("accept", "Accept", (MoveStatus.PROPOSED,), MoveStatus.ACCEPTED, perm, "decide"),
        Transition("reject", "Reject", (MoveStatus.PROPOSED,), MoveStatus.REJECTED, perm, "decide"),
    ])


MOVE = {level: move_table(level) for level in LEVEL_ORDER}


def for_move(move):
    return MOVE[move.to_level]


# Issues ------------------------------------------------------------------------------------------------------

def issue_state(issue):
    """archived, resolved or closed; else where its dispute stands (no dispute, with the Programme Director...)."""
    if issue.archived:
        return ARCHIVED
    if issue.status in (IssueStatus.RESOLVED, IssueStatus.CLOSED):
        return issue.status
    return issue.dispute_stage


ISSUE_STATES = (*DisputeStage.values, IssueStatus.RESOLVED, IssueStatus.CLOSED, ARCHIVED)
# Who refers a dispute to each arbiter (PID s4.4): the issue's register, then the Programme Director, then the
# joint SROs.
REFERRALS = (
    (DisputeStage.NONE, DisputeStage.PROGRAMME_DIRECTOR, None),
    (DisputeStage.PROGRAMME_DIRECTOR, DisputeStage.JOINT_SROS, "risks.refer_dispute_to_joint_sros"),
    (DisputeStage.JOINT_SROS, DisputeStage.PARTNERSHIP_BOARD, "risks.refer_dispute_to_partnership_board"),
)


def refer_step(stage):
    """The name of the step referring a dispute to ``stage``."""
    return f"refer_to_{stage}"


def _issue_refused(issue, step):
    state = issue_state(issue)
    if state == ARCHIVED:
        return f"{issue.ref} is already archived." if step.name == "archive" else f"{issue.ref} is archived."
    if state in (IssueStatus.RESOLVED, IssueStatus.CLOSED):
        return f"{issue.ref} is {state}: there is no dispute to refer."
    if state == DisputeStage.PARTNERSHIP_BOARD:
        return f"{issue.ref} is already with the Partnership Board, the last arbiter."
    return f"{issue.ref} is with the {DisputeStage(state).label}: it cannot be referred there now."


def issue_table(level):
    edit = issue_perm("edit", level)
    return Workflow("dispute_stage", [
        *(Transition(refer_step(target), f"Refer to the {DisputeStage(target).label}", (source,), target,
                     perm or edit, "refer") for source, target, perm in REFERRALS),
        Transition("archive", "Archive", tuple(state for state in ISSUE_STATES if state != ARCHIVED), ARCHIVED, edit,
                   "archive"),
    ], state=issue_state, refused=_issue_refused)


ISSUE = {level: issue_table(level) for level in ISSUE_LEVELS}


def for_issue(issue):
    return ISSUE[issue.level]
