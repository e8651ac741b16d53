"""A generated partnership's change log: requests of every kind at every step of PID s4.7, against the
programme, a workstream, a project or a business case, with the derived authority and a history row per step."""

import datetime
from decimal import Decimal

from change_control import authority as authority_rules
from change_control.choices import Decision, Kind, Priority, Status
from change_control.models import CLOSED_STATUSES, OPEN_STATUSES, ChangeRequest

from .. import names
from .bulk import HistoryWriter, insert, later_dates, moment, spread

STATUSES = ([Status.LOGGED] * 2 + [Status.ASSESSED] * 2 + [Status.PROPOSED] * 2 + [Status.DECIDED] * 3
            + [Status.IMPLEMENTED] * 3)
ORDER = [Status.LOGGED, Status.ASSESSED, Status.PROPOSED, Status.DECIDED, Status.IMPLEMENTED]
COSTS = [Decimal(v) for v in ("0", "12000", "45000", "90000", "180000", "400000")]


def _request(data, rng, number):
    tid = data.tenant.pk
    status = rng.choice(STATUSES)
    step = ORDER.index(status)
    against = rng.random()
    case = rng.choice(data.cases) if data.cases and against < 0.2 else None
    project = next((p for p in data.projects if case and p.pk == case.project_id), None) if case else (
        rng.choice(data.projects) if against < 0.6 else None)
    workstream_id = project.workstream_id if project else (rng.choice(data.workstreams).pk if against < 0.85 else None)
    created = spread(rng, data.start, data.today - datetime.timedelta(days=5))
    days = later_dates(rng, created, data.today, 4)
    pmo, director = data.personas["pmo"].pk, data.personas["director"].pk
    request = ChangeRequest(
        tenant_id=tid, number=number, ref=f"CR-{number:04d}", kind=rng.choice(Kind.values),
        title=rng.choice(names.CR_TITLES).format(noun=names.PROJECT_NOUNS[number % 20])[:200],
        description=names.text(rng, 40), workstream_id=workstream_id, project_id=project.pk if project else None,
        business_case_id=case.pk if case else None, originator_id=rng.choice(data.user_ids), status=status)
    if step >= 1:
        request.cost_impact = (rng.choice(COSTS) * Decimal(rng.randint(80, 120)) / 100).quantize(Decimal("0.01"))
        request.time_impact_days = rng.randint(-30, 120)
        request.changes_stage_or_objective = rng.random() < 0.05
        request.impact_programme = names.text(rng, 15)
        request.impact_benefits = names.text(rng, 10)
        request.priority = rng.choice(Priority.values)
        request.assessed_by_id, request.assessed_at = pmo, moment(days[0], rng)
    if step >= 2:
        request.proposal = "Approve, with the conditions set out in the assessment."
        request.proposed_by_id, request.proposed_at = pmo, moment(days[1], rng)
    if step >= 3:
        request.decision = Decision.APPROVE if status == Status.IMPLEMENTED else rng.choice(Decision.values)
        request.rationale = "Within the authority's limits and affordable."
        request.decided_by_id, request.decided_at = director, moment(days[2], rng)
    if step >= 4:
        request.implementation_note = "Done."
        request.implemented_by_id, request.implemented_at = pmo, moment(days[3], rng)
    request.authority = authority_rules.decision_authority(
        request.cost_impact, request.changes_stage_or_objective, request.changes_business_case_tier,
        has_workstream=bool(workstream_id)) or ""
    request.created = moment(created, rng)
    request.updated = max(d for d in (request.created, request.assessed_at, request.proposed_at, request.decided_at,
                                      request.implemented_at) if d)
    return request


def build(data, size, rng):
    requests = insert(ChangeRequest, [_request(data, rng, n + 1) for n in range(size.change_requests)])
    through = ChangeRequest.linked_risks.through
    risk_ids = getattr(data, "risk_ids", [])
    if risk_ids:
        insert(through, [through(changerequest_id=r.pk, risk_id=risk) for r in requests if rng.random() < 0.2
                         for risk in rng.sample(risk_ids, 2)])
    writer = HistoryWriter(ChangeRequest)
    blank = {"cost_impact": None, "time_impact_days": None, "changes_stage_or_objective": False, "priority": "",
             "impact_programme": "", "impact_benefits": "", "assessed_by_id": None, "assessed_at": None,
             "proposal": "", "proposed_by_id": None, "proposed_at": None, "decision": "", "rationale": "",
             "decided_by_id": None, "decided_at": None, "implementation_note": "", "implemented_by_id": None,
             "implemented_at": None, "authority": ""}
    stamps = ["created", "assessed_at", "proposed_at", "decided_at", "implemented_at"]
    keep = {1: ["cost_impact", "time_impact_days", "changes_stage_or_objective", "priority", "impact_programme",
                "impact_benefits", "assessed_by_id", "assessed_at", "authority"],
            2: ["proposal", "proposed_by_id", "proposed_at"],
            3: ["decision", "rationale", "decided_by_id", "decided_at"],
            4: ["implementation_note", "implemented_by_id", "implemented_at"]}
    for request in requests:
        step = ORDER.index(request.status)
        for index in range(step + 1):
            state = dict(blank)
            for earlier in range(1, index + 1):
                state.update({name: getattr(request, name) for name in keep[earlier]})
            writer.record(request, getattr(request, stamps[index]), "+" if index == 0 else "~",
                          request.originator_id if index == 0 else data.personas["pmo"].pk,
                          "Generated (load data)" if index == 0 else "", status=ORDER[index], **state)
    assert all(r.status in OPEN_STATUSES or r.status in CLOSED_STATUSES for r in requests)
    return {"change requests": len(requests), "change history": writer.flush()}
