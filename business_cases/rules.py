"""The permissions of briefs and business cases, each governed by one RACI process (DOMAIN.md s3 defaults).

| permission | process | letters | who, in the seeded matrix |
|---|---|---|---|
| ``add_brief``, ``change_brief``, ``submit_brief`` | approve_brief | R | workstream lead (own workstream), PMO |
| ``decide_brief`` (approve in principle, reject) | the Delivery Board, as a board | | its chair or the PMO |
| ``add_``, ``change_``, ``submit_businesscase`` | edit_project | R | PM, workstream lead, PMO, Programme Director |
| ``withdraw_businesscase`` (stop a case) | edit_project | R or A | the above and the workstream SRO |
| ``decide_rff`` (approve or reject an RFF) | the Delivery Board, as a board | | its chair or the PMO |
| ``recommend_obc_fbc`` (recommend, or reject first) | the Delivery Board, as a board | | its chair or the PMO |
| ``decide_obc_fbc`` (approve or reject a recommended OBC or FBC) | the Partnership Board, as a board | | the PMO |
| ``score_rff``, ``score_obc_fbc`` | the deciding process | R or A | PMO and DB; DB and PB |
| ``change_businesscasesettings`` (tier thresholds) | manage_information | R | PMO |
| ``record_prior_decision`` (a stage decided outside the portal, ``elsewhere``) | manage_information | R | PMO |

Boards decide as boards (PID s3.2, ``meetings.decisions``): the board steps (``BOARDS``) are recorded by the
deciding board's chair or by the PMO as its secretary, at one of the board's meetings or as a chair's action;
other members (A or R in the matrix for approve_brief, approve_rff, approve_obc_fbc) comment and score but do not
decide. Separation of duties (DOMAIN.md s3) is part of scoring (``SEPARATE``): whoever wrote or submitted a brief
or case (its ``parties()``) may not score it; nor may a chair decide it alone by chair's action.
"""

from django.db.models import Q

from business_cases.choices import Tier
from core import rules
from meetings import decisions
from programme.choices import BodyKind

PERMISSIONS = [
    ("business_cases.add_brief", "approve_brief", "R"),
    ("business_cases.change_brief", "approve_brief", "R"),
    ("business_cases.submit_brief", "approve_brief", "R"),
    ("business_cases.decide_brief", "approve_brief", "A"),
    ("business_cases.add_businesscase", "edit_project", "R"),
    ("business_cases.change_businesscase", "edit_project", "R"),
    ("business_cases.submit_businesscase", "edit_project", "R"),
    ("business_cases.withdraw_businesscase", "edit_project", "RA"),
    ("business_cases.decide_rff", "approve_rff", "A"),
    ("business_cases.recommend_obc_fbc", "approve_obc_fbc", "R"),
    ("business_cases.decide_obc_fbc", "approve_obc_fbc", "A"),
    ("business_cases.score_rff", "approve_rff", "RA"),
    ("business_cases.score_obc_fbc", "approve_obc_fbc", "RA"),
    ("business_cases.change_businesscasesettings", "manage_information", "R"),
    ("business_cases.record_prior_decision", "manage_information", "R"),
]

# Who wrote or submitted the item may not take these (core.rules.register(separate=True)).
SEPARATE = {"business_cases.score_rff", "business_cases.score_obc_fbc"}

# The steps a board takes as a board, and which board: recorded by its chair or the PMO (meetings.decisions).
BOARDS = {
    "business_cases.decide_brief": BodyKind.DELIVERY_BOARD,
    "business_cases.decide_rff": BodyKind.DELIVERY_BOARD,
    "business_cases.recommend_obc_fbc": BodyKind.DELIVERY_BOARD,
    "business_cases.decide_obc_fbc": BodyKind.PARTNERSHIP_BOARD,
}

CASE_ACTIONS = {"add", "change", "submit", "withdraw"}
TIERED_ACTIONS = {"recommend", "decide", "score"}


def case_perm(action, tier):
    """The permission name for ``action`` on a case of ``tier``."""
    if action in CASE_ACTIONS:
        return f"business_cases.{action}_businesscase"
    if action in TIERED_ACTIONS:
        suffix = "rff" if Tier(tier) == Tier.RFF else "obc_fbc"
        if action == "recommend" and suffix == "rff":
            raise ValueError("An RFF is decided by the Delivery Board directly; it is not recommended.")
        return f"business_cases.{action}_{suffix}"
    raise ValueError(f"Unknown business case action {action!r}.")


def register():
    for perm, process, letters in PERMISSIONS:
        if perm in BOARDS:
            rules.register(perm, None, excluded=decisions.excluded_unless_recorder(BOARDS[perm]))
        else:
            rules.register(perm, process, letters=letters, separate=perm in SEPARATE)


# Which restricted cases a process's R or A lets a role read.
EVERY_CASE = Q(pk__isnull=False)  # an empty Q() would vanish when OR-ed, not mean "all"
VISIBILITY = (
    ("edit_project", EVERY_CASE),
    ("approve_rff", Q(tier=Tier.RFF)),
    ("approve_obc_fbc", ~Q(tier=Tier.RFF)),
)


def visible_q(user):
    """The Q of cases ``user`` may read in the active tenant: every unrestricted case; restricted ones they
    authored or submitted, hold an explicit grant on, or hold R or A for (at the tenant, or at the case's
    workstream or project, matched as ``core.rules.Access.roles_covering`` does)."""
    from business_cases.models import BusinessCaseGroupObjectPermission, BusinessCaseUserObjectPermission

    access = rules.current_access(user)
    if access is None or not access.is_member:
        return Q(pk__in=[])
    allowed = Q(restricted=False) | Q(author_id=user.pk) | Q(submitted_by_id=user.pk)
    allowed |= Q(pk__in=BusinessCaseUserObjectPermission.objects.filter(
        user_id=user.pk, permission__codename="view_businesscase").values("content_object_id"))
    allowed |= Q(pk__in=BusinessCaseGroupObjectPermission.objects.filter(
        group__user__id=user.pk, permission__codename="view_businesscase").values("content_object_id"))
    for process, cases in VISIBILITY:
        for role, workstream_id, project_id in access.roles:
            if not set(access.matrix.get((process, role), "")) & {"R", "A"}:
                continue
            if project_id is not None:
                allowed |= cases & Q(project_id=project_id)
            elif workstream_id is not None:
                allowed |= cases & Q(project__workstream_id=workstream_id)
            else:
                allowed |= cases
    return allowed
