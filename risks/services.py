"""Workflows across risks, moves, BAF entries and issues (DOMAIN.md s4, PID s3.5 and s4.4).

Each step takes the acting user, runs in one transaction with the item's row locked, and asks its workflow table
(``risks.workflows``) first: ``WrongState`` (409) when the item's state forbids the step, ``PermissionRefused``
(403, naming the roles that may, or separation of duties) when the user may not (``core.rules.require``).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from benefits.models import Benefit
from core import notifications, signals
from core.exceptions import WrongState
from meetings import decisions
from risks import workflows
from risks.choices import (
    BOARD_LEVELS,
    DISPUTE_ORDER,
    DisputeStage,
    Level,
    MoveDirection,
    MoveStatus,
    RiskStatus,
    level_above,
    level_below,
)
from risks.models import BafEntry, BoardAssuranceFramework, Issue, IssueEscalation, Risk, RiskMove, RiskSettings
from risks.rules import BOARDS

MOVE_AWAITING = "risks.move_awaiting"  # a proposed move asks the receiving level to decide


def _locked(risk):
    return Risk.objects.select_for_update(of=("self",)).select_related("project", "workstream").get(pk=risk.pk)


def _target_register(risk, to_level, workstream=None, project=None):
    """(to_workstream, to_project) of the register a move lands on; ValidationError (400) if unknown."""
    if to_level == Level.PROJECT:
        project = project or risk.project
        if project is None:
            raise ValidationError({"project": ["Choose the project whose register should take this risk."]})
        if risk.workstream_id and project.workstream_id != risk.workstream_id:
            raise ValidationError({"project": ["Choose a project of the risk's own workstream."]})
        return project.workstream, project
    if to_level == Level.WORKSTREAM:
        workstream = workstream or risk.workstream
        if workstream is None:
            raise ValidationError({"workstream": ["Choose the workstream whose register should take this risk."]})
        return workstream, None
    return None, None


def propose_move(risk, user, direction, reason, workstream=None, project=None):
    """Propose moving ``risk`` one level up (escalate) or down (deescalate); effective only on acceptance."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Give the reason for the move."]})
    with transaction.atomic():
        risk = _locked(risk)
        escalating = direction == MoveDirection.ESCALATE
        to_level = level_above(risk.level) if escalating else level_below(risk.level)
        if to_level is None:
            where = "the top (Partnership Board BAF)" if escalating else "the lowest level (a project register)"
            raise WrongState(f"{risk.ref} is already at {where}.")
        workflows.for_risk(risk).check(user, risk, "escalate" if escalating else "deescalate")
        to_workstream, to_project = _target_register(risk, to_level, workstream, project)
        try:
            with transaction.atomic():
                move = RiskMove.objects.create(
                    risk=risk, from_level=risk.level, to_level=to_level, direction=direction, reason=reason,
                    to_workstream=to_workstream, to_project=to_project, proposed_by=user,
                    residual_score=risk.residual_score,
                )
        except IntegrityError:
            raise WrongState(f"{risk.ref} already has a move awaiting decision.") from None
        _tell_receivers(risk, move, user)
        return move


def _tell_receivers(risk, move, user):
    """Tell the receiving level's accountable role (who may accept the move; never its proposer)."""
    step = workflows.for_move(move)["accept"]
    notifications.notify_deciders(
        step.perm, move, f"{risk.ref} awaits your decision: {move.get_direction_display().lower()} to the "
                         f"{Level(move.to_level).label} register",
        f"{user} proposes moving {risk.ref} '{risk.title}' from the {Level(move.from_level).label} to the "
        f"{Level(move.to_level).label} register.\n\nReason: {move.reason}",
        link=reverse("risks:detail", args=[risk.pk]), kind=MOVE_AWAITING, exclude=[user])


def escalate(risk, user, reason):
    return propose_move(risk, user, MoveDirection.ESCALATE, reason)


def deescalate(risk, user, reason, workstream=None, project=None):
    return propose_move(risk, user, MoveDirection.DEESCALATE, reason, workstream, project)


