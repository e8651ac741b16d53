"""The highlight report's workflow as a table (``core.workflow``): the service's guard, the page's buttons and
the API's actions read it.

A draft (or returned) report is edited and submitted by whoever writes it; the SRO signs off a submitted report or
returns it with a reason; a signed-off report is frozen, and reopening it starts the next version as a draft.
"""

from core.workflow import Transition, Workflow
from reporting import rules
from reporting.choices import ReportStatus
from reporting.models.report import EDITABLE

REPORT = Workflow("status", [
    Transition("edit", "Edit the report", EDITABLE, None, rules.CHANGE, verb="edit"),
    Transition("submit", "Submit for sign-off", EDITABLE, ReportStatus.SUBMITTED, rules.SUBMIT, verb="submit"),
    Transition("sign_off", "Sign off", (ReportStatus.SUBMITTED,), ReportStatus.SIGNED_OFF, rules.SIGN_OFF,
               verb="sign off"),
    Transition("return", "Return to the author", (ReportStatus.SUBMITTED,), ReportStatus.RETURNED, rules.SIGN_OFF,
               verb="return"),
    Transition("reopen", "Reopen as a new version", (ReportStatus.SIGNED_OFF,), None, rules.SIGN_OFF,
               verb="reopen"),
])
