"""A generated partnership's Programme Plan: milestones, deliverables and step-changes at programme, workstream and
project level (about seven per project in the large tenant: 3,000 for 400 projects), baselined, some slipped and
some done, each waiting on the item before it in its project (typed, with a lag) and a few on something outside the
programme; the tolerances row and a history row per item.

Items are numbered ``PI-0001``... and the reference counter is moved past them, so an item added in the browser
afterwards takes the next number. Dependencies only ever point from an earlier item to a later one, so the plan
has no cycle, as the app guarantees.
"""

import datetime

from core.models.numbering import ReferenceCounter
from plan.choices import DependencyType, ExternalKind, ItemKind, ItemStatus, Level
from plan.models import ExternalDependency, PlanDependency, PlanItem, PlanSettings
from plan.models.items import REF_PREFIX

from .bulk import HistoryWriter, insert, moment, spread

KINDS = [ItemKind.MILESTONE, ItemKind.MILESTONE, ItemKind.DELIVERABLE, ItemKind.STEP_CHANGE]
TYPES = [DependencyType.FINISH_TO_START] * 3 + [DependencyType.START_TO_START, DependencyType.FINISH_TO_FINISH]
WORDS = ["Go-live", "Pilot complete", "Design signed off", "Staff consulted", "Pathway launched", "Contract awarded",
         "Estate ready", "Data sharing agreed", "Training delivered", "Evaluation reported"]


def _place(data, rng, n):
    """(level, workstream id, project) for item ``n``: a tenth at programme level, a fifth at workstream level."""
    share = rng.random()
    if share < 0.1:
        return Level.PROGRAMME, None, None
    if share < 0.3:
        return Level.WORKSTREAM, data.workstreams[n % len(data.workstreams)].pk, None
    project = data.projects[n % len(data.projects)]
    return Level.PROJECT, project.workstream_id, project


def _dates(data, rng, project, kind):
    """(start, baseline, forecast, actual, status) around today: half done, some slipped, a few late."""
    first = project.start if project else data.today - datetime.timedelta(days=3 * 365)
    last = project.end if project else data.today + datetime.timedelta(days=2 * 365)
    baseline = spread(rng, first, max(last, first))
    start = baseline - datetime.timedelta(days=rng.randint(30, 240)) if kind == ItemKind.DELIVERABLE else None
    slip = rng.choice([0, 0, 0, 7, 21, 45, 90])
    forecast = baseline + datetime.timedelta(days=slip)
    if forecast < data.today and rng.random() < 0.85:
        return start, baseline, forecast, forecast, ItemStatus.COMPLETE
    if forecast < data.today:
        return start, baseline, forecast, None, ItemStatus.LATE
    return start, baseline, forecast, None, ItemStatus.AT_RISK if slip > 28 else ItemStatus.ON_TRACK


def build(data, size, rng):
    tid = data.tenant.pk
    pmo = data.personas["pmo"].pk
    PlanSettings.all_tenants.get_or_create(tenant_id=tid)
    items = []
    for n in range(size.plan_items):
        level, workstream_id, project = _place(data, rng, n)
        kind = KINDS[n % len(KINDS)]
        start, baseline, forecast, actual, status = _dates(data, rng, project, kind)
        owner = project.manager_id if project else rng.choice(data.user_ids)
        items.append(PlanItem(
            tenant_id=tid, number=n + 1, ref=f"{REF_PREFIX}-{n + 1:04d}", kind=kind,
            title=f"{rng.choice(WORDS)} ({n + 1})", outputs="Generated (load data).", level=level,
            workstream_id=workstream_id, project_id=project.pk if project else None, owner_id=owner,
            start_date=start, baseline_date=baseline, forecast_date=forecast, actual_date=actual, status=status,
            created=moment(data.start, rng), updated=moment(data.today - datetime.timedelta(days=1), rng)))
    items = insert(PlanItem, items)
    if items:
        ReferenceCounter.all_tenants.update_or_create(tenant_id=tid, kind=REF_PREFIX,
                                                      defaults={"last": len(items)})
    links, externals, last_in = [], [], {}
    for item in items:
        key = item.project_id or item.workstream_id or 0
        before = last_in.get(key)
        if before is not None and rng.random() < 0.8:
            links.append(PlanDependency(tenant_id=tid, predecessor_id=before.pk, successor_id=item.pk,
                                        type=rng.choice(TYPES), lag_days=rng.choice([0, 0, 5, 10])))
        if rng.random() < 0.03:
            externals.append(ExternalDependency(
                tenant_id=tid, item_id=item.pk, title="National decision on the pathway's funding",
                kind=ExternalKind.values[item.number % len(ExternalKind.values)], owner="NHS England",
                due_date=item.forecast_date - datetime.timedelta(days=30)))
        last_in[key] = item
    insert(PlanDependency, links)
    insert(ExternalDependency, externals)
    writer = HistoryWriter(PlanItem)
    for item in items:
        writer.record(item, item.created, "+", pmo, "Generated (load data)")
    writer.flush()
    return {"plan items": len(items), "plan dependencies": len(links)}
