"""The Programme Plan's steps (PID s3.4.1): add and change items, complete them, record dependencies (refusing
cycles, named), baseline the plan and compare baselines, and propose a change request when a forecast slips
beyond the partnership's tolerance (PID s4.7).

Each step takes the acting user, checks the user may (``core.rules.require``: ``PermissionRefused``) and the input
(``ValidationError`` naming the field) before anything is saved, and runs in one transaction, so a refused step
changes nothing. Nothing here imports DRF.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from change_control import services as change_control
from change_control.choices import Decision, Kind
from core import rules
from core.tenancy import get_current_tenant
from plan import notify, schedule
from plan.choices import BaselineReason, ItemKind, ItemStatus
from plan.models import Baseline, BaselineEntry, ExternalDependency, PlanDependency, PlanItem, PlanSettings
from plan.models.items import day
from plan.rules import (
    ADD_BASELINE,
    ADD_DEPENDENCY,
    ADD_EXTERNAL,
    ADD_ITEM,
    CHANGE_DEPENDENCY,
    CHANGE_EXTERNAL,
    CHANGE_ITEM,
    COMPLETE_ITEM,
    DELETE_DEPENDENCY,
    REBASELINE_ITEM,
)

ITEM_FIELDS = ("kind", "title", "description", "outputs", "level", "workstream", "project", "stage", "owner",
               "start_date", "forecast_date", "actual_date", "status")
LINK_FIELDS = ("delivered_by", "benefits", "business_cases")
ITEM_EXCLUDE = ["tenant", "number", "ref", "baseline_date", "change_request"]


def _save(obj, user, reason):
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _locked(model, obj):
    return model.objects.select_for_update(of=("self",)).get(pk=obj.pk)


def _links(item, values):
    for name in LINK_FIELDS:
        if values.get(name) is not None:
            getattr(item, name).set(values[name])


# Items --------------------------------------------------------------------------------------------------------

def create_item(user, **values):
    """Add a milestone, deliverable or step-change where the user manages the plan."""
    with transaction.atomic():
        item = PlanItem(tenant=get_current_tenant(), **{name: values[name] for name in ITEM_FIELDS if name in values})
        item.sync_place()
        rules.require(user, ADD_ITEM, item, verb="add to the plan at")
        item.full_clean(exclude=ITEM_EXCLUDE)
        _save(item, user, "Added to the plan")
        _links(item, values)
        return item


def update_item(item, user, **values):
    """Change an item's details or dates; a forecast slip beyond tolerance proposes a change request, and the
    owners concerned are told of a slip past the baseline and of the items it newly pushes (``plan.notify``)."""
    with transaction.atomic():
        item = _locked(PlanItem, item)
        rules.require(user, CHANGE_ITEM, item, verb="change")
        before = item.forecast_date
        for name in ITEM_FIELDS:
            if name in values:
                setattr(item, name, values[name])
        item.sync_place()
        item.full_clean(exclude=ITEM_EXCLUDE)
        rules.require(user, CHANGE_ITEM, item, verb="move the item to")
        moved = item.forecast_date != before
        reason = "Changed"
        if moved:
            reason = f"Forecast moved from {day(before)} to {day(item.forecast_date)}"
            flagged_before = slippage()  # the plan as it stood, to find the items the move newly flags
        _save(item, user, reason)
        _links(item, values)
        if moved:
            request = propose_change_if_beyond_tolerance(item, user)
            notify.tell_of_move(item, user, before, flagged_before, slippage(), request)
        return item


def complete_item(item, user, actual_date=None):
    """Record that an item is done, on ``actual_date`` (today if not given; never in the future)."""
    with transaction.atomic():
        item = _locked(PlanItem, item)
        rules.require(user, COMPLETE_ITEM, item, verb="complete")
        if item.is_complete:
            raise ValidationError({"status": [f"{item.ref} is already complete."]})
        item.actual_date = actual_date or timezone.localdate()
        item.status = ItemStatus.COMPLETE
        item.full_clean(exclude=ITEM_EXCLUDE)
        _save(item, user, f"Completed on {day(item.actual_date)}")
        return item


def rebaseline_item(item, user, reason="Re-baselined by the PMO", check=True):
    """Make the item's forecast (or actual) date its baseline date: the PMO on demand, or an approved change."""
    with transaction.atomic():
        item = _locked(PlanItem, item)
        if check:
            rules.require(user, REBASELINE_ITEM, item, verb="re-baseline")
        item.baseline_date = item.finishes
        _save(item, user, f"{reason}: baseline now {day(item.baseline_date)}")
        return item