def _pending_for_decision(risk, user, step, how=None):
    """The risk (locked) and its pending move, once ``user`` may decide it. A move onto a board's BAF is the
    board's decision (PID s3.2): only its chair or the PMO records it, at its meeting or by chair's action
    (``how``), and it enters the board's decisions log (``meetings.decisions``)."""
    risk = _locked(risk)
    move = risk.pending_move
    if move is None:
        raise WrongState(f"{risk.ref} has no move awaiting decision.")
    move.risk = risk
    kind = BOARDS.get(move.decide_perm)
    body = decisions.board(kind) if kind else None
    if kind:
        decisions.check_recorder(user, body)
    workflows.for_move(move).check(user, move, step)
    if kind:
        outcome = "accept onto its Board Assurance Framework" if step == "accept" else "reject the escalation of"
        decisions.record(body, user, move, outcome, how)
    return risk, move


def accept(risk, user, note="", how=None):
    """The receiving level's accountable role accepts the pending move: the risk changes level now."""
    with transaction.atomic():
        risk, move = _pending_for_decision(risk, user, "accept", how)
        from_level = risk.level
        risk.level = move.to_level
        if move.to_level == Level.PROJECT:
            risk.project = move.to_project
            risk.workstream_id = move.to_project.workstream_id
        elif move.to_level == Level.WORKSTREAM:
            if risk.workstream_id != move.to_workstream_id:
                risk.project = None
            risk.workstream_id = move.to_workstream_id
        risk.review_date = risk.default_review_date()
        risk._history_user = user
        risk._change_reason = (
            f"{move.get_direction_display()} accepted: {Level(from_level).label} → {risk.get_level_display()}"
        )
        risk.save()
        move.status = MoveStatus.ACCEPTED
        move.decided_by = user
        move.decided_at = timezone.now()
        move.decision_note = note or ""
        move._history_user = user
        move.save()
        _update_baf(risk, from_level, move.to_level)
        notifications.mark_settled(move, MOVE_AWAITING)
        if move.direction == MoveDirection.ESCALATE and move.to_level in BOARD_LEVELS:
            signals.risk_escalated_to_baf.send(
                sender=Risk, risk=risk, board=Level(move.to_level).label, key=f"move-{move.pk}", user=user,
                link=reverse("risks:detail", args=[risk.pk]))
        return move


def reject(risk, user, note="", how=None):
    with transaction.atomic():
        risk, move = _pending_for_decision(risk, user, "reject", how)
        move.status = MoveStatus.REJECTED
        move.decided_by = user
        move.decided_at = timezone.now()
        move.decision_note = note or ""
        move._history_user = user
        move.save()
        notifications.mark_settled(move, MOVE_AWAITING)
        return move


def _update_baf(risk, from_level, to_level):
    """Put a risk on the receiving board's BAF, and take it off the one it left (entries are kept)."""
    if from_level in BOARD_LEVELS:
        BafEntry.objects.filter(risk=risk, baf__level=from_level, current=True).update(current=False)
    if to_level in BOARD_LEVELS:
        baf = BoardAssuranceFramework.for_level(risk.tenant, to_level)
        entry = BafEntry.objects.filter(baf=baf, risk=risk).first()
        if entry is None:
            BafEntry.objects.create(baf=baf, risk=risk, principal_risk=risk.title, controls=risk.controls)
        elif not entry.current:
            entry.current = True
            entry.save(update_fields=["current"])


def close(risk, user, reason=""):
    """Close a risk (an A decision at its level); a pending move lapses."""
    with transaction.atomic():
        risk = _locked(risk)
        workflows.for_risk(risk).check(user, risk, "close")
        RiskMove.objects.filter(risk=risk, status=MoveStatus.PROPOSED).update(
            status=MoveStatus.REJECTED, decided_by=user, decided_at=timezone.now(),
            decision_note="Lapsed: the risk was closed.",
        )
        risk.status = RiskStatus.CLOSED
        risk.closed_on = timezone.localdate()
        risk._history_user = user
        risk._change_reason = reason or "Closed"
        risk.save()
        return risk


def archive(risk, user):
    """Archive (never delete) a risk: it leaves the live register but keeps its history."""
    with transaction.atomic():
        risk = _locked(risk)
        workflows.for_risk(risk).check(user, risk, "archive")
        risk.archived = True
        risk._history_user = user
        risk._change_reason = "Archived"
        risk.save()
        return risk


