"""Who may write and sign off highlight reports (the product default "write and sign off highlight reports",
``core.raci``; PID s3: progress monitoring, reporting and forecasting).

- ``add_highlightreport``, ``change_highlightreport``, ``submit_highlightreport``: highlight_reports R at the
  report's place: a project's manager, the workstream's lead (a workstream role covers its projects), the PMO.
- ``signoff_highlightreport`` (sign off, return, reopen): highlight_reports A: the workstream's SRO. Nobody signs
  off a report they wrote or submitted (separation of duties: ``HighlightReport.parties``).
- ``change_reportingsettings``: the PMO only.
"""

from core import rules
from core.choices import Role

PROCESS = "highlight_reports"

ADD = "reporting.add_highlightreport"
CHANGE = "reporting.change_highlightreport"
SUBMIT = "reporting.submit_highlightreport"
SIGN_OFF = "reporting.signoff_highlightreport"
CHANGE_SETTINGS = "reporting.change_reportingsettings"


def programme_office(obj):
    """The reporting cycle is the programme office's (PID s3: "progress monitoring, reporting and forecasting")."""
    return {Role.PMO}


def register():
    for perm in (ADD, CHANGE, SUBMIT):
        rules.register(perm, PROCESS, letters="R")
    rules.register(SIGN_OFF, PROCESS, letters="A", separate=True)
    rules.register(CHANGE_SETTINGS, PROCESS, letters="R", roles=programme_office)
