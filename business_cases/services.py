"""The workflows of briefs and business cases, one function per step (PID s3.4.2, DOMAIN.md s5).

Each step locks its row, then asks the workflow's table (``business_cases.workflows``) whether it may leave
the item's state (``WrongState``, 409) and whether the user may take it (``PermissionRefused``, 403, naming the
roles that may, or separation of duties: nobody decides what they wrote or submitted); then refuses bad input
with ``ValidationError`` (400). Every change records who made it in the item's history.

The boards' steps (a brief's decision, an RFF's, an OBC's or FBC's recommendation and approval) are the boards'
(PID s3.2): they take ``how`` (``meetings.decisions.HowDecided``: the board's meeting, or a chair's action with its
reason), are refused to all but the board's chair and the PMO (403) before anything else, and enter the board's
decisions log (``meetings.decisions.record``) in the step's transaction.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from business_cases import elsewhere, money, tiers, versions
from business_cases.choices import (
    AWAITING_A_BOARD,
    BriefKind,
    BriefStatus,
    CaseStatus,
    DocumentType,
    Tier,
)
from business_cases.models import (
    Brief,
    BusinessCase,
    BusinessCaseUserObjectPermission,
    CostShare,
    MoneyLine,
    PrioritisationScore,
    StatedTotal,
)
from business_cases.rules import BOARDS
from business_cases.workflows import BRIEF, CASE, DECIDE_BRIEF, DECIDE_OBC_FBC, DECIDE_RFF, RECOMMEND, case_row
from core import notifications, rules, signals
from core.exceptions import WrongState
from meetings import decisions
from programme.choices import ProjectStage
from programme.models import Project, Workstream

# What a submitted brief or case asks of its deciders (cleared for everyone by their decision).
BRIEF_AWAITING = "business_cases.brief_awaiting"
CASE_AWAITING = "business_cases.case_awaiting"


def _stamp(obj, user, reason):
    obj._history_user = user
    obj._change_reason = reason


# Briefs ------------------------------------------------------------------------------------------

def _locked_brief(brief):
    return Brief.objects.select_for_update(of=("self",)).select_related("workstream").get(pk=brief.pk)


def submit_brief(brief, user):
    """A workstream lead (or the PMO, preparing it) submits a draft brief to the Delivery Board."""
    with transaction.atomic():
        brief = _locked_brief(brief)
        BRIEF.check(user, brief, "submit")
        brief.status = BriefStatus.SUBMITTED
        brief.submitted_by, brief.submitted_at = user, timezone.now()
        _stamp(brief, user, "Submitted to the Delivery Board")
        brief.save()
        notifications.notify_deciders(
            DECIDE_BRIEF, brief, f"Brief awaits your decision: {brief.title}",
            f"{user} submitted the brief '{brief.title}' to the Delivery Board for approval in principle.",
            link=reverse("business_cases:brief", args=[brief.pk]), kind=BRIEF_AWAITING, exclude=[user])
        return brief


def _decidable_brief(brief, user, step):
    brief = _locked_brief(brief)
    BRIEF.check(user, brief, step)
    return brief


def _board_for(perm, user):
    """The board that takes the step governed by ``perm``, once ``user`` is known to record its decisions."""
    body = decisions.board(BOARDS[perm])
    decisions.check_recorder(user, body)
    return body


def admit(brief):
    """Create the workstream or project the brief proposes (a project starts in Starting Up)."""
    if brief.kind == BriefKind.WORKSTREAM:
        if Workstream.objects.filter(name=brief.title).exists():
            raise ValidationError({"title": [f"A workstream called '{brief.title}' already exists."]})
        workstream = Workstream(name=brief.title, kind=brief.workstream_kind or "clinical",
                                description=brief.description)
        workstream.full_clean(exclude=["tenant"])
        workstream.save()
        return workstream, None
    if Project.objects.filter(workstream=brief.workstream, name=brief.title).exists():
        raise ValidationError({"title": [f"{brief.workstream} already has a project called '{brief.title}'."]})
    project = Project(name=brief.title, workstream=brief.workstream, description=brief.description,
                      stage=ProjectStage.STARTING_UP)
    project.full_clean(exclude=["tenant"])
    project.save()
    return None, project


def approve_brief(brief, user, note="", how=None):
    """Approval in principle by the Delivery Board admits the new work to the programme."""
    body = _board_for(DECIDE_BRIEF, user)
    with transaction.atomic():
        brief = _decidable_brief(brief, user, "approve")
        decisions.record(body, user, brief, "approve in principle", how)
        brief.admitted_workstream, brief.admitted_project = admit(brief)
        brief.status = BriefStatus.APPROVED
        brief.decided_by, brief.decided_at, brief.decision_note = user, timezone.now(), note or ""
        _stamp(brief, user, "Approved in principle by the Delivery Board")
        brief.save()
        notifications.mark_settled(brief, BRIEF_AWAITING)
        return brief


def reject_brief(brief, user, note="", how=None):
    body = _board_for(DECIDE_BRIEF, user)
    with transaction.atomic():
        brief = _decidable_brief(brief, user, "reject")
        decisions.record(body, user, brief, "reject", how)
        brief.status = BriefStatus.REJECTED
        brief.decided_by, brief.decided_at, brief.decision_note = user, timezone.now(), note or ""
        _stamp(brief, user, "Rejected by the Delivery Board")
        brief.save()
        notifications.mark_settled(brief, BRIEF_AWAITING)
        return brief


# Business cases ---------------------------------------------------------------------------------------

def _locked(case):
    return BusinessCase.objects.select_for_update(of=("self",)).select_related("project").get(pk=case.pk)


def _state(case):
    return f"{case.ref} is {case.get_status_display().lower()}"


def _tell_deciders(case, user, perm, what):
    """Tell whoever takes the case's next decision (``perm``'s holders, less its parties and ``user``)."""
    notifications.notify_deciders(
        perm, case, f"{case.ref} awaits your {what}: {case.title}",
        f"{user} has put {case.ref} ({case.get_document_type_display()}) to you for {what}.",
        link=reverse("business_cases:detail", args=[case.pk]), kind=CASE_AWAITING, exclude=[user])


def _check(case, user, step):
    """The case table's guard for ``step`` (its row for this case's tier and state): 409, else 403."""
    return CASE.check(user, case, case_row(case, step))


def _board_step(case, user, step, outcome, how):
    """A board's step on the case: only its chair or the PMO (403 first), then the table's guard, then the
    decision entered in the board's log. Returns the locked case."""
    body = _board_for(CASE[case_row(case, step)].perm, user)
    case = _locked(case)
    _check(case, user, step)
    decisions.record(body, user, case, outcome, how)
    return case


