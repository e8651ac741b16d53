"""Load every demo partnership: the programme's own data, its people, the RACI matrix, then each
registered app loader, all inside the partnership's tenant context (``core.demo`` docstring).

Each step finds rows by natural key and writes only what differs, so a second run changes nothing.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from core import demo, gates, raci
from core.models import Partnership, TenantModel
from core.tenancy import tenant_context

from . import llr, northshire, users


@dataclass(frozen=True)
class DemoTenant:
    slug: str
    name: str
    short_name: str
    load_programme: object  # partnership -> {"organisations": {code: Organisation}, ...}
    load_users: object  # {code: Organisation} -> {username: User}
    anchor: object  # the day its source documents call "now" (core.demo.Calendar)


TENANTS = [
    DemoTenant(llr.SLUG, llr.NAME, llr.SHORT_NAME, llr.load, users.load_llr, llr.ANCHOR),
    DemoTenant(northshire.SLUG, northshire.NAME, northshire.SHORT_NAME, northshire.load, users.load_northshire,
               northshire.ANCHOR),
]


def load_partnership(slug, name, short_name):
    partnership, created = Partnership.objects.get_or_create(
        slug=slug, defaults={"name": name, "short_name": short_name}
    )
    if not created and (partnership.name, partnership.short_name) != (name, short_name):
        partnership.name, partnership.short_name = name, short_name
        partnership.save(update_fields=["name", "short_name"])
    return partnership


def load_tenant(spec):
    partnership = load_partnership(spec.slug, spec.name, spec.short_name)
    demo.set_anchor(spec.slug, spec.anchor)
    # The demo records projects at the stages they stood in the source documents; their authority was decided
    # there, so the stage gates are not asked again (business cases are loaded after the projects).
    with tenant_context(partnership), gates.suspended():
        loaded = spec.load_programme(partnership)
        spec.load_users(loaded["organisations"])
    raci.seed_matrix(partnership)
    for loader in demo.loaders():
        with tenant_context(partnership):
            loader(partnership)
    return partnership


@transaction.atomic
def load_all():
    """Load (or bring up to date) every demo partnership; returns the partnerships in load order."""
    return [load_tenant(spec) for spec in TENANTS]


def counts(partnership):
    """Rows per tenant-owned model (history excluded), by verbose plural name, for the command's summary."""
    rows = {}
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        number = model.all_tenants.filter(tenant=partnership).count()
        if number:
            rows[str(model._meta.verbose_name_plural)] = number
    return rows
