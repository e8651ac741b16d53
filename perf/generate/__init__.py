"""Generate the load data of issue 8 (``manage.py generate_load_data``): 40 partnerships, one large.

Everything is written with ``bulk_create`` in one transaction per partnership, with every derived column
computed here exactly as the models' ``save()`` would (references, scores, tiers, authorities, benefit
positions), so the named database constraints accept each row. A marker row, written last, records that a
scale was generated; running again with the marker present changes nothing.
"""

import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from core import derived
from core.models import DerivedVersion, Partnership
from core.models.numbering import ReferenceCounter
from core.tenancy import tenant_context
from finance.models import BudgetLine, ResourcePledge
from plan.models import PlanItem
from reporting.models import HighlightReport

from .. import names
from ..scale import SCALES
from . import benefits, cases, changes, finance, plan, programme, reporting, resources, risks
from .bulk import rng_for

MARKER_PREFIX = "LOAD:"  # ReferenceCounter.kind of the marker row in the large tenant; ``last`` is the seed
# Generators added after a database was first generated, each with the test of whether a partnership has its rows:
# ``generate`` runs them on the partnerships that lack them, so a bench database made earlier is brought up to date.
TOP_UPS = [(plan, lambda tenant: PlanItem.all_tenants.filter(tenant=tenant).exists()),
           (reporting, lambda tenant: HighlightReport.all_tenants.filter(tenant=tenant).exists()),
           (finance, lambda tenant: BudgetLine.all_tenants.filter(tenant=tenant).exists()),
           (resources, lambda tenant: ResourcePledge.all_tenants.filter(tenant=tenant).exists())]


class LoadDataConflict(RuntimeError):
    """Load data of another scale (or from an interrupted run) is already in this database."""


@dataclass
class Result:
    scale: str
    seconds: float = 0.0
    generated: bool = True
    tenants: list = field(default_factory=list)  # slugs, the large tenant first
    large: dict = field(default_factory=dict)  # rows per kind in the large tenant
    totals: dict = field(default_factory=dict)  # rows per kind across every generated tenant


def large_tenant_slug(scale_name="full"):
    return f"{names.SLUG_PREFIX}{names.SYSTEMS[0][0]}"


def tenant_slugs(scale_name):
    return [f"{names.SLUG_PREFIX}{key}" for key, _ in names.SYSTEMS[:SCALES[scale_name].tenants]]


def marker(scale_name):
    """The marker row of ``scale_name``, or None when that scale has not been generated here."""
    return ReferenceCounter.all_tenants.filter(tenant__slug=large_tenant_slug(scale_name),
                                              kind=f"{MARKER_PREFIX}{scale_name}").first()


def generate(scale_name="full", seed=2026, log=print):
    scale = SCALES[scale_name]
    if marker(scale_name) is not None:
        result = Result(scale=scale_name, generated=False, tenants=tenant_slugs(scale_name))
        result.large = top_up(scale_name, seed, log)
        version_derived(result.tenants)
        return result
    existing = list(Partnership.objects.filter(slug__startswith=names.SLUG_PREFIX).values_list("slug", flat=True))
    if existing:
        raise LoadDataConflict(
            f"This database already holds load data that is not a complete '{scale_name}' run "
            f"({len(existing)} partnerships such as {existing[0]}). Generate into a fresh database "
            "(make bench uses one database per scale).")
    result = Result(scale=scale_name)
    started = time.perf_counter()
    today = timezone.localdate()
    for index, (key, name) in enumerate(names.SYSTEMS[:scale.tenants]):
        size = scale.size_of(index)
        begun = time.perf_counter()
        with transaction.atomic():
            counts = build_tenant(index, key, name, size, seed, today)
        result.tenants.append(f"{names.SLUG_PREFIX}{key}")
        if index == 0:
            result.large = counts
        for kind, number in counts.items():
            result.totals[kind] = result.totals.get(kind, 0) + number
        log(f"  {names.SLUG_PREFIX}{key}: {sum(counts.values()):,} rows in {time.perf_counter() - begun:.1f} s "
            f"({counts['risks']:,} risks, {counts['measurements']:,} measurements)")
    large = Partnership.objects.get(slug=large_tenant_slug())
    with tenant_context(large):  # written last: its presence means every tenant is complete
        ReferenceCounter.all_tenants.create(tenant=large, kind=f"{MARKER_PREFIX}{scale_name}", last=seed)
    version_derived(result.tenants)
    analyse()
    result.seconds = time.perf_counter() - started
    return result


def version_derived(slugs):
    """Give each partnership a version of every cached whole-partnership computation (``core.derived``) it lacks:
    ``bulk_create`` sends no signal, and without a version the computation is not cached at all."""
    for tenant in Partnership.objects.filter(slug__in=slugs):
        present = set(DerivedVersion.all_tenants.filter(tenant=tenant).values_list("key", flat=True))
        with tenant_context(tenant):
            for key in derived.keys():
                if key not in present:
                    derived.bump(tenant.pk, key)


def top_up(scale_name, seed, log=print):
    """Run the generators added since this scale was generated (``TOP_UPS``) on each partnership lacking their rows;
    returns the rows added to the large tenant."""
    scale, today, added = SCALES[scale_name], timezone.localdate(), {}
    for index, (key, _) in enumerate(names.SYSTEMS[:scale.tenants]):
        tenant = Partnership.objects.get(slug=f"{names.SLUG_PREFIX}{key}")
        missing = [module for module, present in TOP_UPS if not present(tenant)]
        if not missing:
            continue
        size, rng = scale.size_of(index), rng_for(seed, key, "top-up")
        with transaction.atomic(), tenant_context(tenant):
            data = programme.reload(tenant, index, key, size, today)
            for module in missing:
                counts = module.build(data, size, rng)
                if index == 0:
                    added.update(counts)
        log(f"  {tenant.slug}: topped up with {', '.join(m.__name__.rsplit('.', 1)[-1] for m in missing)}")
    if added:
        analyse()
    return added


def build_tenant(index, key, name, size, seed, today):
    """One partnership, inside its own tenant context (row-level security admits only its rows)."""
    rng = rng_for(seed, key)
    tenant = Partnership.objects.create(slug=f"{names.SLUG_PREFIX}{key}", name=f"{name} Health and Care Partnership",
                                        short_name=name[:50])
    with tenant_context(tenant):
        return _build(tenant, index, key, size, rng, today)


def _build(tenant, index, key, size, rng, today):
    data = programme.build(tenant, index, key, size, rng, today)
    counts = {"users": len(data.users), "workstreams": len(data.workstreams), "projects": len(data.projects)}
    counts.update(cases.build(data, size, rng))
    counts.update(risks.build(data, size, rng))
    counts.update(benefits.build(data, size, rng))
    counts.update(changes.build(data, size, rng))
    counts.update(plan.build(data, size, rng))
    counts.update(reporting.build(data, size, rng))
    counts.update(finance.build(data, size, rng))
    counts.update(resources.build(data, size, rng))
    return counts


def analyse():
    """Refresh the planner's statistics after a bulk load (PostgreSQL and SQLite both have ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