def submit(case, user, when=None):
    """Submit a draft to the Delivery Board; every required section must be written. Snapshots a version."""
    with transaction.atomic():
        case = _locked(case)
        _check(case, user, "submit")
        if case.document_type == DocumentType.FBC and not elsewhere.obc_passed(case):
            raise WrongState(f"{case.ref}'s FBC can only be submitted after its OBC is approved (in the portal, or "
                             "by a decision recorded elsewhere).")
        missing = case.missing_sections
        if missing:
            raise ValidationError({
                "sections": [f"Complete the required section{'s' if len(missing) > 1 else ''} before submitting: "
                             f"{tiers.label_list(missing)}."],
                "missing_sections": missing,
            })
        now = when or timezone.now()
        case.status = CaseStatus.SUBMITTED
        case.submitted_by, case.submitted_at = user, now
        case.recommended_by = case.recommended_at = case.decided_by = case.decided_at = None
        case.decision_note = ""
        _stamp(case, user, f"{case.get_document_type_display()} submitted")
        case.save()
        versions.snapshot(case, user, now)
        if case.tier == Tier.RFF:
            _tell_deciders(case, user, DECIDE_RFF, "decision")
        else:
            _tell_deciders(case, user, RECOMMEND, "recommendation")
        return case


def recommend(case, user, note="", when=None, how=None):
    """The Delivery Board recommends an OBC or FBC to the Partnership Board."""
    with transaction.atomic():
        case = _board_step(case, user, "recommend", "recommend to the Partnership Board", how)
        case.status = CaseStatus.RECOMMENDED
        case.recommended_by, case.recommended_at = user, when or timezone.now()
        case.decision_note = note or ""
        _stamp(case, user, "Recommended to the Partnership Board")
        case.save()
        notifications.mark_settled(case, CASE_AWAITING)
        _tell_deciders(case, user, DECIDE_OBC_FBC, "decision")
        return case


def approve(case, user, note="", when=None, how=None):
    with transaction.atomic():
        case = _board_step(case, user, "approve", "approve", how)
        now = when or timezone.now()
        case.status = CaseStatus.APPROVED
        case.decided_by, case.decided_at, case.decision_note = user, now, note or ""
        if case.tier == Tier.OBC_FBC and case.document_type == DocumentType.OBC:
            case.obc_approved_by, case.obc_approved_at = user, now
        _stamp(case, user, f"{case.get_document_type_display()} approved")
        case.save()
        notifications.mark_settled(case, CASE_AWAITING)
        signals.business_case_approved.send(sender=BusinessCase, case=case, user=user)
        return case


def reject(case, user, note="", when=None, how=None):
    with transaction.atomic():
        case = _board_step(case, user, "reject", "reject", how)
        case.status = CaseStatus.REJECTED
        case.decided_by, case.decided_at, case.decision_note = user, when or timezone.now(), note or ""
        _stamp(case, user, f"{case.get_document_type_display()} rejected")
        case.save()
        notifications.mark_settled(case, CASE_AWAITING)
        return case