# Tolerance and change control (PID s4.7) ----------------------------------------------------------------------

def slip_beyond_tolerance(item, settings=None):
    """Days the forecast is past the baseline beyond the tolerance for its kind, or 0."""
    if item.baseline_date is None or item.is_complete or item.forecast_date is None:
        return 0
    settings = settings or PlanSettings.for_tenant(item.tenant_id)
    slip = (item.forecast_date - item.baseline_date).days
    return slip if slip > settings.tolerance(item.kind) else 0


def propose_change_if_beyond_tolerance(item, user):
    """Raise a change request for a slip beyond tolerance, unless one is already open for the item. Returns it or
    None. It is raised as the person who moved the forecast, against the item's workstream or project."""
    settings = PlanSettings.for_tenant(item.tenant_id)
    slip = slip_beyond_tolerance(item, settings)
    if not slip:
        return None
    if item.change_request_id and item.change_request.is_open:
        return None
    tolerance = settings.tolerance(item.kind)
    allowed = "any slip" if tolerance == 0 else f"{tolerance} days"
    request = change_control.log(
        user, f"Plan slip: {item.ref} {item.title}"[:200],
        f"The forecast of {item.get_kind_display().lower()} {item.ref} \"{item.title}\" has moved to "
        f"{day(item.forecast_date)}, {slip} days after its baseline of {day(item.baseline_date)}. The partnership's "
        f"tolerance for a {item.get_kind_display().lower()} is {allowed}, so the change is proposed for change "
        "control (PID s4.7). Approving it re-baselines the item at its new forecast.",
        kind=Kind.CHANGE_REQUEST, workstream=item.workstream, project=item.project,
    )
    PlanItem.objects.filter(pk=item.pk).update(change_request=request)
    item.change_request = request
    return request


def on_change_request_decided(sender, change_request, user, **kwargs):
    """An approved change re-baselines the plan items it was raised for (core.signals.change_request_decided)."""
    if change_request.decision != Decision.APPROVE:
        return
    for item in PlanItem.objects.filter(change_request=change_request):
        rebaseline_item(item, user, f"Re-baselined: {change_request.ref} approved", check=False)


# Dependencies -------------------------------------------------------------------------------------------------

def _refuse_cycle(predecessor, successor, ignore=None):
    links = PlanDependency.objects.exclude(pk=ignore).values_list("predecessor_id", "successor_id")
    cycle = schedule.find_cycle(list(links), predecessor.pk, successor.pk)
    if cycle:
        refs = dict(PlanItem.objects.filter(pk__in=set(cycle)).values_list("pk", "ref"))
        path = " → ".join(refs[pk] for pk in cycle)
        raise ValidationError({"predecessor": [f"This would make a cycle: {path}. An item cannot wait on itself."]})


def add_dependency(user, predecessor, successor, type=schedule.FINISH_TO_START, lag_days=0):
    with transaction.atomic():
        dependency = PlanDependency(tenant=get_current_tenant(), predecessor=predecessor, successor=successor,
                                    type=type, lag_days=lag_days or 0)
        rules.require(user, ADD_DEPENDENCY, dependency, verb="add a dependency to")
        dependency.full_clean(exclude=["tenant"])
        _refuse_cycle(predecessor, successor)
        _save(dependency, user, "Dependency recorded")
        return dependency


def update_dependency(dependency, user, **values):
    with transaction.atomic():
        dependency = _locked(PlanDependency, dependency)
        rules.require(user, CHANGE_DEPENDENCY, dependency, verb="change")
        for name in ("predecessor", "successor", "type", "lag_days"):
            if name in values:
                setattr(dependency, name, values[name])
        dependency.full_clean(exclude=["tenant"])
        rules.require(user, CHANGE_DEPENDENCY, dependency, verb="change")
        _refuse_cycle(dependency.predecessor, dependency.successor, ignore=dependency.pk)
        _save(dependency, user, "Dependency changed")
        return dependency


def remove_dependency(dependency, user):
    with transaction.atomic():
        rules.require(user, DELETE_DEPENDENCY, dependency, verb="remove")
        dependency._history_user = user
        dependency.delete()


