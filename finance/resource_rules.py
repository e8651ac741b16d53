"""Who may keep partner resources (PID s5.1; Appendix 3 "manage people and other resources" and "confirm
redeployment of all programme resource"; the product default ``manage_programme_resources``, ``core.raci``).

- ``add_resourcepledge``, ``change_resourcepledge`` (and recording a pledge's redeployment outcome):
  manage_programme_resources R where the pledge sits: the PMO and the Programme Director anywhere, a workstream's
  lead in its workstream (and its projects), a project's manager in the project.
- ``add_resourcedemand``, ``change_resourcedemand``: the same, at the case's project.
- ``add_skill``, ``change_skill`` (the partnership's vocabulary): the PMO and the Programme Director only.

Nobody outside the partnership may do anything; every member may read.
"""

from core import rules
from finance.rules import finance_office

PROCESS = "manage_programme_resources"

ADD_PLEDGE = "finance.add_resourcepledge"
CHANGE_PLEDGE = "finance.change_resourcepledge"
ADD_DEMAND = "finance.add_resourcedemand"
CHANGE_DEMAND = "finance.change_resourcedemand"
ADD_SKILL = "finance.add_skill"
CHANGE_SKILL = "finance.change_skill"

PERMISSIONS = [
    (ADD_PLEDGE, {}), (CHANGE_PLEDGE, {}), (ADD_DEMAND, {}), (CHANGE_DEMAND, {}),
    (ADD_SKILL, {"roles": finance_office}), (CHANGE_SKILL, {"roles": finance_office}),
]


def register():
    for perm, hooks in PERMISSIONS:
        rules.register(perm, PROCESS, letters="R", **hooks)
