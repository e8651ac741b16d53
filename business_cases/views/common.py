"""What the browser views share: visible querysets, refusals, workflow errors and the decisions a user may take."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from business_cases.choices import AWAITING_A_BOARD, WITHDRAWABLE, CaseStatus, DocumentType, Tier
from business_cases.models import BusinessCase, CostShare, PrioritisationScore


def visible_cases(request):
    return BusinessCase.objects.visible_to(request.user).select_related("project__workstream", "author")


def get_case(request, pk):
    """A case of the active tenant that this user may read, else 404 (restricted cases included)."""
    queryset = visible_cases(request).select_related(
        "submitted_by", "recommended_by", "decided_by", "obc_approved_by").prefetch_related(
        "money_lines", "stated_totals", Prefetch("cost_shares", CostShare.objects.select_related("organisation")),
        Prefetch("scores", PrioritisationScore.objects.select_related("scorer")))
    return get_object_or_404(queryset, pk=pk)






@dataclass(frozen=True)
class Decision:
    name: str  # the URL name's suffix and the service step
    label: str
    perm: str
    form: str = ""  # "note", "required_note", "reason" or "" for none
    secondary: bool = False
    warning: bool = False


def available_decisions(case, user):
    """The workflow steps this user may take on the case now (state, RACI and separation of duties)."""
    author_or_submitter = user.pk in (case.author_id, case.submitted_by_id)
    steps = []
    if case.status == CaseStatus.DRAFT:
        steps.append(Decision("submit", f"Submit the {case.document_type.upper()}", case.perm("submit")))
    if case.status == CaseStatus.SUBMITTED and case.tier != Tier.RFF and not author_or_submitter:
        steps.append(Decision("recommend", "Recommend to the Partnership Board", case.perm("recommend"), "note"))
    if not author_or_submitter and (
        (case.tier == Tier.RFF and case.status == CaseStatus.SUBMITTED) or case.status == CaseStatus.RECOMMENDED
    ):
        steps.append(Decision("approve", f"Approve the {case.document_type.upper()}", case.perm("decide"), "note"))
    if case.status in AWAITING_A_BOARD and not author_or_submitter:
        perm = case.perm("decide") if case.tier == Tier.RFF or case.status == CaseStatus.RECOMMENDED \
            else case.perm("recommend")
        steps.append(Decision("reject", "Reject", perm, "required_note", warning=True))
    if case.status == CaseStatus.REJECTED:
        steps.append(Decision("revise", "Reopen for revision", case.perm("submit"), secondary=True))
    if case.status == CaseStatus.APPROVED and case.tier == Tier.OBC_FBC and case.document_type == DocumentType.OBC:
        steps.append(Decision("start-fbc", "Begin the Full Business Case", case.perm("change")))
    if case.status in WITHDRAWABLE:
        steps.append(Decision("withdraw", "Withdraw (stop) the case", case.perm("withdraw"), "reason", warning=True))
    return [step for step in steps if user.has_perm(step.perm, case)]


def may_score(case, user):
    return (case.status in AWAITING_A_BOARD and user.pk not in (case.author_id, case.submitted_by_id)
            and user.has_perm(case.perm("score"), case))
