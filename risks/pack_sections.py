"""What the risk register puts in a board pack and into the review cycle (DOMAIN.md s4 and s8), registered in
``core.registry`` (found by ``autodiscover_modules("pack_sections")``).

- Section "Risks and the Board Assurance Framework": the body's BAF (the risks at its board level, with the
  board's assurance view), the risks escalated to it since the last pack, the 5×5 residual heat map of the
  levels the body oversees, and the movements since the last pack (new, closed, escalated, re-scored);
- section "Issue log extract": the open issues, highest priority first;
- papers: escalations proposed onto the body's BAF, awaiting its acceptance;
- dashboard column: each workstream's worst open residual RAG (the workstream RAG, see
  ``meetings.pack_sections``);
- review job: automatic escalation proposals (``services.propose_automatic_escalations``) ahead of each
  risk-review meeting; reminders: overdue risk reviews and mitigation actions, to their owners;
- closure check: the open risks still on a closing workstream's or project's register (PID s3.6), which the
  lifecycle app asks for without importing this app.

Restricted and archived items are never included: a pack goes to a whole board.
"""

import datetime

from django.db.models import Case, Count, IntegerField, Max, Value, When
from django.urls import reverse
from django.utils import timezone

from core import registry
from programme.choices import BodyKind
from programme.models import Project
from risks import scoring, services
from risks.bands import bands_for
from risks.choices import (
    ActionStatus,
    DisputeStage,
    IssuePriority,
    IssueStatus,
    Level,
    MoveDirection,
    MoveStatus,
    RiskStatus,
)
from risks.models import BafEntry, Issue, MitigationAction, Risk, RiskMove

BOARD_LEVEL = {BodyKind.DELIVERY_BOARD: Level.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD: Level.PARTNERSHIP_BOARD}
# The registers each body oversees (PID s4.4): a board its own BAF and what sits just below it.
OVERSEEN = {
    BodyKind.PARTNERSHIP_BOARD: [Level.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD],
    BodyKind.DELIVERY_BOARD: [Level.PROGRAMME, Level.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD],
    BodyKind.IMPLEMENTATION_GROUP: [Level.PROJECT, Level.WORKSTREAM],
}
PRIORITY_RANK = {IssuePriority.CRITICAL: 0, IssuePriority.HIGH: 1, IssuePriority.MEDIUM: 2, IssuePriority.LOW: 3}


def shared():
    """Risks a whole board may read: live and not restricted."""
    return Risk.objects.filter(archived=False, restricted=False)


def open_risks(levels):
    return shared().filter(status=RiskStatus.OPEN, level__in=levels)


def levels_for(body):
    return OVERSEEN.get(body.kind, list(Level.values))


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def heat_map(levels, bands=scoring.DEFAULT_BANDS):
    """The 5×5 matrix of residual scores (likelihood 5 at the top, as App. 7 draws it) with a count per cell, each
    coloured in the partnership's ``bands``."""
    counts = {
        (row["residual_likelihood"], row["residual_impact"]): row["n"]
        for row in open_risks(levels).values("residual_likelihood", "residual_impact").annotate(n=Count("pk"))
    }
    rows = []
    for likelihood in reversed(scoring.RATINGS):
        cells = [{"likelihood": likelihood, "impact": impact, "score": likelihood * impact,
                  "rag": bands.rag(likelihood * impact), "count": counts.get((likelihood, impact), 0)}
                 for impact in scoring.RATINGS]
        rows.append({"likelihood": likelihood, "cells": cells})
    return {"rows": rows, "impacts": list(scoring.RATINGS), "total": sum(counts.values()), "bands": bands}


def rescored(levels, since, limit):
    """Risks whose residual score changed since ``since``: (risk, score before, score now), from their history."""
    historical = Risk.history.model
    start = _start_of(since)
    changed = list(historical.objects.filter(history_date__gte=start, history_type="~")
                   .values_list("id", flat=True).distinct()[:500])
    risks = {risk.pk: risk for risk in open_risks(levels).filter(pk__in=changed).select_related("owner")}
    before = {}
    for row in (historical.objects.filter(id__in=list(risks), history_date__lt=start)
                .order_by("id", "-history_date").values("id", "residual_score")):
        before.setdefault(row["id"], row["residual_score"])
    found = [(risks[pk], score, risks[pk].residual_score) for pk, score in before.items()
             if score and score != risks[pk].residual_score]
    found.sort(key=lambda item: (-item[2], item[0].number))
    return found[:limit], max(0, len(found) - limit)


