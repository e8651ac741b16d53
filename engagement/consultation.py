"""Service changes and their consultation (PID s4.2): record a change and its consultation tracker, assess each of
the Four Tests and attach its evidence (an engagement record, clinical evidence, a commissioners' decision recorded
at a meeting, or a document).

Each step takes the acting user, checks the user may (``core.rules.require``: ``PermissionRefused``) and the input
(``core.exceptions.Invalid`` naming the field) before anything is saved, and runs in one transaction, so a refused
step changes nothing. Nothing here imports DRF.
"""

from django.db import transaction

from core import rules
from core.exceptions import Invalid
from core.tenancy import get_current_tenant
from engagement.choices import EvidenceKind
from engagement.models import FourTest, ServiceChange, TestEvidence
from engagement.rules import ADD_EVIDENCE, ADD_SERVICE_CHANGE, CHANGE_FOUR_TEST, CHANGE_SERVICE_CHANGE, DELETE_EVIDENCE

FIELDS = ("title", "description", "workstream", "business_case", "eia", "status", "pre_consultation_start",
          "pre_consultation_end", "consultation_start", "consultation_end", "responses_received", "decision",
          "decided_on", "decision_record")
EXCLUDE = ["tenant", "number", "ref"]
EVIDENCE_FIELDS = ("kind", "activity", "decision", "title", "reference", "url", "summary")

# (earlier field, later field, message on the later field): the dates of the tracker, in order.
DATE_ORDER = (
    ("pre_consultation_start", "pre_consultation_end", "Pre-consultation engagement cannot end before it starts."),
    ("consultation_start", "consultation_end", "Formal consultation cannot end before it starts."),
    ("pre_consultation_end", "consultation_start",
     "Formal consultation cannot start before pre-consultation engagement ends."),
    ("pre_consultation_start", "consultation_start",
     "Formal consultation cannot start before pre-consultation engagement starts."),
)
# What each kind of evidence must name (the model's check constraint, said field by field).
EVIDENCE_NEEDS = {
    EvidenceKind.ENGAGEMENT_RECORD: ("activity", "Choose the engagement activity that is the record."),
    EvidenceKind.COMMISSIONERS_DECISION: ("decision", "Choose the meeting decision that records the commissioners' "
                                                      "support."),
    EvidenceKind.CLINICAL_EVIDENCE: ("title", "Give the clinical evidence a title."),
    EvidenceKind.DOCUMENT: ("title", "Give the document a title."),
}


def check_dates(values):
    """Refuse a tracker whose dates are out of order, naming the later field of each pair."""
    errors = {}
    for earlier, later, message in DATE_ORDER:
        first, second = values.get(earlier), values.get(later)
        if first and second and second < first and later not in errors:
            errors[later] = [message]
    if errors:
        raise Invalid(errors)


def _save(obj, user, reason):
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _risks(change, values):
    if values.get("risks") is not None:
        change.risks.set(values["risks"])


def create_service_change(user, **values):
    """Record a proposed service change with its consultation tracker; its Four Tests are made with it, each
    "not evidenced" until evidence is attached."""
    with transaction.atomic():
        change = ServiceChange(tenant=get_current_tenant(), **{name: values[name] for name in FIELDS if name in values})
        rules.require(user, ADD_SERVICE_CHANGE, change, verb="record a service change in")
        check_dates({name: getattr(change, name) for name in FIELDS})
        change.full_clean(exclude=EXCLUDE)
        _save(change, user, "Service change recorded")
        _risks(change, values)
        return change


def update_service_change(change, user, **values):
    """Change the service change's details, its consultation dates, responses or decision."""
    with transaction.atomic():
        change = ServiceChange.objects.select_for_update(of=("self",)).get(pk=change.pk)
        rules.require(user, CHANGE_SERVICE_CHANGE, change, verb="change")
        before = change.get_status_display()
        for name in FIELDS:
            if name in values:
                setattr(change, name, values[name])
        rules.require(user, CHANGE_SERVICE_CHANGE, change, verb="move the service change to")
        check_dates({name: getattr(change, name) for name in FIELDS})
        change.full_clean(exclude=EXCLUDE)
        after = change.get_status_display()
        _save(change, user, f"Status: {before} → {after}" if before != after else "Changed")
        _risks(change, values)
        return change


def assess_test(four_test, user, assessment):
    """Record the assessment of one of the Four Tests (the text the assurance report prints above its evidence)."""
    with transaction.atomic():
        four_test = FourTest.objects.select_for_update(of=("self",)).select_related("service_change").get(
            pk=four_test.pk)
        rules.require(user, CHANGE_FOUR_TEST, four_test, verb="assess the Four Tests of")
        four_test.assessment = (assessment or "").strip()
        four_test.full_clean(exclude=["tenant"])
        _save(four_test, user, "Assessed")
        return four_test


def check_evidence(values):
    kind = values.get("kind")
    if kind not in EvidenceKind.values:
        raise Invalid({"kind": ["Choose what kind of evidence this is."]})
    field, message = EVIDENCE_NEEDS[EvidenceKind(kind)]
    present = values.get(field)
    if not (present.strip() if isinstance(present, str) else present):
        raise Invalid({field: [message]})


def add_evidence(four_test, user, **values):
    """Attach evidence to a test: only what its kind names is kept (an engagement record keeps its activity, a
    commissioners' decision its meeting decision), so a claim always links to what evidences it."""
    with transaction.atomic():
        check_evidence(values)
        kind = values["kind"]
        kept = {name: values.get(name) for name in EVIDENCE_FIELDS if values.get(name) not in (None, "")}
        if kind != EvidenceKind.ENGAGEMENT_RECORD:
            kept.pop("activity", None)
        if kind != EvidenceKind.COMMISSIONERS_DECISION:
            kept.pop("decision", None)
        evidence = TestEvidence(tenant=get_current_tenant(), four_test=four_test, **kept)
        rules.require(user, ADD_EVIDENCE, four_test, verb="add evidence to the Four Tests of")
        evidence.full_clean(exclude=["tenant"])
        _save(evidence, user, f"Evidence added: {evidence.get_kind_display()}")
        return evidence


def remove_evidence(evidence, user):
    """Take evidence off a test (its history keeps that it was there)."""
    with transaction.atomic():
        rules.require(user, DELETE_EVIDENCE, evidence.four_test, verb="remove evidence from the Four Tests of")
        evidence._history_user = user
        evidence._change_reason = "Evidence removed"
        evidence.delete()
