"""The workflows of briefs and business cases as tables (``core.workflow``; PID s3.4.2, DOMAIN.md s5).

Each row is one step: the states it leaves from, the state it reaches and the permission that governs it (its
RACI process, and separation of duties where the permission is registered ``separate``: see ``rules``). The
services call ``check`` as their one guard (a wrong state is 409, a refusal 403), the case and brief pages' buttons
are ``available``/``may``, and the tests walk the tables.

A case's tier decides who acts, so the case table reads a state that tells the tiers apart where it matters:
a submitted RFF awaits the Delivery Board's decision, a submitted OBC or FBC its recommendation; a top-tier
case whose OBC is approved awaits its FBC. Approving and rejecting are therefore several rows, one per board
(``STEPS`` names the step each row is on the page and in the API).

Note: the Delivery and Partnership Boards' rows may change when boards decide at meetings (issue 14).
"""

from business_cases.choices import WITHDRAWABLE, BriefStatus, CaseStatus, DocumentType, Tier
from core import workflow
from core.workflow import Transition

# Briefs ---------------------------------------------------------------------------------------------------

SUBMIT_BRIEF = "business_cases.submit_brief"
DECIDE_BRIEF = "business_cases.decide_brief"


def _brief_refused(brief, row):
    needs = "only a draft can be submitted" if row.name == "submit" else f"only a submitted brief can be {row.verb}d"
    return f"The brief '{brief.title}' is {brief.get_status_display().lower()}: {needs}."


BRIEF = workflow.Workflow("status", [
    Transition("submit", "Submit to the Delivery Board", (BriefStatus.DRAFT,), BriefStatus.SUBMITTED, SUBMIT_BRIEF,
               "submit"),
    Transition("approve", "Approve in principle", (BriefStatus.SUBMITTED,), BriefStatus.APPROVED, DECIDE_BRIEF,
               "approve"),
    Transition("reject", "Reject", (BriefStatus.SUBMITTED,), BriefStatus.REJECTED, DECIDE_BRIEF, "reject"),
], refused=_brief_refused)


# Business cases -------------------------------------------------------------------------------------------

SUBMIT = "business_cases.submit_businesscase"
CHANGE = "business_cases.change_businesscase"
WITHDRAW = "business_cases.withdraw_businesscase"
RECOMMEND = "business_cases.recommend_obc_fbc"
DECIDE_RFF = "business_cases.decide_rff"
DECIDE_OBC_FBC = "business_cases.decide_obc_fbc"

# The states of the case table beyond the statuses themselves.
RFF_SUBMITTED = "submitted rff"  # an RFF awaiting the Delivery Board's decision (an OBC or FBC: "submitted")
OBC_APPROVED = "approved obc"  # a top-tier case whose OBC is approved: its FBC may be begun


def case_state(case):
    if case.status == CaseStatus.SUBMITTED and case.tier == Tier.RFF:
        return RFF_SUBMITTED
    if (case.status == CaseStatus.APPROVED and case.tier == Tier.OBC_FBC
            and case.document_type == DocumentType.OBC):
        return OBC_APPROVED
    return case.status


def _case_refused(case, row):
    state = f"{case.ref} is {case.get_status_display().lower()}"
    step = STEPS[row.name]
    if step == "recommend" and case.tier == Tier.RFF:
        return f"{case.ref} is an RFF: the Delivery Board approves or rejects it directly."
    if row.name == "approve" and case.status == CaseStatus.SUBMITTED:
        return (f"{case.ref} awaits the Delivery Board's recommendation before the Partnership Board can approve "
                "it.")
    if row.name == "start-fbc":
        return f"{case.ref} has no approved OBC awaiting its FBC."
    needs = {
        "submit": "only a draft can be submitted",
        "recommend": "only a submitted case can be recommended",
        "approve-rff": "only a submitted RFF can be approved",
        "approve": "only a recommended OBC or FBC can be approved",
        "reject": "only a case awaiting a board can be rejected",
        "revise": "only a rejected case can be reopened for revision",
        "withdraw": "it cannot be withdrawn",
    }
    return f"{state}: {needs.get(row.name, needs.get(step))}."


CASE = workflow.Workflow("status", [
    Transition("submit", "Submit", (CaseStatus.DRAFT,), CaseStatus.SUBMITTED, SUBMIT, "submit"),
    # The Delivery Board recommends an OBC or FBC to the Partnership Board, or rejects it instead.
    Transition("recommend", "Recommend to the Partnership Board", (CaseStatus.SUBMITTED,), CaseStatus.RECOMMENDED,
               RECOMMEND, "recommend"),
    # An RFF is decided by the Delivery Board; a recommended OBC or FBC by the Partnership Board.
    Transition("approve-rff", "Approve", (RFF_SUBMITTED,), CaseStatus.APPROVED, DECIDE_RFF, "approve"),
    Transition("approve", "Approve", (CaseStatus.RECOMMENDED,), CaseStatus.APPROVED, DECIDE_OBC_FBC, "approve"),
    Transition("reject-rff", "Reject", (RFF_SUBMITTED,), CaseStatus.REJECTED, DECIDE_RFF, "reject"),
    Transition("reject-submitted", "Reject", (CaseStatus.SUBMITTED,), CaseStatus.REJECTED, RECOMMEND, "reject"),
    Transition("reject", "Reject", (CaseStatus.RECOMMENDED,), CaseStatus.REJECTED, DECIDE_OBC_FBC, "reject"),
    Transition("revise", "Reopen for revision", (CaseStatus.REJECTED,), CaseStatus.DRAFT, SUBMIT, "revise"),
    Transition("start-fbc", "Begin the Full Business Case", (OBC_APPROVED,), CaseStatus.DRAFT, CHANGE),
    Transition("withdraw", "Withdraw (stop) the case", (*WITHDRAWABLE, RFF_SUBMITTED, OBC_APPROVED),
               CaseStatus.WITHDRAWN, WITHDRAW, "withdraw"),
], state=case_state, refused=_case_refused)

# The step each row is on the case's page and in the API (``/cases/<pk>/<step>/``, ``.../<step>/`` actions).
BOARD_ROWS = {"approve-rff": "approve", "reject-rff": "reject", "reject-submitted": "reject"}
STEPS = {row.name: BOARD_ROWS.get(row.name, row.name) for row in CASE}


def case_row(case, step):
    """The row of the case table that ``step`` (approve, reject, ...) is for this case: the one leaving its state,
    else the one its tier would take (whose refusal then says what the step needs)."""
    rows = [row for row in CASE if STEPS[row.name] == step]
    for row in rows:
        if CASE.can_leave(case, row.name):
            return row.name
    if step == "approve":
        return "approve-rff" if case.tier == Tier.RFF else "approve"
    return rows[0].name
