"""Small factories for the engagement tests: each makes one row in the active partnership (run them inside
``in_llr`` or ``tenant_context``), with sensible defaults any keyword overrides. Helpers of later parts append
their own at the end of this file."""

import datetime

from django.utils import timezone

from core.models import User
from engagement.choices import ActivityKind, EvidenceKind, StakeholderCategory, StakeholderKind
from engagement.models import (
    EffectivenessMeasure,
    EngagementActivity,
    EngagementObjective,
    EngagementResponse,
    ServiceChange,
    Stakeholder,
    TestEvidence,
)
from programme.models import Workstream


def user(username="pmo.llr"):
    return User.objects.get(username=username)


def workstream(name="Urgent Care"):
    return Workstream.objects.get(name=name)


def make_stakeholder(name="Leicester Healthwatch", **values):
    values.setdefault("kind", StakeholderKind.ORGANISATION)
    values.setdefault("category", StakeholderCategory.HEALTHWATCH)
    values.setdefault("interest", 4)
    values.setdefault("influence", 3)
    workstreams = values.pop("workstreams", [])
    service_changes = values.pop("service_changes", [])
    stakeholder = Stakeholder(name=name, **values)
    stakeholder.full_clean()
    stakeholder.save()
    if workstreams:
        stakeholder.workstreams.set(workstreams)
    if service_changes:
        stakeholder.service_changes.set(service_changes)
    return stakeholder


def make_service_change(title="Urgent care: one point of access", **values):
    values.setdefault("workstream", workstream())
    change = ServiceChange(title=title, **values)
    change.full_clean()
    change.save()
    return change


def make_activity(title="Urgent care listening event", **values):
    values.setdefault("kind", ActivityKind.EVENT)
    values.setdefault("planned_date", timezone.localdate() + datetime.timedelta(weeks=2))
    values.setdefault("owner", user())
    stakeholders = values.pop("stakeholders", [])
    objectives = values.pop("objectives", [])
    activity = EngagementActivity(title=title, **values)
    activity.full_clean()
    activity.save()
    if stakeholders:
        activity.stakeholders.set(stakeholders)
    if objectives:
        activity.objectives.set(objectives)
    return activity


def make_response(activity=None, you_said="Parking at the hub is hard", **values):
    values.setdefault("owner", user())
    values.setdefault("due_date", timezone.localdate() + datetime.timedelta(weeks=4))
    response = EngagementResponse(activity=activity or make_activity(), you_said=you_said, **values)
    response.full_clean()
    response.save()
    return response


def objective(number=1):
    return EngagementObjective.objects.get(number=number)


def make_measure(name="People reached", **values):
    values.setdefault("objective", objective(1))
    values.setdefault("target", 500)
    measure = EffectivenessMeasure(name=name, **values)
    measure.full_clean()
    measure.save()
    return measure


def make_evidence(four_test, kind=EvidenceKind.DOCUMENT, **values):
    if kind in (EvidenceKind.DOCUMENT, EvidenceKind.CLINICAL_EVIDENCE):
        values.setdefault("title", "Clinical evidence review")
    evidence = TestEvidence(four_test=four_test, kind=kind, **values)
    evidence.full_clean()
    evidence.save()
    return evidence
