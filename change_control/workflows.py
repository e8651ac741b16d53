"""The change request workflow as a table (``core.workflow``; PID s4.7): log, assess, propose, decide, implement,
and resubmitting a deferred request as a new version.

Each row is one step: the states it leaves from, the state it reaches (None when the step decides it, or makes a
new version), and the permission that governs it (its RACI process and, for deciding, separation of duties:
nobody decides what they raised, assessed or proposed). The services call ``REQUEST.check`` as their one guard
(a wrong state is 409, a refusal 403); the request's page shows the step that moves it on
(``services.next_step``) to those the table lets take it; the tests walk the table.

A decided request's state is told apart by its decision: only an approved change is implemented, only a
deferred request is resubmitted, and only once.
"""

from change_control.choices import Decision, Status
from core import workflow
from core.workflow import Transition

CHANGE = "change_control.change_changerequest"
ASSESS = "change_control.assess_changerequest"
PROPOSE = "change_control.propose_changerequest"
DECIDE = "change_control.decide_changerequest"
IMPLEMENT = "change_control.implement_changerequest"
RESUBMIT = "change_control.resubmit_changerequest"

# The states of a decided request.
APPROVED, REJECTED, DEFERRED = "approved", "rejected", "deferred"
RESUBMITTED = "resubmitted"  # deferred, and already resubmitted as a new version
DECIDED_WORDS = {Decision.APPROVE: APPROVED, Decision.REJECT: REJECTED, Decision.DEFER: DEFERRED}




def request_state(change_request):
    if change_request.status != Status.DECIDED:
        return change_request.status
    if change_request.decision == Decision.DEFER and change_request.later_version is not None:
        return RESUBMITTED
    return DECIDED_WORDS[change_request.decision]


DONE = {"update": "corrected", "assess": "assessed", "propose": "proposed", "decide": "decided",
        "implement": "implemented", "resubmit": "resubmitted"}


def _refused(change_request, row):
    ref = change_request.ref
    if change_request.status == Status.DECIDED and row.name in ("implement", "resubmit"):
        if row.name == "resubmit" and change_request.decision == Decision.DEFER:
            return f"{ref} has already been resubmitted."
        needs = ("only an approved change is implemented" if row.name == "implement"
                 else "only a deferred request can be resubmitted")
        return f"{ref} was {DECIDED_WORDS[change_request.decision]}: {needs}."
    statuses = [status for status in Status if status in row.sources] or [Status.DECIDED]
    wanted = " or ".join(status.label.lower() for status in statuses)
    return (f"{ref} is {change_request.get_status_display().lower()}: only a {wanted} request can be "
            f"{DONE[row.name]}.")


REQUEST = workflow.Workflow("status", [
    Transition("update", "Correct it", (Status.LOGGED,), Status.LOGGED, CHANGE, "correct"),
    Transition("assess", "Analyse and assess", (Status.LOGGED, Status.ASSESSED), Status.ASSESSED, ASSESS, "assess"),
    Transition("propose", "Propose the action", (Status.ASSESSED,), Status.PROPOSED, PROPOSE, "propose"),
    Transition("decide", "Decide: approve, reject or defer", (Status.PROPOSED,), None, DECIDE, "decide"),
    Transition("implement", "Implement", (APPROVED,), Status.IMPLEMENTED, IMPLEMENT, "implement"),
    # The deferred request stays as it was; a new version starts at logged.
    Transition("resubmit", "Resubmit as a new version", (DEFERRED,), None, RESUBMIT, "resubmit"),
], state=request_state, refused=_refused)


def next_step(change_request):
    """The step that moves the request on (re-assessing or correcting it does not), or None when it is finished:
    rejected, implemented, or deferred and resubmitted."""
    state = REQUEST.state(change_request)
    return next((row.name for row in REQUEST if state in row.sources and row.target != state), None)
