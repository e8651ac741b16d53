"""The risk register's permissions, each governed by one RACI process (DOMAIN.md s3 product defaults).

A single permission name maps to a single process in ``core.rules``, but a risk's governing
process depends on its level; so each action has one permission per level, and ``Risk.perm(action)``
names the one for the risk in hand. Views and the API then only ever ask ``user.has_perm(name, obj)``, and
services ``core.rules.require`` (through the workflow tables of ``risks.workflows``). Deciding a move
(``accept_to``) keeps separation of duties: whoever proposed the move may not decide it.

| permission | process | letters |
|---|---|---|
| ``risks.edit_<level>_risk`` (create, edit, archive, actions) | the level's process | R |
| ``risks.close_<level>_risk``, ``risks.accept_to_<level>`` (accept/reject a move onto it) | the level's process | A |
| ``risks.escalate_from_<level>``, ``risks.deescalate_from_<level>`` (propose) | the level's process | R or A |
| ``risks.escalate_from_delivery_board`` | accept_partnership_board_baf | R: the Delivery Board (and joint SROs) |
| ``risks.assure_<board>_baf`` (edit BAF entries) | the board's process | R or A |
| ``risks.edit_<level>_issue`` (create, edit, escalate a dispute to the Programme Director) | the level's process | R |
| ``risks.refer_dispute_to_joint_sros`` | manage_risks_and_issues (App. 3) | R: the Programme Director, arbiter |
| ``risks.refer_dispute_to_partnership_board`` | manage_risks_and_issues | A: the joint SROs |
| ``risks.change_risksettings`` | edit_programme_register | R |
| ``risks.add_riskimportlayout``, ``risks.change_riskimportlayout`` (import layouts) | edit_programme_register | R |
"""

from django.db.models import Q

from core import rules
from core.rules import Rule
from meetings import decisions
from programme.choices import BodyKind
from risks.choices import BOARD_LEVELS, ISSUE_LEVELS, LEVEL_ORDER, Level

LEVEL_PROCESS = {
    Level.PROJECT: "edit_project",
    Level.WORKSTREAM: "edit_workstream",
    Level.PROGRAMME: "edit_programme_register",
    Level.DELIVERY_BOARD: "accept_delivery_board_baf",
    Level.PARTNERSHIP_BOARD: "accept_partnership_board_baf",
}


def risk_perm(action, level):
    level = Level(level).value
    if action in ("edit", "close"):
        return f"risks.{action}_{level}_risk"
    if action in ("escalate_from", "deescalate_from", "accept_to"):
        return f"risks.{action}_{level}"
    if action == "assure":
        return f"risks.assure_{level}_baf"
    raise ValueError(f"Unknown risk action {action!r}.")


def issue_perm(action, level):
    if action != "edit":
        raise ValueError(f"Unknown issue action {action!r}.")
    return f"risks.edit_{Level(level).value}_issue"


def permission_table():
    """(perm, process, letters) for every permission this app answers."""
    table = []
    for level in LEVEL_ORDER:
        process = LEVEL_PROCESS[level]
        table.append((risk_perm("edit", level), process, "R"))
        table.append((risk_perm("close", level), process, "A"))
        table.append((risk_perm("accept_to", level), process, "A"))
        if level != Level.PARTNERSHIP_BOARD:
            if level == Level.DELIVERY_BOARD:
                table.append((risk_perm("escalate_from", level), LEVEL_PROCESS[Level.PARTNERSHIP_BOARD], "R"))
            else:
                table.append((risk_perm("escalate_from", level), process, "RA"))
        if level != Level.PROJECT:
            table.append((risk_perm("deescalate_from", level), process, "RA"))
        if level in BOARD_LEVELS:
            table.append((risk_perm("assure", level), process, "RA"))
        if level in ISSUE_LEVELS:
            table.append((issue_perm("edit", level), process, "R"))
    table += [
        ("risks.refer_dispute_to_joint_sros", "manage_risks_and_issues", "R"),
        ("risks.refer_dispute_to_partnership_board", "manage_risks_and_issues", "A"),
        ("risks.change_risksettings", "edit_programme_register", "R"),
        ("risks.add_riskimportlayout", "edit_programme_register", "R"),
        ("risks.change_riskimportlayout", "edit_programme_register", "R"),
    ]
    return table


# Accepting a move onto a board's BAF (or rejecting it) is the board's decision, as a board (PID s3.2): recorded
# by its chair or the PMO at its meeting or by chair's action (``meetings.decisions``), not by one member.
BOARD_OF_LEVEL = {Level.DELIVERY_BOARD: BodyKind.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD: BodyKind.PARTNERSHIP_BOARD}
BOARDS = {risk_perm("accept_to", level): kind for level, kind in BOARD_OF_LEVEL.items()}


def separated(perm):
    """Whether ``perm`` keeps separation of duties: nobody decides a move they proposed (``RiskMove.parties``).
    A board's acceptance keeps it for a chair's action only (``meetings.decisions``)."""
    return perm.startswith("risks.accept_to_") and perm not in BOARDS


def register():
    for perm, process, letters in permission_table():
        if perm in BOARDS:
            rules.register(perm, None, excluded=decisions.excluded_unless_recorder(BOARDS[perm]))
        else:
            rules.register(perm, process, letters=letters, separate=separated(perm))


def visible_q(user, model, prefix=""):
    """The Q of rows ``user`` may read: every unrestricted row of the tenant, plus restricted rows on registers
    where the user holds R or A (the same scope matching as ``core.rules.Access.roles_covering``).
    ``prefix`` ("risk__") applies it through a foreign key, as a join rather than a subquery over the register."""
    access = rules.current_access(user)
    if access is None or not access.is_member:
        return Q(pk__in=[])

    def q(**lookups):
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    allowed = q(restricted=False) | q(owner_id=user.pk) | q(created_by_id=user.pk)
    # Levels whose whole register the user may read: one IN, which the planner reads more cheaply than ORs.
    whole = [level for level, process in LEVEL_PROCESS.items()
             if access.allows(Rule(process, "RA"), rules.TENANT_SCOPE)]
    if whole:
        allowed |= q(level__in=whole)
    for level, process in LEVEL_PROCESS.items():
        rule = Rule(process, "RA")
        if level in whole or level not in (Level.PROJECT, Level.WORKSTREAM):
            continue
        for role, workstream_id, project_id in access.roles:
            if not set(access.matrix.get((process, role), "")) & set(rule.letters):
                continue
            if project_id is not None and level == Level.PROJECT:
                allowed |= q(level=level, project_id=project_id)
            elif project_id is None and workstream_id is not None:
                allowed |= q(level=level, workstream_id=workstream_id)
    return allowed
