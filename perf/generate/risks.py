"""A generated partnership's risk register: risks at every level with their scores, objectives, mitigation
actions, pending and past moves, both boards' BAFs, the issue log, and years of history for each risk."""

import datetime

from core.models.numbering import ReferenceCounter
from programme.choices import REVIEW_CYCLE_DAYS
from risks.bands import bands_for
from risks.choices import (
    ISSUE_LEVELS,
    OPPORTUNITY_RESPONSES,
    THREAT_RESPONSES,
    ActionStatus,
    AssuranceRating,
    Category,
    IssuePriority,
    IssueStatus,
    Level,
    MoveDirection,
    MoveStatus,
    Nature,
    Proximity,
    RiskStatus,
    level_above,
)
from risks.models import (
    BafEntry,
    BoardAssuranceFramework,
    Issue,
    MitigationAction,
    Risk,
    RiskMove,
)
from risks.review import LEVEL_BODY

from .. import names
from .bulk import HistoryWriter, insert, later_dates, moment, spread

LEVELS = ([Level.PROJECT] * 70 + [Level.WORKSTREAM] * 20 + [Level.PROGRAMME] * 7 + [Level.DELIVERY_BOARD] * 2
          + [Level.PARTNERSHIP_BOARD] * 1)
REASON = "Generated (load data)"


def cycle_days(data, level):
    kind, fallback = LEVEL_BODY[Level(level)]
    body = data.bodies.get(kind)
    return REVIEW_CYCLE_DAYS[body.risk_review_cycle if body else fallback]


def _ratings(rng, nature):
    il, ii = rng.randint(1, 5), rng.randint(1, 5)
    if nature == Nature.THREAT:
        return il, ii, rng.randint(1, il), rng.randint(1, ii)
    return il, ii, rng.randint(1, 5), rng.randint(1, 5)


def _risk(data, rng, number, owners):
    tid = data.tenant.pk
    level = rng.choice(LEVELS)
    project = rng.choice(data.projects)
    workstream = project.workstream if level == Level.PROJECT else rng.choice(data.workstreams)
    nature = Nature.OPPORTUNITY if rng.random() < 0.1 else Nature.THREAT
    il, ii, rl, ri = _ratings(rng, nature)
    responses = OPPORTUNITY_RESPONSES if nature == Nature.OPPORTUNITY else THREAT_RESPONSES
    identified = spread(rng, data.start, data.today - datetime.timedelta(days=7))
    closed = rng.random() < 0.15
    if closed:
        review = spread(rng, identified, data.today)
    elif rng.random() < 0.15:  # overdue for review
        review = spread(rng, max(identified, data.today - datetime.timedelta(days=120)),
                        data.today - datetime.timedelta(days=1))
    else:
        review = data.today + datetime.timedelta(days=rng.randint(0, cycle_days(data, level)))
    noun = names.PROJECT_NOUNS[number % len(names.PROJECT_NOUNS)]
    title = f"{rng.choice(names.RISK_CAUSES).format(noun=noun)} {rng.choice(names.RISK_EFFECTS)}"
    owner = rng.choice(owners) if rng.random() < 0.9 else None
    targeted = rng.random() < 0.5
    risk = Risk(
        tenant_id=tid, number=number, ref=f"R-{number:04d}", title=title[:200], description=names.text(rng, 35),
        owner_id=owner, owner_name="" if owner else "Named officer (imported)", level=level,
        workstream_id=workstream.pk if level in (Level.PROJECT, Level.WORKSTREAM) or rng.random() < 0.3 else None,
        project_id=project.pk if level == Level.PROJECT else None,
        archived=rng.random() < 0.03, restricted=rng.random() < 0.03, created_by_id=data.personas["pmo"].pk,
        category=rng.choice(Category.values), nature=nature, inherent_likelihood=il, inherent_impact=ii,
        inherent_score=il * ii, controls=" ".join(rng.sample(names.CONTROLS, 2)), residual_likelihood=rl,
        residual_impact=ri, residual_score=rl * ri, target_likelihood=rng.randint(1, rl) if targeted else None,
        target_impact=rng.randint(1, ri) if targeted else None,
        response=rng.choice(responses) if rng.random() < 0.9 else "",
        proximity=rng.choice(Proximity.values) if rng.random() < 0.7 else "", date_identified=identified,
        review_date=review, status=RiskStatus.CLOSED if closed else RiskStatus.OPEN,
        closed_on=review if closed else None,
    )
    risk.created = moment(identified, rng)
    risk.updated = moment(spread(rng, identified, data.today), rng)
    return risk


def build(data, size, rng):
    tid = data.tenant.pk
    owners = data.user_ids
    bands = bands_for(tid)
    built = [_risk(data, rng, n + 1, owners) for n in range(size.risks)]
    for risk in built:
        risk.sync_scores(bands)  # the stored RAGs, in the partnership's bands
    risks = insert(Risk, built)
    ReferenceCounter.all_tenants.create(tenant_id=tid, kind="R", last=len(risks))
    data.risk_ids = [risk.pk for risk in risks if not risk.restricted]
    through = Risk.objectives.through
    insert(through, [through(risk_id=r.pk, objective_id=o.pk) for r in risks
                     for o in rng.sample(data.objectives, rng.randint(1, 2))])
    counts = {"risks": len(risks), "risk history": _risk_history(data, risks, rng, bands)}
    counts["mitigation actions"] = _actions(data, risks, size, rng)
    counts["moves"], counts["BAF entries"] = _moves_and_bafs(data, risks, rng)
    counts["issues"] = _issues(data, risks, size, rng)
    return counts


