"""The kernel's permissions and the RACI process that governs each (DOMAIN.md s3)."""

from core import rules

CORE_PERMISSIONS = {
    # Partner organisations and the RACI matrix itself are programme information the PMO keeps.
    "core.add_organisation": "manage_information",
    "core.change_organisation": "manage_information",
    "core.add_racientry": "manage_information",
    "core.change_racientry": "manage_information",
    "core.add_membership": "establish_the_programme_team",
    "core.change_membership": "establish_the_programme_team",
    # Where the partnership's events are posted (core.webhooks): the PMO keeps the programme's information.
    "core.add_webhookendpoint": "manage_information",
    "core.change_webhookendpoint": "manage_information",
}


def register():
    from core import derived
    from core.models import RaciEntry

    for perm, process in CORE_PERMISSIONS.items():
        rules.register(perm, process, letters="R")
    # Every save or delete of a cell gives the tenant's matrix a new version (the access load remembers the matrix).
    derived.watch(rules.RACI_MATRIX, [RaciEntry])
