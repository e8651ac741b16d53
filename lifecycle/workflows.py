"""The lifecycle's workflows as tables (``core.workflow``): the services' one guard, the pages' buttons and the
tests all read them.

- ``REPORT``, the end-of-stage report (PID s3.3): the Programme Director edits and submits a draft (or a rejected
  report); the Delivery Board decides a submitted one, then the Partnership Board one the Delivery Board
  approved; once both approved, the stage is closed (its state is then ``stage_closed``).
- ``EIA`` (s4.6): a draft (or returned) EIA is edited and signed off by the workstream SRO; the Delivery Board
  decides a signed-off one.
- ``CLOSURE``, closing the programme (s3.6): notified once; while notified (or not approved) the closure report,
  the post-implementation review and redeployment are recorded and it is submitted; the Partnership Board
  decides it; an approved closure disbands the programme. Before anyone notified it, its state is
  ``not_started``. Each step is the Appendix 3 process ``CLOSURE_PROCESSES`` names.

The boards' steps (the report's ``delivery_board`` and ``partnership_board``, the EIA's and the closure's ``decide``)
are each board's as a board (``lifecycle.boards``): their permissions let only the board's chair and the PMO.

Quality reviews are recorded once and have no states, so no table. A step the state forbids is refused (409) in
the sentence the step has always given (``WRONG_STATE``).
"""

from core.workflow import Transition, Workflow
from lifecycle import permissions as perms
from lifecycle.choices import ClosureStatus, EiaStatus, ReportStatus
from programme.choices import StageStatus

# End-of-stage reports ----------------------------------------------------------------------------------------

STAGE_CLOSED = "stage_closed"
EDITABLE_REPORT = (ReportStatus.DRAFT, ReportStatus.REJECTED)


def report_state(report):
    """The report's status, or ``stage_closed`` once the report is approved and its stage closed."""
    if report.status == ReportStatus.APPROVED and (report.stage_closed_at or report.stage.status == StageStatus.CLOSED):
        return STAGE_CLOSED
    return report.status


REPORT = Workflow("status", [
    Transition("edit", "Edit the report", EDITABLE_REPORT, ReportStatus.DRAFT, perms.EOS_PREPARE, verb="edit"),
    Transition("submit", "Submit to the Delivery Board", EDITABLE_REPORT, ReportStatus.SUBMITTED, perms.EOS_PREPARE,
               verb="submit"),
    Transition("delivery_board", "Delivery Board decision", (ReportStatus.SUBMITTED,), None, perms.EOS_APPROVE_DB,
               verb="decide"),
    Transition("partnership_board", "Partnership Board decision", (ReportStatus.DELIVERY_APPROVED,), None,
               perms.EOS_APPROVE_PB, verb="decide"),
    Transition("close", "Close the stage", (ReportStatus.APPROVED,), STAGE_CLOSED, perms.CLOSE_STAGE, verb="close"),
], state=report_state)
# The boards deciding a report: the step of each (``services.decide_report``'s ``board``).
BOARDS = ("delivery_board", "partnership_board")


def _report_is(report):
    return f"The report is {report.get_status_display().lower()}"


def _board_refusal(board):
    wanted = REPORT[board].sources[0]
    return lambda report: (f"{_report_is(report)}: the {board.replace('_', ' ').title()} decides a report "
                           f"{wanted.label.lower()}.")


def _close_refusal(report):
    if report_state(report) == STAGE_CLOSED:
        return f"{report.stage} is already closed."
    return ("The stage closes only after the Delivery Board and then the Partnership Board have approved its "
            f"end-of-stage report (it is {report.get_status_display().lower()}).")


# Equality impact assessments -----------------------------------------------------------------------------------

EDITABLE_EIA = (EiaStatus.DRAFT, EiaStatus.REJECTED)

EIA = Workflow("status", [
    Transition("edit", "Edit", EDITABLE_EIA, None, perms.EIA_CHANGE, verb="edit"),
    Transition("sign_off", "Sign off as workstream SRO", EDITABLE_EIA, EiaStatus.SIGNED_OFF, perms.EIA_SIGN_OFF,
               verb="sign off"),
    Transition("decide", "Decide", (EiaStatus.SIGNED_OFF,), None, perms.EIA_APPROVE, verb="decide"),
])