def _capped(queryset, limit):
    rows = list(queryset[: limit + 1])
    return rows[:limit], max(0, len(rows) - limit)


def risks_section(ctx):
    levels, board_level, limit = levels_for(ctx.body), BOARD_LEVEL.get(ctx.body.kind), ctx.max_rows
    data = {"levels": [Level(level).label for level in levels], "board_level": board_level,
            "heat_map": heat_map(levels, bands_for(ctx.tenant))}
    if board_level:
        baf, data["more_baf"] = _capped(open_risks([board_level]).select_related("owner")
                                        .order_by("-residual_score", "number"), limit)
        entries = {entry.risk_id: entry for entry in BafEntry.objects.filter(
            risk__in=[risk.pk for risk in baf], baf__level=board_level, current=True)}
        data["baf"] = [(risk, entries.get(risk.pk)) for risk in baf]
        data["baf_title"] = Level(board_level).label
        moves = RiskMove.objects.filter(to_level=board_level, direction=MoveDirection.ESCALATE,
                                        risk__restricted=False, risk__archived=False).select_related("risk")
        data["escalated"], data["more_escalated"] = _capped(
            moves.filter(status=MoveStatus.ACCEPTED, decided_at__gte=_start_of(ctx.since)).order_by("-decided_at"),
            limit)
        data["awaiting"], data["more_awaiting"] = _capped(
            moves.filter(status=MoveStatus.PROPOSED).order_by("proposed_at"), limit)
    else:
        data["top"], data["more_top"] = _capped(open_risks(levels).select_related("owner", "workstream")
                                                .order_by("-residual_score", "number"), limit)
    window = shared().filter(level__in=levels)
    data["new"], data["more_new"] = _capped(window.filter(created__gte=_start_of(ctx.since))
                                            .order_by("-residual_score", "number"), limit)
    data["closed"], data["more_closed"] = _capped(window.filter(status=RiskStatus.CLOSED, closed_on__gte=ctx.since)
                                                  .order_by("-closed_on", "number"), limit)
    data["moved"], data["more_moved"] = _capped(
        RiskMove.objects.filter(status=MoveStatus.ACCEPTED, decided_at__gte=_start_of(ctx.since), to_level__in=levels,
                                risk__restricted=False, risk__archived=False)
        .select_related("risk").order_by("-decided_at"), limit)
    data["rescored"], data["more_rescored"] = rescored(levels, ctx.since, limit)
    data["overdue"] = open_risks(levels).filter(review_date__lt=ctx.today).count()
    return data


def issues_section(ctx):
    issues = Issue.objects.filter(archived=False, restricted=False,
                                  status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS])
    if ctx.body.kind == BodyKind.IMPLEMENTATION_GROUP:
        issues = issues.filter(level__in=[Level.PROJECT, Level.WORKSTREAM])
    referred_here = DisputeStage.PARTNERSHIP_BOARD if ctx.body.kind == BodyKind.PARTNERSHIP_BOARD else None
    ranked = issues.annotate(
        here=Case(When(dispute_stage=referred_here or "-", then=Value(0)), default=Value(1),
                  output_field=IntegerField()),
        rank=Case(*[When(priority=priority, then=Value(rank)) for priority, rank in PRIORITY_RANK.items()],
                  default=Value(9), output_field=IntegerField()),
    ).select_related("owner", "project", "workstream").order_by("here", "rank", "raised_on", "number")
    rows, more = _capped(ranked, ctx.max_rows)
    by_priority = dict(issues.values_list("priority").annotate(n=Count("pk")))
    return {"issues": rows, "more": more, "total": sum(by_priority.values()),
            "by_priority": [(IssuePriority(p).label, by_priority.get(p, 0)) for p in PRIORITY_RANK],
            "disputes": issues.exclude(dispute_stage=DisputeStage.NONE).count()}