def withdraw(case, user, reason):
    """Stop a case that is no longer valid: it authorises nothing more and its resources are released."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the case is being stopped."]})
    with transaction.atomic():
        case = _locked(case)
        _check(case, user, "withdraw")
        case.status = CaseStatus.WITHDRAWN
        case.withdrawn_reason = reason
        _stamp(case, user, f"Withdrawn: {reason}")
        case.save()
        notifications.mark_settled(case, CASE_AWAITING)
        return case


def revise(case, user):
    """Reopen a rejected case as a draft so it can be reworked and submitted again (a new version)."""
    with transaction.atomic():
        case = _locked(case)
        _check(case, user, "revise")
        case.status = CaseStatus.DRAFT
        _stamp(case, user, "Reopened for revision")
        case.save()
        return case


def start_fbc(case, user):
    """Once a top-tier case's OBC is approved, begin its FBC: the same case, a new document, back in draft.
    The OBC as approved stays in the case's versions."""
    with transaction.atomic():
        case = _locked(case)
        _check(case, user, "start-fbc")
        case.document_type = DocumentType.FBC
        case.status = CaseStatus.DRAFT
        case.submitted_by = case.submitted_at = case.recommended_by = case.recommended_at = None
        case.decided_by = case.decided_at = None
        case.decision_note = ""
        _stamp(case, user, "Full Business Case begun")
        case.save()
        return case


def require_editable(case, user):
    """Only a draft is edited; R on the case's project is needed. Raises 409 or 403."""
    if case.status != CaseStatus.DRAFT:
        raise WrongState(f"{_state(case)}: only a draft can be changed. Reopen or begin a new document first.")
    rules.require(user, case.perm("change"), case)


def replace_money_profile(case, user, lines=None, split=None, stated_totals=None):
    """Replace any of the profile's lines, partner split and stated totals at once; nothing is saved unless all
    of it is valid. Each item is a dict of model field values (organisation an Organisation). The split is checked
    as a set: each phase's shares (and the whole case's) add up to 100 within the rounding rule (``money``)."""
    if split is not None:
        try:
            money.check_splits(split)
        except money.MoneyError as exc:
            raise ValidationError({"split": [str(exc)]}) from None
    with transaction.atomic():
        case = _locked(case)
        require_editable(case, user)
        for model, rows, name in ((MoneyLine, lines, "lines"), (CostShare, split, "split"),
                                  (StatedTotal, stated_totals, "stated_totals")):
            if rows is None:
                continue
            objects = [model(tenant_id=case.tenant_id, case=case, **row) for row in rows]
            errors = {}
            for index, obj in enumerate(objects):
                try:
                    obj.full_clean(exclude=["tenant", "case"])
                except ValidationError as exc:
                    errors[index] = exc.message_dict
            if errors:
                raise ValidationError({name: [f"Row {i + 1}: {field}: {' '.join(msgs)}"
                                              for i, fields in errors.items() for field, msgs in fields.items()]})
            model.objects.filter(case=case).delete()
            for obj in objects:
                _stamp(obj, user, "Money profile edited")
                obj.save()
        _stamp(case, user, "Money profile edited")
        case.save(update_fields=["updated"])
        return case


def score(case, user, scores, comment=""):
    """Record (or replace) the user's prioritisation scores of a case awaiting a board."""
    with transaction.atomic():
        case = _locked(case)
        if case.status not in AWAITING_A_BOARD:
            raise WrongState(f"{_state(case)}: only a case awaiting a board is scored.")
        rules.require(user, case.perm("score"), case, verb="score")
        row = PrioritisationScore.objects.filter(case=case, scorer=user).first() or PrioritisationScore(
            case=case, scorer=user)
        for name, value in scores.items():
            setattr(row, name, value)
        row.comment = comment or ""
        row.full_clean(exclude=["tenant", "case", "scorer"])
        _stamp(row, user, "Scored")
        row.save()
        return row


def grant_view(case, user, grantee):
    """Let ``grantee`` read a restricted case (an explicit django-guardian grant). R on the case is needed."""
    from guardian.shortcuts import assign_perm

    rules.require(user, case.perm("change"), case)
    try:
        with transaction.atomic():
            return assign_perm("business_cases.view_businesscase", grantee, case)
    except IntegrityError:
        return BusinessCaseUserObjectPermission.objects.filter(content_object=case, user=grantee).first()


def retier_drafts(tenant_id, user=None):
    """After the tier thresholds change, drafts take the tier their value now falls in (FBC drafts excepted)."""
    changed = 0
    for case in BusinessCase.all_tenants.filter(tenant_id=tenant_id, status=CaseStatus.DRAFT).exclude(
            document_type=DocumentType.FBC).select_related("project"):
        before = (case.tier, case.document_type)
        case.sync_tier()
        if (case.tier, case.document_type) != before:
            _stamp(case, user, "Tier thresholds changed")
            case.save()
            changed += 1
    return changed