def _eia_is(eia):
    return f"The EIA is {eia.get_status_display().lower()}"


# Programme closure ---------------------------------------------------------------------------------------------

NOT_STARTED = "not_started"
OPEN_CLOSURE = (ClosureStatus.NOTIFIED, ClosureStatus.REJECTED)
CLOSURE_PROCESSES = {
    "notify": "notify_programme_about_to_close",
    "report": "finish_programme_information",
    "review": "review_programme",
    "redeploy": "confirm_redeployment_of_all_programme_resource",
    "submit": "approve_programme_closure",
    "decide": "approve_programme_closure",
    "disband": "disband_programme_organisation_and_team",
}


def closure_state(closure):
    """The closure's status, or ``not_started`` for the closure nobody has notified yet (an unsaved one)."""
    return closure.status if closure.pk else NOT_STARTED


def _closure_step(name, sources, target, perm, verb):
    return Transition(name, perms.PROCESS_NAMES[CLOSURE_PROCESSES[name]], sources, target, perm, verb=verb)


CLOSURE = Workflow("status", [
    _closure_step("notify", (NOT_STARTED,), ClosureStatus.NOTIFIED, perms.NOTIFY_CLOSE, "notify"),
    _closure_step("report", OPEN_CLOSURE, None, perms.CLOSURE_REPORT, "report"),
    _closure_step("review", OPEN_CLOSURE, None, perms.REVIEW, "review"),
    _closure_step("redeploy", OPEN_CLOSURE, None, perms.REDEPLOY, "redeploy"),
    _closure_step("submit", OPEN_CLOSURE, ClosureStatus.SUBMITTED, perms.SUBMIT_CLOSURE, "submit"),
    _closure_step("decide", (ClosureStatus.SUBMITTED,), None, perms.APPROVE_CLOSURE, "decide"),
    _closure_step("disband", (ClosureStatus.APPROVED,), ClosureStatus.DISBANDED, perms.DISBAND, "disband"),
], state=closure_state)


def _closure_refusal(closure):
    if closure_state(closure) == NOT_STARTED:
        return "First notify the programme that it is about to close."
    return f"Programme closure is {closure.get_status_display().lower()}."


# The one guard -------------------------------------------------------------------------------------------------

WRONG_STATE = {
    (REPORT, "edit"): lambda report: f"{_report_is(report)}: only a draft can change.",
    (REPORT, "submit"): lambda report: f"{_report_is(report)}.",
    (REPORT, "delivery_board"): _board_refusal("delivery_board"),
    (REPORT, "partnership_board"): _board_refusal("partnership_board"),
    (REPORT, "close"): _close_refusal,
    (EIA, "edit"): lambda eia: f"{_eia_is(eia)}: only a draft can change.",
    (EIA, "sign_off"): lambda eia: f"{_eia_is(eia)}.",
    (EIA, "decide"): lambda eia: f"{_eia_is(eia)}: only a signed-off EIA is decided.",
    (CLOSURE, "notify"): lambda closure: "The programme has already been notified that it is about to close.",
    **{(CLOSURE, name): _closure_refusal for name in CLOSURE_PROCESSES if name != "notify"},
}


def wrong_state(workflow, obj, name):
    """The sentence refusing step ``name`` of ``obj`` in its current state."""
    return WRONG_STATE[(workflow, name)](obj)


def allowed(workflow, user, obj):
    """The names of the steps ``user`` may take on ``obj`` now: what a page's buttons ask."""
    return {transition.name for transition in workflow.available(user, obj)}


def _refused(workflow):
    """The table's ``refused`` hook: a step's own sentence from ``WRONG_STATE``, else the kernel's."""
    def words(obj, transition):
        found = WRONG_STATE.get((workflow, transition.name))
        return found(obj) if found is not None else None
    return words


for _workflow in {workflow for workflow, _ in WRONG_STATE}:
    _workflow.refused = _refused(_workflow)
