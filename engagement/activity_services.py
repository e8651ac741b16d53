"""The engagement plan and log's steps (PID s4.2): plan an activity, change it, log that it was held (reach,
responses, what we heard), record the "you said, we did" responses to what was heard and answer them (with the
meeting decision, change request or plan item that did), keep the plan's objectives (the PMO), and measure the
plan's effectiveness (measures with targets, monthly actuals).

Each step takes the acting user, checks they may (``core.rules.require``: ``PermissionRefused``) and the input
(``ValidationError`` naming the field) before anything is saved, and runs in one transaction, so a refused step
changes nothing. Nothing here imports DRF.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import rules
from core.tenancy import get_current_tenant
from engagement import rules as perms
from engagement.choices import ActivityStatus
from engagement.models import (
    EffectivenessMeasure,
    EngagementActivity,
    EngagementObjective,
    EngagementResponse,
    MeasureActual,
)

ACTIVITY_FIELDS = ("title", "kind", "audience", "channel", "planned_date", "owner", "workstream", "service_change",
                   "status")
ACTIVITY_LINKS = ("stakeholders", "objectives")
LOG_FIELDS = ("held_on", "reach", "responses_received", "themes", "summary")
RESPONSE_LINKS = ("decision", "change_request", "plan_item")
NUMBERED = ["tenant", "number", "ref"]


def _save(obj, user, reason):
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _locked(model, obj):
    return model.objects.select_for_update(of=("self",)).get(pk=obj.pk)


def _day(value):
    return f"{value:%-d %b %Y}"


def _links(obj, values, names):
    for name in names:
        if values.get(name) is not None:
            getattr(obj, name).set(values[name])


def _check_log(activity):
    """A held activity has the day it was held, not in the future; a planned one has no log yet."""
    errors = {}
    today = timezone.localdate()
    if activity.status == ActivityStatus.HELD and activity.held_on is None:
        errors["held_on"] = ["Give the day it was held."]
    if activity.held_on is not None and activity.held_on > today:
        errors["held_on"] = ["An activity cannot have been held in the future."]
    if activity.status == ActivityStatus.PLANNED and activity.held_on is not None:
        errors["status"] = ["An activity with the day it was held is held: choose \"Held\" (or clear the day)."]
    if errors:
        raise ValidationError(errors)


# Activities -------------------------------------------------------------------------------------------------

def create_activity(user, **values):
    """Plan an activity (or record one already held, with its log)."""
    with transaction.atomic():
        activity = EngagementActivity(tenant=get_current_tenant(), **{
            name: values[name] for name in ACTIVITY_FIELDS + LOG_FIELDS if name in values})
        rules.require(user, perms.ADD_ACTIVITY, activity, verb="plan engagement in")
        activity.full_clean(exclude=NUMBERED)
        _check_log(activity)
        _save(activity, user, "Planned")
        _links(activity, values, ACTIVITY_LINKS)
        return activity


def update_activity(activity, user, **values):
    """Change an activity's plan (and, given, its log)."""
    with transaction.atomic():
        activity = _locked(EngagementActivity, activity)
        rules.require(user, perms.CHANGE_ACTIVITY, activity, verb="change")
        for name in ACTIVITY_FIELDS + LOG_FIELDS:
            if name in values:
                setattr(activity, name, values[name])
        activity.full_clean(exclude=NUMBERED)
        _check_log(activity)
        _save(activity, user, "Changed")
        _links(activity, values, ACTIVITY_LINKS)
        return activity


def may_log(user, activity):
    """The activity's owner logs it; so does whoever may change the plan."""
    return activity.owner_id == user.pk or user.has_perm(perms.CHANGE_ACTIVITY, activity)


def log_activity(activity, user, held_on, reach=None, responses_received=None, themes="", summary=""):
    """Record that the activity was held: the day, the people reached, the responses received, what we heard."""
    with transaction.atomic():
        activity = _locked(EngagementActivity, activity)
        if not may_log(user, activity):
            rules.require(user, perms.CHANGE_ACTIVITY, activity, verb="log")
        if activity.status == ActivityStatus.CANCELLED:
            raise ValidationError({"held_on": [f"{activity.ref} was cancelled; change its status to log it."]})
        if held_on is None:
            raise ValidationError({"held_on": ["Give the day it was held."]})
        activity.status = ActivityStatus.HELD
        activity.held_on, activity.reach, activity.responses_received = held_on, reach, responses_received
        activity.themes, activity.summary = themes or "", summary or ""
        activity.full_clean(exclude=NUMBERED)
        _check_log(activity)
        _save(activity, user, f"Held on {_day(held_on)}")
        return activity


# "You said, we did" -----------------------------------------------------------------------------------------

