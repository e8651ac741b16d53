"""The benefits register's permissions, each governed by one RACI process (DOMAIN.md s3 product defaults).

A benefit's governing process depends on where it sits (its derived ``level``), so, as for risks, there is
one permission per level and ``Benefit.perm("edit")`` names the one for the benefit in hand. Measurements
and attributions are part of the benefit: whoever may edit it may record them.

| permission | process | letters |
|---|---|---|
| ``benefits.edit_project_benefit`` (create, edit, archive, measurements, attribution) | edit_project | R |
| ``benefits.edit_workstream_benefit`` | edit_workstream | R |
| ``benefits.edit_programme_benefit`` | edit_programme_register | R |
| ``benefits.change_benefitsettings`` (RAG thresholds, double-counting tolerance) | edit_programme_register | R |

PID Appendix 3's "develop benefit profiles" (Programme Director R, joint SROs A) is the one-off design of
the benefits framework while the programme is defined; the live register is kept under the product
defaults above, so that process governs nothing here.
"""

from django.db.models import Q

from benefits.choices import Level
from core import rules
from core.rules import Rule

LEVEL_PROCESS = {
    Level.PROJECT: "edit_project",
    Level.WORKSTREAM: "edit_workstream",
    Level.PROGRAMME: "edit_programme_register",
}
SETTINGS_PERM = "benefits.change_benefitsettings"


def benefit_perm(action, level):
    if action != "edit":
        raise ValueError(f"Unknown benefit action {action!r}.")
    return f"benefits.edit_{Level(level).value}_benefit"


def permission_table():
    table = [(benefit_perm("edit", level), process, "R") for level, process in LEVEL_PROCESS.items()]
    table.append((SETTINGS_PERM, "edit_programme_register", "R"))
    return table


def register():
    for perm, process, letters in permission_table():
        rules.register(perm, process, letters=letters)


def visible_q(user):
    """The Q of benefits ``user`` may read: every unrestricted one, plus restricted ones they own, created,
    or hold R or A for at their level (the same scope matching as ``core.rules.Access.roles_covering``)."""
    access = rules.current_access(user)
    if access is None or not access.is_member:
        return Q(pk__in=[])
    allowed = Q(restricted=False) | Q(owner_id=user.pk) | Q(created_by_id=user.pk)
    for level, process in LEVEL_PROCESS.items():
        rule = Rule(process, "RA")
        if access.allows(rule, rules.TENANT_SCOPE):
            allowed |= Q(level=level)
            continue
        if level == Level.PROGRAMME:
            continue
        for role, workstream_id, project_id in access.roles:
            if not set(access.matrix.get((process, role), "")) & set(rule.letters):
                continue
            if project_id is not None and level == Level.PROJECT:
                allowed |= Q(level=level, scope_project_id=project_id)
            elif project_id is None and workstream_id is not None:
                allowed |= Q(level=level, scope_workstream_id=workstream_id)
    return allowed