def escalations_awaiting(body):
    level = BOARD_LEVEL.get(body.kind)
    if level is None:
        return []
    moves = (RiskMove.objects.filter(to_level=level, status=MoveStatus.PROPOSED, risk__restricted=False,
                                     risk__archived=False)
             .select_related("risk", "proposed_by").order_by("proposed_at"))
    return [
        registry.Paper(
            source="risks.escalation", obj=move, ref=move.risk.ref,
            title=f"Escalation to the {Level(level).label}: {move.risk.title}", kind="Risk escalations",
            ask="Accept the risk onto the BAF, or reject the escalation", summary=move.reason,
            link=reverse("risks:detail", args=[move.risk_id]),
            facts=(("Residual score", f"{move.risk.residual_score} ({move.risk.get_residual_rag_display()})"),
                   ("From", Level(move.from_level).label),
                   ("Proposed by", str(move.proposed_by) if move.proposed_by_id else "the escalation threshold")),
        )
        for move in moves
    ]


def workstream_rag(ctx):
    rows = (shared().filter(status=RiskStatus.OPEN, workstream__isnull=False).values("workstream")
            .annotate(worst=Max("residual_score"), n=Count("pk")))
    cells, bands = {}, bands_for(ctx.tenant)
    for row in rows:
        band = bands.rag(row["worst"])
        cells[row["workstream"]] = registry.Cell(band.value, f"worst {row['worst']}; {row['n']} open")
    return cells


def propose_escalations(tenant, body):
    return len(services.propose_automatic_escalations(tenant))


def overdue_reviews(tenant, today):
    risks = (Risk.all_tenants.filter(tenant=tenant, status=RiskStatus.OPEN, archived=False, review_date__lt=today,
                                     owner__isnull=False).select_related("owner").order_by("review_date", "number"))
    for risk in risks:
        yield registry.Reminder(risk.owner, f"{risk.ref} {risk.title}: review was due {risk.review_date:%d %b %Y}",
                                reverse("risks:detail", args=[risk.pk]))


def overdue_actions(tenant, today):
    actions = (MitigationAction.all_tenants.filter(
        tenant=tenant, due_date__lt=today, owner__isnull=False,
        status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS],
        risk__status=RiskStatus.OPEN, risk__archived=False).select_related("owner", "risk").order_by("due_date", "pk"))
    for action in actions:
        yield registry.Reminder(action.owner, f"{action.risk.ref}: {action.description[:100]} "
                                              f"(due {action.due_date:%d %b %Y})",
                                reverse("risks:detail", args=[action.risk_id]))


def open_risks_on(target):
    """Why ``target`` (a workstream or project) cannot close yet: each open risk still on its register (a project's
    risks, or a workstream's and its projects'), which must be closed or transferred to another register."""
    risks = Risk.objects.filter(status=RiskStatus.OPEN, archived=False)
    risks = (risks.filter(level=Level.PROJECT, project=target) if isinstance(target, Project)
             else risks.filter(level__in=[Level.WORKSTREAM, Level.PROJECT], workstream=target))
    return [f"Risk {ref} is open: close it or transfer it to another register."
            for ref in risks.order_by("pk").values_list("ref", flat=True)]


registry.register_section("risks", "Risks and the Board Assurance Framework", 30, "packs/sections/risks.html",
                          risks_section)
registry.register_section("issues", "Issue log extract", 60, "packs/sections/issues.html", issues_section)
registry.register_papers("risks.escalation", escalations_awaiting, order=40)
registry.register_dashboard_column("risks", "Risk RAG (worst open residual)", workstream_rag, order=10, overall=True)
registry.register_review_job("risks.escalation_proposals", "Automatic risk escalation proposals", propose_escalations)
registry.register_reminders("risks.overdue_reviews", "Overdue risk reviews", overdue_reviews)
registry.register_reminders("risks.overdue_actions", "Overdue mitigation actions", overdue_actions)
registry.register_closure_check("risks.open_risks", open_risks_on)
