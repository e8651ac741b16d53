"""Who may change the Programme Plan (PID s3.4.1: the plan is a product of the PMO; Appendix 3 "make the
programme plan", Programme Director R; the product default "manage the programme plan", ``core.raci``).

- ``add_planitem``, ``change_planitem``, ``complete_planitem``: manage_the_programme_plan R at the item's place:
  at programme level the PMO and the Programme Director; a workstream's items also its lead; a project's also its
  manager (a workstream role covers the workstream's projects).
- ``add_plandependency``, ``change_plandependency``, ``delete_plandependency``, ``add_externaldependency``,
  ``change_externaldependency``: the same, at the place of the item that waits.
- ``baseline_planitem`` (re-baseline one item), ``add_baseline`` (baseline the plan), ``change_plansettings``
  (tolerances): manage_the_programme_plan R, the PMO and the Programme Director only.

A role held at a workstream covers its projects (``core.rules``); nobody outside the partnership may do anything.
"""

from core import rules
from core.choices import Role

PROCESS = "manage_the_programme_plan"
PLAN_OFFICE = {Role.PMO, Role.PROGRAMME_DIRECTOR}

ADD_ITEM = "plan.add_planitem"
CHANGE_ITEM = "plan.change_planitem"
COMPLETE_ITEM = "plan.complete_planitem"
REBASELINE_ITEM = "plan.baseline_planitem"
ADD_DEPENDENCY = "plan.add_plandependency"
CHANGE_DEPENDENCY = "plan.change_plandependency"
DELETE_DEPENDENCY = "plan.delete_plandependency"
ADD_EXTERNAL = "plan.add_externaldependency"
CHANGE_EXTERNAL = "plan.change_externaldependency"
ADD_BASELINE = "plan.add_baseline"
CHANGE_SETTINGS = "plan.change_plansettings"


def plan_office(obj):
    return PLAN_OFFICE


PERMISSIONS = [
    (ADD_ITEM, {}), (CHANGE_ITEM, {}), (COMPLETE_ITEM, {}),
    (ADD_DEPENDENCY, {}), (CHANGE_DEPENDENCY, {}), (DELETE_DEPENDENCY, {}),
    (ADD_EXTERNAL, {}), (CHANGE_EXTERNAL, {}),
    (REBASELINE_ITEM, {"roles": plan_office}), (ADD_BASELINE, {"roles": plan_office}),
    (CHANGE_SETTINGS, {"roles": plan_office}),
]


def register():
    for perm, hooks in PERMISSIONS:
        rules.register(perm, PROCESS, letters="R", **hooks)
