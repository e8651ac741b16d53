"""Recording a stage of a case decided outside the portal (issue 19; ``models.PriorDecision``).

A top-tier case may arrive with its OBC already decided elsewhere (the Points of Access FBC, seed 004, was
written after its outline business case had been reviewed by the SRO and the Project Board, before the portal).
The PMO records that decision with its evidence instead of inventing an OBC and its board decisions; the case then
goes straight to its FBC stage, and the OBC stage counts as passed *by a decision recorded elsewhere* wherever the
portal asks (the FBC may be submitted, the project may leave Starting Up: ``authority``). Every page, the PDF, the
board packs, the history and the API show it as such, never as a decision of the portal's boards.

The order of the checks is the services': the case's state (409), then the permission (403: ``RECORD``, the PMO's
R for "manage information"), then the input (400). Nothing is saved unless all of it is accepted.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from business_cases import tiers
from business_cases.choices import CaseStatus, DocumentType
from business_cases.models import BusinessCase, PriorDecision
from core import rules
from core.exceptions import WrongState

RECORD = "business_cases.record_prior_decision"
FIELDS = ("stage", "outcome", "conditions", "decided_by", "body", "decided_on", "date_not_stated", "document",
          "document_url", "note")


def stages_before_last(case):
    """The stages of the case's tier that may be decided elsewhere: every document but the tier's last (the last
    one is what the portal's boards decide)."""
    return tiers.documents(case.tier)[:-1]


def obc_passed(case, elsewhere=None):
    """True when the case's OBC stage is passed: approved in the portal, or by a decision recorded elsewhere."""
    if case.obc_approved_at is not None:
        return True
    if elsewhere is None:
        elsewhere = case.prior_decisions.filter(stage=DocumentType.OBC).exists()
    return bool(elsewhere)


def may_record(user, case):
    """Whether the case's page offers the form: a stage is left to record, and the user may."""
    return bool(_stage_left(case)) and user.has_perm(RECORD, case)


def _stage_left(case):
    if case.status == CaseStatus.WITHDRAWN:
        return None
    for stage in stages_before_last(case):
        if stage == DocumentType.OBC and case.obc_approved_at is not None:
            continue
        if stage == case.document_type and case.status != CaseStatus.DRAFT:
            continue
        if not any(d.stage == stage for d in case.prior_decisions.all()):
            return stage
    return None


def _check_state(case, stage):
    """WrongState (409) when the case's state forbids recording ``stage`` as decided elsewhere."""
    label = DocumentType(stage).name if stage in DocumentType.values else str(stage).upper()
    if case.status == CaseStatus.WITHDRAWN:
        raise WrongState(f"{case.ref} is withdrawn: nothing more is recorded on it.")
    if stage == DocumentType.OBC and case.obc_approved_at is not None:
        who = case.obc_approved_by or "its Partnership Board"
        raise WrongState(f"{case.ref}'s OBC was approved in the portal on {case.obc_approved_at:%d/%m/%Y} by {who}: "
                         "it cannot also be recorded as decided elsewhere.")
    if PriorDecision.objects.filter(case=case, stage=stage).exists():
        raise WrongState(f"{case.ref}'s {label} already has a decision recorded elsewhere.")
    if stage == case.document_type and case.status != CaseStatus.DRAFT:
        raise WrongState(f"{case.ref}'s {label} is {case.get_status_display().lower()} in the portal: its boards "
                         "decide it. Only a draft can be recorded as decided elsewhere.")


def _check_stage(case, stage):
    allowed = stages_before_last(case)
    if stage not in DocumentType.values:
        raise ValidationError({"stage": [f"Choose the stage decided: {', '.join(DocumentType.values)}."]})
    if stage not in allowed:
        if not allowed:
            raise ValidationError({"stage": [
                f"{case.ref} is a {case.get_tier_display()} case: its only stage, the {DocumentType(stage).label}, "
                "is decided by the portal's boards. Only a stage before a case's last one (a top-tier case's OBC) "
                "can be recorded as decided elsewhere."]})
        raise ValidationError({"stage": [
            f"The {DocumentType(stage).label} is not a stage before {case.ref}'s last one: only "
            f"{', '.join(DocumentType(s).label for s in allowed)} can be recorded as decided elsewhere."]})
    current = tiers.documents(case.tier).index(DocumentType(case.document_type))
    if tiers.documents(case.tier).index(DocumentType(stage)) > current:
        raise ValidationError({"stage": [f"{case.ref} is at its {case.get_document_type_display()}: a later stage "
                                         "cannot have been decided."]})


def record_prior_decision(case, user, values):
    """Record the decision on ``values["stage"]`` (default the OBC) taken outside the portal, and move the case to
    its next stage if it was at that one. ``values`` are the model's fields (``FIELDS``; ``body`` a Body)."""
    values = {name: value for name, value in values.items() if name in FIELDS}
    stage = values.setdefault("stage", DocumentType.OBC)
    with transaction.atomic():
        case = BusinessCase.objects.select_for_update(of=("self",)).select_related("project", "obc_approved_by").get(
            pk=case.pk)
        if stage in DocumentType.values:
            _check_state(case, stage)
        rules.require(user, RECORD, case, verb="record a decision taken elsewhere on")
        _check_stage(case, stage)
        decision = PriorDecision(tenant_id=case.tenant_id, case=case, recorded_by=user, **values)
        decision.full_clean(exclude=["tenant", "case"], validate_unique=False)
        decision._history_user = user
        decision._change_reason = "Recorded as decided outside the portal"
        decision.save()
        if stage == case.document_type:
            documents = tiers.documents(case.tier)
            case.document_type = documents[documents.index(DocumentType(stage)) + 1]
            case.status = CaseStatus.DRAFT
            case.submitted_by = case.submitted_at = case.recommended_by = case.recommended_at = None
            case.decided_by = case.decided_at = None
            case.decision_note = ""
            reason = f"{decision.stage_short} decided outside the portal (recorded): {case.document_type.upper()} begun"
        else:
            reason = f"{decision.stage_short} decided outside the portal (recorded)"
        case._history_user = user
        case._change_reason = reason
        case.save()
        return decision