def _risk_history(data, risks, rng, bands):
    """A creation row, then one to four reassessments up to the risk's last update; the last row is the risk
    as it stands, so the change log shows each score change."""
    writer = HistoryWriter(Risk)
    users = data.user_ids
    for risk in risks:
        changes = rng.randint(1, 4)
        dates = later_dates(rng, risk.date_identified, risk.updated.date(), changes)
        states = [(risk.inherent_likelihood, risk.inherent_impact)]
        states += [(rng.randint(1, risk.inherent_likelihood), rng.randint(1, risk.inherent_impact))
                   for _ in range(changes - 1)]
        for step, (day, (rl, ri)) in enumerate(zip([risk.date_identified, *dates[:-1]], states, strict=True)):
            review = day + datetime.timedelta(days=cycle_days(data, risk.level))
            writer.record(risk, moment(day, rng) if step else risk.created, "+" if step == 0 else "~",
                          rng.choice(users), REASON if step == 0 else "", residual_likelihood=rl, residual_impact=ri,
                          residual_score=rl * ri, residual_rag=bands.rag(rl * ri).value, review_date=review,
                          status=RiskStatus.OPEN, closed_on=None, archived=False)
        writer.record(risk, risk.updated, "~", rng.choice(users))
    return writer.flush()


def _actions(data, risks, size, rng):
    tid = data.tenant.pk
    total = round(size.actions_per_risk * len(risks))
    rows = []
    for n in range(total):
        risk = risks[n % len(risks)] if n < len(risks) else rng.choice(risks)
        due = spread(rng, risk.date_identified, data.today + datetime.timedelta(days=180))
        rows.append(MitigationAction(
            tenant_id=tid, risk_id=risk.pk, description=f"{rng.choice(names.CONTROLS)} {names.text(rng, 12)}",
            owner_id=rng.choice(data.user_ids) if rng.random() < 0.8 else None, due_date=due,
            status=rng.choice(ActionStatus.values)))
    insert(MitigationAction, rows)
    return len(rows)


def _moves_and_bafs(data, risks, rng):
    tid = data.tenant.pk
    pmo, delivery = data.personas["pmo"].pk, data.personas["delivery"].pk
    moves = []
    for risk in risks:
        when = moment(spread(rng, risk.date_identified, data.today), rng)
        if risk.level in (Level.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD):
            below = Level.PROGRAMME if risk.level == Level.DELIVERY_BOARD else Level.DELIVERY_BOARD
            move = RiskMove(tenant_id=tid, risk_id=risk.pk, from_level=below, to_level=risk.level,
                            direction=MoveDirection.ESCALATE, reason="Beyond what the register below can manage.",
                            residual_score=risk.residual_score, proposed_by_id=pmo, status=MoveStatus.ACCEPTED,
                            decided_by_id=delivery, decided_at=when, decision_note="Accepted onto the BAF.")
        elif risk.status == RiskStatus.OPEN and not risk.archived and rng.random() < 0.015:
            above = level_above(risk.level)
            move = RiskMove(tenant_id=tid, risk_id=risk.pk, from_level=risk.level, to_level=above,
                            direction=MoveDirection.ESCALATE, reason="Residual score above the threshold.",
                            automatic=risk.residual_score >= 15 and above != Level.PARTNERSHIP_BOARD,
                            to_workstream_id=risk.workstream_id if above == Level.WORKSTREAM else None,
                            residual_score=risk.residual_score, proposed_by_id=pmo, status=MoveStatus.PROPOSED)
        else:
            continue
        move.proposed_at = when
        moves.append(move)
    insert(RiskMove, moves)
    bafs = {}
    for level in (Level.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD):
        bafs[level] = BoardAssuranceFramework.all_tenants.create(
            tenant_id=tid, level=level, body=data.bodies.get(level), title=Level(level).label)
    entries = [
        BafEntry(tenant_id=tid, baf=bafs[risk.level], risk_id=risk.pk, principal_risk=risk.title,
                 controls=risk.controls, sources_of_assurance="Internal audit; monthly performance report.",
                 gaps_in_control="", gaps_in_assurance="", assurance_rating=rng.choice(AssuranceRating.values),
                 current=True, added_on=risk.date_identified)
        for risk in risks if risk.level in bafs
    ]
    insert(BafEntry, entries)
    return len(moves), len(entries)


def _issues(data, risks, size, rng):
    tid = data.tenant.pk
    rows = []
    for n in range(size.issues):
        level = rng.choice(ISSUE_LEVELS)
        project = rng.choice(data.projects)
        status = rng.choice(IssueStatus.values)
        raised = spread(rng, data.start, data.today)
        done = status in (IssueStatus.RESOLVED, IssueStatus.CLOSED)
        issue = Issue(
            tenant_id=tid, number=n + 1, ref=f"I-{n + 1:04d}", title=f"Issue {n + 1}: {names.text(rng, 8)}"[:200],
            description=names.text(rng, 30), owner_id=rng.choice(data.user_ids), level=level,
            workstream_id=project.workstream_id if level != Level.PROGRAMME else None,
            project_id=project.pk if level == Level.PROJECT else None, created_by_id=data.personas["pmo"].pk,
            priority=rng.choice(IssuePriority.values), status=status,
            resolution="Resolved by the workstream." if done else "", raised_on=raised,
            resolved_on=spread(rng, raised, data.today) if done else None,
            risk_id=rng.choice(risks).pk if rng.random() < 0.2 else None)
        issue.created = issue.updated = moment(raised, rng)
        rows.append(issue)
    issues = insert(Issue, rows)
    ReferenceCounter.all_tenants.create(tenant_id=tid, kind="I", last=len(issues))
    writer = HistoryWriter(Issue)
    for issue in issues:
        writer.record(issue, issue.created, "+", issue.owner_id, REASON)
    writer.flush()
    return len(issues)
