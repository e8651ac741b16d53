"""Partner resources' steps: pledges (added, changed, and at closure given their redeployment outcome), an approved
case's demand by skill and quarter (one or many rows, all or nothing), and the partnership's skills.

As ``finance.services``: each step takes the acting user, checks the user may (``core.rules.require``:
``PermissionRefused``) and the input (``ValidationError`` naming the field, or ``items[index].field`` of a batch)
before anything is saved, in one transaction, so a refused step changes nothing. Nothing here imports DRF.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import rules
from core.tenancy import get_current_tenant
from finance.models import ResourceDemand, ResourcePledge, Skill
from finance.models.resources import Outcome
from finance.resource_rules import ADD_DEMAND, ADD_PLEDGE, ADD_SKILL, CHANGE_DEMAND, CHANGE_PLEDGE, CHANGE_SKILL
from finance.services import Batch, _save, record_batch
from programme.models import Project

PLEDGE_FIELDS = ("organisation", "kind", "level", "workstream", "project", "first_quarter", "last_quarter", "wte",
                 "grade", "skill", "person", "person_name", "description", "desks", "rooms")
DEMAND_FIELDS = ("business_case", "skill", "quarter", "wte", "note")


def create_skill(user, name, description=""):
    with transaction.atomic():
        skill = Skill(tenant=get_current_tenant(), name=(name or "").strip(), description=description)
        rules.require(user, ADD_SKILL, skill, verb="add a skill to")
        skill.full_clean(exclude=["tenant"])
        _save(skill, user, "Skill added")
        return skill


def update_skill(skill, user, name=None, description=None):
    """Rename or re-describe a skill: the pledges and demands that name it follow, since they point at it."""
    with transaction.atomic():
        skill = Skill.objects.select_for_update().get(pk=skill.pk)
        rules.require(user, CHANGE_SKILL, skill, verb="change")
        if name is not None:
            skill.name = name.strip()
        if description is not None:
            skill.description = description
        skill.full_clean(exclude=["tenant"])
        _save(skill, user, "Skill changed")
        return skill


def create_pledge(user, today=None, **values):
    with transaction.atomic():
        pledge = ResourcePledge(tenant=get_current_tenant(),
                                **{k: v for k, v in values.items() if k in PLEDGE_FIELDS})
        pledge.sync_place()
        rules.require(user, ADD_PLEDGE, pledge, verb="add a resource pledge to")
        _clean(pledge, today)
        _save(pledge, user, "Resource pledged")
        return pledge


def update_pledge(pledge, user, today=None, **values):
    with transaction.atomic():
        pledge = ResourcePledge.objects.select_for_update(of=("self",)).get(pk=pledge.pk)
        rules.require(user, CHANGE_PLEDGE, pledge, verb="change")
        for name in PLEDGE_FIELDS:
            if name in values:
                setattr(pledge, name, values[name])
        pledge.sync_place()
        _clean(pledge, today)
        rules.require(user, CHANGE_PLEDGE, pledge, verb="change")
        _save(pledge, user, "Resource pledge changed")
        return pledge


def record_outcome(pledge, user, outcome, note=""):
    """The redeployment register's entry for ``pledge``: returned to its partner, redeployed (``note`` says where)
    or ended. A blank outcome clears it (the pledge is live again)."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [f"Choose an outcome: {', '.join(Outcome.labels[1:]).lower()}."]})
    with transaction.atomic():
        pledge = ResourcePledge.objects.select_for_update(of=("self",)).get(pk=pledge.pk)
        rules.require(user, CHANGE_PLEDGE, pledge, verb="record the outcome of")
        pledge.outcome, pledge.outcome_note = outcome, (note or "").strip()[:200]
        pledge.outcome_recorded = timezone.now() if outcome else None
        _clean(pledge)
        _save(pledge, user, f"Redeployment outcome: {pledge.get_outcome_display()}")
        return pledge


def _clean(obj, today=None):
    if isinstance(obj, ResourcePledge):
        obj.clean_fields(exclude=["tenant"])
        obj.clean(today=today)
        obj.validate_constraints()
    else:
        obj.full_clean(exclude=["tenant"])


DEMANDS = Batch(
    model=ResourceDemand, fields=DEMAND_FIELDS, scope="business_case_id", exclude=("tenant", "project"),
    key=lambda demand: (demand.business_case_id, demand.skill_id, demand.quarter),
    repeated=lambda earlier, demand: {"quarter": [
        f"Item {earlier} already gives this case's demand for {demand.skill} in {demand.quarter}."]},
    copies=("wte", "note"), add=ADD_DEMAND, change=CHANGE_DEMAND, added="Resource demand stated",
    corrected="Resource demand corrected", empty="Give at least one quarter's demand.")


def record_demand(user, items):
    """An approved case's demand for each of ``items`` (dicts of ``DEMAND_FIELDS``), all or nothing. A case's
    skill and quarter already stated is replaced (stating it again corrects it); a bad item is refused as
    ``items[index].field`` and nothing is saved."""
    return record_batch(user, items, DEMANDS)


def live_pledges(target):
    """The pledges at ``target`` (a project; or a workstream, with its projects') with no redeployment outcome."""
    pledges = ResourcePledge.objects.filter(outcome="")
    if isinstance(target, Project):
        return pledges.filter(project=target)
    return pledges.filter(workstream=target)


def unredeployed(target=None):
    """The closure check (``core.registry``): each live pledge at ``target`` (or, with none, anywhere in the
    programme: confirming the redeployment of all programme resource, PID Appendix 3) blocks it until its outcome is
    recorded on the redeployment register."""
    pledges = live_pledges(target) if target is not None else ResourcePledge.objects.filter(outcome="")
    return [f"Resource pledge {pledge} has no redeployment outcome: record it on the redeployment register."
            for pledge in pledges.select_related("organisation", "skill").order_by("pk")]
