"""Who may change the programme's money (PID s1 "programme budget", a PMO function; Appendix 3 "manage people and
other resources": Programme Director R, Joint SROs A; the product default "manage the programme budget and actual
spend", ``core.raci``).

- ``add_budgetline``, ``change_budgetline``, ``add_fundingsource``, ``change_fundingsource``, ``add_statedtotal``,
  ``change_financesettings`` (tolerances): manage_programme_finance R, the PMO and the Programme Director only
  (the budget is the programme's, set by its finance office).
- ``add_actual``, ``change_actual``: manage_programme_finance R at the project: the PMO and the Programme Director,
  the project's workstream lead and its project manager (a workstream role covers the workstream's projects).

Nobody outside the partnership may do anything; every member may read.
"""

from core import rules
from core.choices import Role

PROCESS = "manage_programme_finance"
FINANCE_OFFICE = {Role.PMO, Role.PROGRAMME_DIRECTOR}

ADD_LINE = "finance.add_budgetline"
CHANGE_LINE = "finance.change_budgetline"
ADD_SOURCE = "finance.add_fundingsource"
CHANGE_SOURCE = "finance.change_fundingsource"
ADD_STATED = "finance.add_statedtotal"
CHANGE_SETTINGS = "finance.change_financesettings"
ADD_ACTUAL = "finance.add_actual"
CHANGE_ACTUAL = "finance.change_actual"


def finance_office(obj):
    return FINANCE_OFFICE


PERMISSIONS = [
    (ADD_LINE, {"roles": finance_office}), (CHANGE_LINE, {"roles": finance_office}),
    (ADD_SOURCE, {"roles": finance_office}), (CHANGE_SOURCE, {"roles": finance_office}),
    (ADD_STATED, {"roles": finance_office}), (CHANGE_SETTINGS, {"roles": finance_office}),
    (ADD_ACTUAL, {}), (CHANGE_ACTUAL, {}),
]


def register():
    for perm, hooks in PERMISSIONS:
        rules.register(perm, PROCESS, letters="R", **hooks)
