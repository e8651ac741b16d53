"""What the browser views share: visible querysets, refusals, workflow errors and the decisions a user may take."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from business_cases.choices import AWAITING_A_BOARD
from business_cases.models import BusinessCase, CostShare, PriorDecision, PrioritisationScore
from business_cases.rules import BOARDS
from business_cases.workflows import CASE, STEPS
from core import rules
from meetings import decisions


def visible_cases(request):
    return BusinessCase.objects.visible_to(request.user).select_related("project__workstream", "author")


def get_case(request, pk):
    """A case of the active tenant that this user may read, else 404 (restricted cases included)."""
    queryset = visible_cases(request).select_related(
        "submitted_by", "recommended_by", "decided_by", "obc_approved_by").prefetch_related(
        "money_lines", "stated_totals",
        Prefetch("prior_decisions", PriorDecision.objects.select_related("recorded_by")),
        Prefetch("cost_shares", CostShare.objects.select_related("organisation")),
        Prefetch("scores", PrioritisationScore.objects.select_related("scorer")))
    return get_object_or_404(queryset, pk=pk)


@dataclass(frozen=True)
class Decision:
    name: str  # the URL name's suffix and the service step
    label: str
    perm: str
    form: str = ""  # "note", "required_note", "reason" or "" for none
    secondary: bool = False
    warning: bool = False
    board: object = None  # the board taking the step as a board (meetings.decisions), if it is one
    board_meetings: tuple = ()  # its meetings a decision may be recorded at


# How the case's page shows each step of the table: (button, form, secondary, warning). {doc} is RFF, OBC or FBC.
BUTTONS = {
    "submit": ("Submit the {doc}", "", False, False),
    "recommend": ("Recommend to the Partnership Board", "note", False, False),
    "approve": ("Approve the {doc}", "note", False, False),
    "reject": ("Reject", "required_note", False, True),
    "revise": ("Reopen for revision", "", True, False),
    "start-fbc": ("Begin the Full Business Case", "", False, False),
    "withdraw": ("Withdraw (stop) the case", "reason", False, True),
}


def available_decisions(case, user):
    """The workflow steps this user may take on the case now: the rows of the case table (state, RACI and
    separation of duties), as buttons."""
    steps, boards = [], {}
    for row in CASE.available(user, case):
        name = STEPS[row.name]
        label, form, secondary, warning = BUTTONS[name]
        board = meetings = None
        if row.perm in BOARDS:
            if row.perm not in boards:
                body = decisions.board(BOARDS[row.perm])
                boards[row.perm] = (body, tuple(decisions.recent_meetings(body)))
            board, meetings = boards[row.perm]
        steps.append(Decision(name, label.format(doc=case.document_type.upper()), row.perm, form, secondary, warning,
                              board, meetings or ()))
    return steps


def may_score(case, user):
    perm = case.perm("score")
    return (case.status in AWAITING_A_BOARD and rules.separation_refusal(user, perm, case) is None
            and user.has_perm(perm, case))
