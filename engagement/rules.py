"""Who may do what in communications and engagement (PID s4.2; RACI from Appendix 3's engagement rows, seeded in
every partnership: "engage stakeholders" and "control and deliver communications", both Programme Director R,
Joint SROs A, the Delivery Board and the PMO C).

PID s4.2 makes the PMO the coordinator of communications and engagement, and the Delivery Board is consulted on
it: so the R and C holders of a process keep its records (the letters "RC"), boards excepted (a board is consulted
as a board, at its meetings, not through one member's edits: ``keepers``); the A holders (the Joint SROs) answer
for it. The PMO edits the partnership's matrix like any other row (``core.change_racientry``).

- Stakeholders: ``add_stakeholder``, ``change_stakeholder``: engage stakeholders R or C.
- Erasure of a stakeholder's personal data on request (data protection): ``erase_stakeholder``, the PMO only.
- Personal data (``Stakeholder.PERSONAL_FIELDS``) is seen only by the PMO and the stakeholder's owner
  (``may_see_personal_data``), wherever it is shown: pages, the API, exports.
- The engagement plan and log: ``add_`` / ``change_engagementactivity``, ``add_`` / ``change_engagementresponse``,
  ``add_`` / ``change_effectivenessmeasure``, ``add_measureactual``: control and deliver communications R or C;
  ``change_engagementobjective`` (the plan's objectives): the PMO only (that process's C).
- Service changes and consultation: ``add_`` / ``change_servicechange``, ``change_fourtest``, ``add_`` /
  ``delete_testevidence``: engage stakeholders R or C.
"""

from core import rules
from core.choices import Role

STAKEHOLDERS = "engage_stakeholders"
COMMUNICATIONS = "control_and_deliver_communications"
KEEPERS = "RC"

ADD_STAKEHOLDER = "engagement.add_stakeholder"
CHANGE_STAKEHOLDER = "engagement.change_stakeholder"
ERASE_STAKEHOLDER = "engagement.erase_stakeholder"
ADD_ACTIVITY = "engagement.add_engagementactivity"
CHANGE_ACTIVITY = "engagement.change_engagementactivity"
ADD_RESPONSE = "engagement.add_engagementresponse"
CHANGE_RESPONSE = "engagement.change_engagementresponse"
CHANGE_OBJECTIVE = "engagement.change_engagementobjective"
ADD_MEASURE = "engagement.add_effectivenessmeasure"
CHANGE_MEASURE = "engagement.change_effectivenessmeasure"
ADD_ACTUAL = "engagement.add_measureactual"
ADD_SERVICE_CHANGE = "engagement.add_servicechange"
CHANGE_SERVICE_CHANGE = "engagement.change_servicechange"
CHANGE_FOUR_TEST = "engagement.change_fourtest"
ADD_EVIDENCE = "engagement.add_testevidence"
DELETE_EVIDENCE = "engagement.delete_testevidence"


# A board is consulted ("C") on engagement as a board, at its meetings (its papers and packs), never as one member's
# click: a board member's letters do not let them keep the records; the PMO's and the Programme Director's do.
BOARDS = {Role.PARTNERSHIP_BOARD, Role.DELIVERY_BOARD, Role.IMPLEMENTATION_GROUP}


def keepers(obj):
    return {role for role in Role if role not in BOARDS}


def pmo_only(obj):
    return {Role.PMO}


PERMISSIONS = [
    (ADD_STAKEHOLDER, STAKEHOLDERS, {}), (CHANGE_STAKEHOLDER, STAKEHOLDERS, {}),
    (ERASE_STAKEHOLDER, STAKEHOLDERS, {"roles": pmo_only}),
    (ADD_ACTIVITY, COMMUNICATIONS, {}), (CHANGE_ACTIVITY, COMMUNICATIONS, {}),
    (ADD_RESPONSE, COMMUNICATIONS, {}), (CHANGE_RESPONSE, COMMUNICATIONS, {}),
    (CHANGE_OBJECTIVE, COMMUNICATIONS, {"roles": pmo_only}),
    (ADD_MEASURE, COMMUNICATIONS, {}), (CHANGE_MEASURE, COMMUNICATIONS, {}), (ADD_ACTUAL, COMMUNICATIONS, {}),
    (ADD_SERVICE_CHANGE, STAKEHOLDERS, {}), (CHANGE_SERVICE_CHANGE, STAKEHOLDERS, {}),
    (CHANGE_FOUR_TEST, STAKEHOLDERS, {}), (ADD_EVIDENCE, STAKEHOLDERS, {}), (DELETE_EVIDENCE, STAKEHOLDERS, {}),
]


def is_pmo(user):
    """True when ``user`` holds the PMO role in the active partnership."""
    access = rules.current_access(user) if user is not None else None
    return bool(access and access.is_member and any(role == Role.PMO for role, _, _ in access.roles))


def may_see_personal_data(user, stakeholder=None):
    """The PMO sees every stakeholder's personal data; the stakeholder's owner sees that stakeholder's; nobody
    else (with no stakeholder: whether ``user`` sees everyone's, i.e. is the PMO)."""
    if user is None or not user.is_authenticated:
        return False
    if stakeholder is not None and stakeholder.owner_id is not None and stakeholder.owner_id == user.pk:
        return True
    return is_pmo(user)


def register():
    for perm, process, hooks in PERMISSIONS:
        rules.register(perm, process, letters=KEEPERS, **{"roles": keepers, **hooks})