def propose_automatic_escalations(tenant):
    """Propose one level up for every open risk at or above the tenant's thresholds (DOMAIN.md s4 *default*).

    Idempotent: a risk with a pending move is skipped (and the database allows only one), as is a risk
    whose automatic proposal from the same level was rejected at the same or a higher score. The
    Partnership Board BAF is never proposed automatically.
    """
    settings = RiskSettings.for_tenant(tenant)
    if not settings.auto_escalation:
        return []
    base = Risk.all_tenants.filter(tenant=tenant, status=RiskStatus.OPEN, archived=False).exclude(
        moves__status=MoveStatus.PROPOSED
    )
    candidates = list(
        base.filter(level__in=[Level.PROJECT, Level.WORKSTREAM], residual_score__gte=settings.lower_level_threshold)
    ) + list(base.filter(level=Level.PROGRAMME, residual_score__gte=settings.programme_threshold))
    rejected = set(
        RiskMove.all_tenants.filter(
            tenant=tenant, automatic=True, status=MoveStatus.REJECTED, risk__in=[r.pk for r in candidates]
        ).values_list("risk_id", "from_level", "residual_score")
    )
    created = []
    for risk in candidates:
        declined = any(
            r == risk.pk and lvl == risk.level and (score or 0) >= risk.residual_score for r, lvl, score in rejected
        )
        if declined:
            continue
        to_level = level_above(risk.level)
        threshold = settings.programme_threshold if risk.level == Level.PROGRAMME else settings.lower_level_threshold
        reason = (
            f"Automatic proposal: the residual score {risk.residual_score} is at or above the "
            f"{Level(risk.level).label.lower()} threshold of {threshold}."
        )
        try:
            with transaction.atomic():
                created.append(RiskMove.all_tenants.create(
                    tenant=tenant, risk=risk, from_level=risk.level, to_level=to_level,
                    direction=MoveDirection.ESCALATE, reason=reason, automatic=True,
                    to_workstream=risk.workstream if to_level == Level.WORKSTREAM else None,
                    residual_score=risk.residual_score,
                ))
        except IntegrityError:
            continue  # a proposal appeared meanwhile: nothing to add
    return created


# Issues ------------------------------------------------------------------------------------------

def next_arbiter(issue):
    """The stage a dispute on ``issue`` would be referred to next, or None once with the Partnership Board."""
    index = DISPUTE_ORDER.index(issue.dispute_stage)
    return DisputeStage(DISPUTE_ORDER[index + 1]) if index + 1 < len(DISPUTE_ORDER) else None


def escalate_dispute(issue, user, reason):
    """Refer a disputed issue one step up: Programme Director → joint SROs → Partnership Board (PID s4.4)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Give the reason for referring the dispute."]})
    with transaction.atomic():
        issue = Issue.objects.select_for_update(of=("self",)).get(pk=issue.pk)
        to_stage = next_arbiter(issue)
        if to_stage is None:
            raise WrongState(f"{issue.ref} is already with the Partnership Board, the last arbiter.")
        workflows.for_issue(issue).check(user, issue, workflows.refer_step(to_stage))
        step = IssueEscalation.objects.create(
            issue=issue, from_stage=issue.dispute_stage, to_stage=to_stage, reason=reason, escalated_by=user,
        )
        issue.dispute_stage = to_stage
        issue._history_user = user
        issue._change_reason = f"Dispute referred to {to_stage.label}"
        issue.save()
        return step


def archive_issue(issue, user):
    with transaction.atomic():
        issue = Issue.objects.select_for_update(of=("self",)).get(pk=issue.pk)
        workflows.for_issue(issue).check(user, issue, "archive")
        issue.archived = True
        issue._history_user = user
        issue.save()
        return issue


# The benefits a risk threatens ----------------------------------------------------------------------------------

def linkable_benefits(user):
    """The benefits ``user`` may link a risk to: the live ones they can read (a restricted benefit stays hidden)."""
    return Benefit.objects.visible_to(user).live()


def benefits_to_keep(risk, chosen, user):
    """``chosen`` plus the risk's links that ``user`` cannot see, so an edit by someone who cannot read a restricted
    (or archived) benefit never drops its link."""
    if risk is None or risk.pk is None:
        return list(chosen)
    hidden = risk.benefits.exclude(pk__in=linkable_benefits(user).values("pk"))
    return [*chosen, *hidden]
