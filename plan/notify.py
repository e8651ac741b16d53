"""Who is told when the plan slips (issue 16), through ``core.notifications`` only.

When someone moves an item's forecast (``services.update_item``, from the page or the API):

- the item's owner, if the forecast moved later and now lies past the item's baseline (not when they moved it
  themselves), with the slip in days and any change request its tolerance raised;
- the owner of each item the move newly flags (its predecessors' forecasts now push it past its own dates,
  ``plan.schedule``), with the chain from the moved item to theirs;
- when the slip is beyond tolerance and raises a change request, the workstream's leads (the item's workstream
  or its project's): ``change_control.log`` tells only those with R for change control (the PMO), and anyone
  already told of the request, or told of the slip above, is not told twice.

The person who moved the forecast is never told of their own move. It all runs inside the step's transaction, so
a refused or rolled-back move tells no one; each person's email follows their preference after commit, and every
subject is one safe line (``notifications.email_subject``).
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from change_control.services import link as change_link
from core import notifications, rules
from core.choices import Role
from core.models import Notification
from plan.models import PlanItem
from plan.models.items import day
from plan.rules import PROCESS

SLIPPED, PUSHED, CHANGE_PROPOSED = "plan.slipped", "plan.pushed", "plan.change_proposed"


def _link(item):
    return reverse("plan:detail", args=[item.pk])


def _name(user):
    return user.get_full_name() or user.username


def _describe(item):
    return f"{item.get_kind_display().lower()} {item.ref} \"{item.title}\""


def tell_of_move(item, user, before, flagged_before, flagged_after, change_request=None):
    """Tell the owners concerned that ``user`` moved ``item``'s forecast from ``before``: ``flagged_before`` and
    ``flagged_after`` are ``services.slippage()`` before and after the move. Returns the ids of the people told."""
    told = {user.pk}
    pushed = {pk: push for pk, push in flagged_after.items() if pk != item.pk and pk not in flagged_before}
    dependents = list(PlanItem.objects.filter(pk__in=pushed).select_related("owner").order_by("number"))
    told |= _tell_the_owner(item, user, before, dependents, change_request, told)
    for dependent in dependents:
        told |= _tell_of_push(dependent, pushed[dependent.pk], item, user, told)
    if change_request is not None:
        told |= _tell_the_leads(item, user, change_request, told)
    return told - {user.pk}


def _slipped(item, before):
    return (not item.is_complete and item.baseline_date is not None and before is not None
            and item.forecast_date > before and item.forecast_date > item.baseline_date)


def _tell_the_owner(item, user, before, dependents, change_request, told):
    if not _slipped(item, before) or item.owner_id is None or item.owner_id in told:
        return set()
    slip = (item.forecast_date - item.baseline_date).days
    body = (f"{_name(user)} moved the forecast of your {_describe(item)} from {day(before)} to "
            f"{day(item.forecast_date)}: {slip} day{'s' if slip != 1 else ''} after its baseline of "
            f"{day(item.baseline_date)}.")
    if change_request is not None:
        body += (f"\n\nThe slip is beyond the partnership's tolerance, so {change_request.ref} was raised for change "
                 "control; approving it re-baselines the item.")
    if dependents:
        body += "\n\nIt now pushes: " + "; ".join(f"{dependent.ref} {dependent.title}" for dependent in dependents)
    rows = notifications.notify([item.owner], notifications.email_subject(
        f"{item.ref} slipped past its baseline: {item.title}"), body, link=_link(item), obj=item, kind=SLIPPED)
    return {row.recipient_id for row in rows}


def _tell_of_push(dependent, push, item, user, told):
    if dependent.owner_id is None or dependent.owner_id in told:
        return set()
    body = (f"{_name(user)} moved the forecast of {_describe(item)} to {day(item.forecast_date)}. That pushes your "
            f"{_describe(dependent)} {push.days} day{'s' if push.days != 1 else ''} past its own dates: it could "
            f"now finish on {day(push.finishes)} at the earliest, against its forecast of "
            f"{day(dependent.forecast_date)}.\n\nThe chain: {push.chain_text}")
    rows = notifications.notify([dependent.owner], notifications.email_subject(
        f"{dependent.ref} is pushed by {item.ref}: {dependent.title}"), body, link=_link(dependent), obj=dependent,
        kind=PUSHED)
    return {row.recipient_id for row in rows}


def _tell_the_leads(item, user, change_request, told):
    """The workstream's leads hear of the change request the slip raised, unless already told of it."""
    already = Notification.objects.filter(target_type=ContentType.objects.get_for_model(change_request),
                                          target_id=change_request.pk).values_list("recipient_id", flat=True)
    skipped = told | set(already)
    leads = [lead for lead in rules.role_holders(PROCESS, "R", item, roles=[Role.WORKSTREAM_LEAD])
             if lead.pk not in skipped]
    body = (f"{_name(user)} moved the forecast of {_describe(item)} in {item.place_label.lower()} to "
            f"{day(item.forecast_date)}, beyond the partnership's tolerance, so {change_request.ref} was raised for "
            f"change control; approving it re-baselines the item.")
    rows = notifications.notify(leads, notifications.email_subject(
        f"{change_request.ref} proposed: {item.ref} slipped beyond tolerance"), body, link=change_link(change_request),
        obj=change_request, kind=CHANGE_PROPOSED)
    return {row.recipient_id for row in rows}