def add_external(user, **values):
    with transaction.atomic():
        external = ExternalDependency(tenant=get_current_tenant(), **values)
        rules.require(user, ADD_EXTERNAL, external, verb="add an external dependency to")
        external.full_clean(exclude=["tenant"])
        _save(external, user, "External dependency recorded")
        return external


def update_external(external, user, **values):
    with transaction.atomic():
        external = _locked(ExternalDependency, external)
        rules.require(user, CHANGE_EXTERNAL, external, verb="change")
        for name, value in values.items():
            setattr(external, name, value)
        external.full_clean(exclude=["tenant"])
        rules.require(user, CHANGE_EXTERNAL, external, verb="change")
        _save(external, user, "External dependency changed")
        return external


# Slippage -----------------------------------------------------------------------------------------------------

def slippage():
    """{item id: schedule.Push} for the partnership's plan: items their predecessors' forecasts (or external
    dependencies not met by their due date) push past their own dates, with the chain. Three queries of plain values
    (no model instances: the whole plan is read on every register page), the dates derived as ``PlanItem`` derives
    them (``begins``, ``finishes``, ``is_complete``)."""
    nodes = {}
    for pk, ref, start, forecast, actual, status in PlanItem.objects.values_list(
            "pk", "ref", "start_date", "forecast_date", "actual_date", "status"):
        finishes = actual or forecast
        nodes[pk] = schedule.Node(pk, ref, start or finishes, finishes, status == ItemStatus.COMPLETE)
    links = [schedule.Link(p, s, t, lag) for p, s, t, lag in
             PlanDependency.objects.values_list("predecessor_id", "successor_id", "type", "lag_days")]
    externals = [schedule.External(item_id, f"{title} (external, due {day(due)})", due) for item_id, title, due in
                 ExternalDependency.objects.filter(met_date__isnull=True).values_list("item_id", "title", "due_date")]
    return schedule.propagate(nodes, links, externals)


# Baselines ----------------------------------------------------------------------------------------------------

def take_baseline(user, label, reason=BaselineReason.ON_DEMAND, stage=None, report=None, check=True):
    """Snapshot every item's dates as a new baseline, which becomes each item's baseline date."""
    with transaction.atomic():
        baseline = Baseline(tenant=get_current_tenant(), label=(label or "").strip(), reason=reason, stage=stage,
                            end_of_stage_report=report, taken_by=user)
        if check:
            rules.require(user, ADD_BASELINE, baseline, verb="baseline")
        baseline.full_clean(exclude=["tenant", "number", "ref"])
        _save(baseline, user, "Baselined")
        items = list(PlanItem.objects.select_for_update(of=("self",)).order_by("number"))
        BaselineEntry.objects.bulk_create([
            BaselineEntry(tenant_id=baseline.tenant_id, baseline=baseline, item=item, ref=item.ref, title=item.title,
                          kind=item.kind, status=item.status, start_date=item.start_date,
                          baseline_date=item.finishes)
            for item in items
        ])
        for item in items:
            if item.baseline_date != item.finishes:
                item.baseline_date = item.finishes
                _save(item, user, f"Baselined in {baseline.ref}: {day(item.baseline_date)}")
        return baseline


def on_end_of_stage_report_approved(sender, report, user, **kwargs):
    """The plan is baselined when an end-of-stage report is approved (core.signals.end_of_stage_report_approved)."""
    take_baseline(user, f"End of {report.stage}", reason=BaselineReason.END_OF_STAGE, stage=report.stage,
                  report=report, check=False)


def current_baseline():
    return Baseline.objects.order_by("-number").first()


def compare(earlier, later):
    """Item by item, the dates of two baselines: [{ref, title, kind, from, to, moved (days or None), change}]
    where change is "added", "removed", "moved" or "same"."""
    before = {entry.item_id: entry for entry in earlier.entries.all()}
    after = {entry.item_id: entry for entry in later.entries.all()}
    rows = []
    for item_id in sorted(set(before) | set(after), key=lambda pk: (after.get(pk) or before.get(pk)).ref):
        old, new = before.get(item_id), after.get(item_id)
        entry = new or old
        moved = (new.baseline_date - old.baseline_date).days if old and new else None
        change = "added" if old is None else "removed" if new is None else "moved" if moved else "same"
        rows.append({"item": item_id, "ref": entry.ref, "title": entry.title, "kind": entry.kind,
                     "kind_label": ItemKind(entry.kind).label, "from": old.baseline_date if old else None,
                     "to": new.baseline_date if new else None, "moved_days": moved, "change": change})
    return rows