def add_response(activity, user, you_said, owner, due_date, we_did="", responded_on=None, **links):
    """Record a theme heard at ``activity`` that needs a response, its owner and when it is due (and, when it is
    answered at once, what was done: see ``respond``)."""
    with transaction.atomic():
        response = EngagementResponse(tenant=get_current_tenant(), activity=activity, you_said=you_said or "",
                                      owner=owner, due_date=due_date)
        if not may_log(user, activity):
            rules.require(user, perms.ADD_RESPONSE, response, verb="record a response to")
        response.full_clean(exclude=NUMBERED)
        if we_did or responded_on or any(links.get(name) for name in RESPONSE_LINKS):
            _answer(response, we_did, responded_on, links)
        _save(response, user, "Heard")
        return response


def _answer(response, we_did, responded_on, links):
    if not (we_did or "").strip():
        raise ValidationError({"we_did": ["Say what we did: a \"you said, we did\" without a response is not one."]})
    responded_on = responded_on or timezone.localdate()
    if responded_on > timezone.localdate():
        raise ValidationError({"responded_on": ["The day of the response cannot be in the future."]})
    response.we_did, response.responded_on = we_did.strip(), responded_on
    for name in RESPONSE_LINKS:
        if name in links:
            setattr(response, name, links[name])
    response.full_clean(exclude=NUMBERED)


def may_respond(user, response):
    """The response's owner answers it; so does whoever may answer any (``CHANGE_RESPONSE``)."""
    return response.owner_id == user.pk or user.has_perm(perms.CHANGE_RESPONSE, response)


def respond(response, user, we_did, responded_on=None, **links):
    """Answer "you said" with what we did, on ``responded_on`` (today if not given), linked to the meeting
    decision, change request or plan item that answered it. Without ``we_did`` it is refused and nothing saved."""
    with transaction.atomic():
        response = _locked(EngagementResponse, response)
        if not may_respond(user, response):
            rules.require(user, perms.CHANGE_RESPONSE, response, verb="answer")
        _answer(response, we_did, responded_on, links)
        _save(response, user, f"Responded on {_day(response.responded_on)}")
        return response


def update_response(response, user, **values):
    """Change what was heard, its owner or due date (the owner or whoever may answer any)."""
    with transaction.atomic():
        response = _locked(EngagementResponse, response)
        if not may_respond(user, response):
            rules.require(user, perms.CHANGE_RESPONSE, response, verb="change")
        for name in ("you_said", "owner", "due_date"):
            if name in values:
                setattr(response, name, values[name])
        if response.responded_on is not None and ("we_did" in values or any(n in values for n in RESPONSE_LINKS)):
            _answer(response, values.get("we_did", response.we_did),
                    values.get("responded_on") or response.responded_on, values)
        response.full_clean(exclude=NUMBERED)
        _save(response, user, "Changed")
        return response


# Objectives and effectiveness --------------------------------------------------------------------------------

def update_objective(objective, user, **values):
    """The PMO words an objective of the plan and links its communications risks."""
    with transaction.atomic():
        objective = _locked(EngagementObjective, objective)
        rules.require(user, perms.CHANGE_OBJECTIVE, objective, verb="change")
        for name in ("title", "description"):
            if name in values:
                setattr(objective, name, values[name])
        objective.full_clean(exclude=["tenant"])
        _save(objective, user, "Changed")
        if values.get("risks") is not None:
            objective.risks.set(values["risks"])
        return objective


MEASURE_FIELDS = ("objective", "name", "kind", "unit", "target", "higher_is_better")


def save_measure(user, measure=None, **values):
    """Add a measure to an objective, or change one."""
    with transaction.atomic():
        if measure is not None:
            measure = _locked(EffectivenessMeasure, measure)
        else:
            measure = EffectivenessMeasure(tenant=get_current_tenant())
        for name in MEASURE_FIELDS:
            if name in values:
                setattr(measure, name, values[name])
        rules.require(user, perms.CHANGE_MEASURE if measure.pk else perms.ADD_MEASURE, measure, verb="measure")
        measure.full_clean(exclude=["tenant"])
        measure.save()
        return measure


def month_of(value):
    return datetime.date(value.year, value.month, 1)


def record_actual(measure, user, period, value, note=""):
    """The measure's value for the month of ``period`` (a second value for the same month replaces the first)."""
    with transaction.atomic():
        actual = MeasureActual(tenant=get_current_tenant(), measure=measure)
        rules.require(user, perms.ADD_ACTUAL, actual, verb="record a value of")
        month = month_of(period)
        if month > month_of(timezone.localdate()):
            raise ValidationError({"period": ["A month still to come has no actual yet."]})
        actual = MeasureActual.objects.select_for_update().filter(measure=measure, period=month).first() or actual
        actual.period = month
        actual.value, actual.note = value, note or ""
        actual.full_clean(exclude=["tenant"])
        actual.save()
        return actual
