"""No authority without approval (PID s3.4.2, DOMAIN.md s5): the stage gate this app registers.

"Until the RFF, OBC or FBC is approved, there is no authority to conduct the work or use any resource.
Once a project has had its RFF approved, it can move from 'Starting Up' to 'Initiating'." Initiating needs
an approved RFF or OBC; Delivery needs the last document of the tier approved (the FBC for work over the
OBC ceiling, otherwise the RFF or OBC). Other stages (Closing, Closed, back to Starting Up) need no
authority: stopping work is always allowed.

The gate governs new projects as well as transitions: a project created at Initiating or Delivery has no
approved case, so it is refused. Loading history that was decided elsewhere (the demo) runs inside
``core.gates.suspended()``.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from business_cases import tiers
from business_cases.choices import CaseStatus, DocumentType, Tier
from programme.choices import ProjectStage

GATED = (ProjectStage.INITIATING, ProjectStage.DELIVERY)


def _cases(project):
    """The project's live cases; ``obc_passed`` is true once the OBC is approved in the portal or by a decision
    recorded elsewhere (``elsewhere``)."""
    from business_cases.models import BusinessCase, PriorDecision

    elsewhere = PriorDecision.all_tenants.filter(case=OuterRef("pk"), stage=DocumentType.OBC)
    return list(
        BusinessCase.all_tenants.filter(tenant_id=project.tenant_id, project_id=project.pk)
        .exclude(status=CaseStatus.WITHDRAWN)
        .annotate(obc_passed=ExpressionWrapper(Q(obc_approved_at__isnull=False) | Q(Exists(elsewhere)),
                                             output_field=BooleanField()))
        .order_by("number")
        .values("ref", "tier", "document_type", "status", "obc_passed")
    )


def _pending(cases):
    for case in cases:
        if case["status"] in (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED):
            doc = DocumentType(case["document_type"]).label
            return f" {case['ref']} ({doc}) is {CaseStatus(case['status']).label.lower()}."
    return " Write a business case for it (RFF, OBC or FBC by its value) and have it approved."


def refusal(project, new_stage):
    """The reason ``project`` may not enter ``new_stage``, or None."""
    if new_stage not in GATED:
        return None
    cases = _cases(project)
    stage = ProjectStage(new_stage).label
    if new_stage == ProjectStage.INITIATING:
        if any(tiers.authorises_initiation(c["tier"], c["document_type"], c["status"], c["obc_passed"])
               for c in cases):
            return None
        return (f"{project.name} cannot move to {stage}: no RFF or OBC has been approved for it, so there is no "
                f"authority to conduct the work (PID s3.4.2).{_pending(cases)}")
    if any(tiers.authorises_delivery(c["tier"], c["document_type"], c["status"]) for c in cases):
        return None
    top = next((c for c in cases if c["tier"] == Tier.OBC_FBC), None)
    if top is not None:
        return (f"{project.name} cannot move to {stage}: {top['ref']} is over the OBC ceiling, so its Full "
                f"Business Case must be approved first (an OBC, then an FBC; PID s3.4.2).{_pending(cases)}")
    return (f"{project.name} cannot move to {stage}: no business case has been approved for it, so there is no "
            f"authority to conduct the work (PID s3.4.2).{_pending(cases)}")
