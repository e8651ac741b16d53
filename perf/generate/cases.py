"""A generated partnership's business cases: every tier and status, submitted versions, money profiles, cost
splits between partners, prioritisation scores of cases awaiting a board, and history."""

from decimal import Decimal

from business_cases import tiers
from business_cases.choices import BriefKind, BriefStatus, CaseStatus, DocumentType, Funding, MoneyKind, Tier
from business_cases.models import (
    CRITERIA,
    Brief,
    BusinessCase,
    BusinessCaseVersion,
    CostShare,
    MoneyLine,
    PrioritisationScore,
    StatedTotal,
)

from .. import names
from .bulk import HistoryWriter, insert, later_dates, moment, spread

STATUSES = ([CaseStatus.DRAFT] * 3 + [CaseStatus.SUBMITTED] * 2 + [CaseStatus.RECOMMENDED] + [CaseStatus.APPROVED] * 5
            + [CaseStatus.REJECTED] + [CaseStatus.WITHDRAWN])
VALUES = [Decimal(v) for v in ("45000", "120000", "250000", "310000", "480000", "750000", "1400000", "6200000")]
# Capital or revenue, as before "not stated" existed: the generated data (and its seeded random draws) stay the same.
FUNDINGS = [Funding.CAPITAL, Funding.REVENUE]


def _case(data, rng, number):
    tid = data.tenant.pk
    project = rng.choice(data.projects)
    value = (rng.choice(VALUES) * Decimal(rng.randint(80, 120)) / 100).quantize(Decimal("0.01"))
    tier = tiers.tier_for(value)
    status = rng.choice(STATUSES)
    document = tiers.first_document(tier)
    if tier == Tier.OBC_FBC and status in (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED) \
            and rng.random() < 0.4:
        document = DocumentType.FBC
    if tier == Tier.RFF and status == CaseStatus.RECOMMENDED:
        status = CaseStatus.SUBMITTED  # an RFF is decided directly, never recommended
    required = tiers.required_sections(tier, document)
    written = required if status != CaseStatus.DRAFT else required[: rng.randint(0, len(required))]
    created = spread(rng, data.start, data.today)
    steps = later_dates(rng, created, data.today, 4)
    users = data.user_ids
    case = BusinessCase(
        tenant_id=tid, number=number, ref=f"BC-{number:04d}",
        title=f"{rng.choice(names.PROJECT_VERBS)} the {names.PROJECT_NOUNS[number % 20]}: case {number}",
        project_id=project.pk, value=value, tier=tier, document_type=document,
        sections={key: names.text(rng, 60) for key in written}, summary=names.text(rng, 25), status=status,
        restricted=rng.random() < 0.05, author_id=rng.choice(users))
    case.created, case.updated = moment(created, rng), moment(steps[-1], rng)
    if status != CaseStatus.DRAFT:
        case.submitted_by_id, case.submitted_at = case.author_id, moment(steps[0], rng)
    if status in (CaseStatus.RECOMMENDED, CaseStatus.APPROVED) and tier != Tier.RFF:
        case.recommended_by_id, case.recommended_at = data.personas["delivery"].pk, moment(steps[1], rng)
    if status in (CaseStatus.APPROVED, CaseStatus.REJECTED):
        board = data.personas["delivery" if tier == Tier.RFF else "partnership"].pk
        case.decided_by_id, case.decided_at = board, moment(steps[2], rng)
        case.decision_note = "Approved." if status == CaseStatus.APPROVED else "Not affordable this year."
    if document == DocumentType.FBC:
        case.obc_approved_by_id, case.obc_approved_at = data.personas["partnership"].pk, moment(steps[0], rng)
    if status == CaseStatus.WITHDRAWN:
        case.withdrawn_reason = "Superseded by a system-wide procurement."
    return case


def build(data, size, rng):
    tid = data.tenant.pk
    cases = insert(BusinessCase, [_case(data, rng, n + 1) for n in range(size.cases)])
    data.cases = cases
    versions, lines, shares, totals, scores = [], [], [], [], []
    organisations = data.organisations
    for case in cases:
        if case.submitted_at:
            for number in range(1, rng.randint(1, 3) + 1):
                versions.append(BusinessCaseVersion(
                    tenant_id=tid, case_id=case.pk, number=number, title=case.title, document_type=case.document_type,
                    tier=case.tier, value=case.value, sections=case.sections, money={},
                    submitted_by_id=case.submitted_by_id, submitted_at=case.submitted_at))
        for n in range(rng.randint(3, 8)):
            kind = MoneyKind.COST if n % 2 == 0 else MoneyKind.SAVING
            year = 2017 + n
            lines.append(MoneyLine(
                tenant_id=tid, case_id=case.pk, kind=kind, funding=rng.choice(FUNDINGS),
                financial_year=f"{year}/{(year + 1) % 100:02d}", phase=n // 2 + 1, description=f"Year {n + 1}",
                amount=(case.value * Decimal(rng.randint(5, 30)) / 100).quantize(Decimal("0.01"))))
        partners = rng.sample(organisations, rng.randint(2, 3))
        percents = [Decimal(50), Decimal(50)] if len(partners) == 2 else [Decimal(40), Decimal(35), Decimal(25)]
        for organisation, percent in zip(partners, percents, strict=True):
            shares.append(CostShare(tenant_id=tid, case_id=case.pk, organisation_id=organisation.pk,
                                    label=organisation.code, percent=percent,
                                    amount=(case.value * percent / 100).quantize(Decimal("0.01"))))
        totals.append(StatedTotal(tenant_id=tid, case_id=case.pk, kind=MoneyKind.COST, amount=case.value,
                                  source="Table 3"))
        if case.status in (CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED):
            for scorer in rng.sample(data.user_ids[:7], rng.randint(1, 3)):
                scores.append(PrioritisationScore(tenant_id=tid, case_id=case.pk, scorer_id=scorer, comment="",
                                                  scored_at=case.updated,
                                                  **{name: rng.randint(1, 5) for name in CRITERIA}))
    for model, rows in ((BusinessCaseVersion, versions), (MoneyLine, lines), (CostShare, shares),
                        (StatedTotal, totals), (PrioritisationScore, scores)):
        insert(model, rows)
    writer = HistoryWriter(BusinessCase)
    for case in cases:
        writer.record(case, case.created, "+", case.author_id, "Generated (load data)", status=CaseStatus.DRAFT,
                      submitted_by_id=None, submitted_at=None, recommended_by_id=None, recommended_at=None,
                      decided_by_id=None, decided_at=None, decision_note="", withdrawn_reason="")
        if case.status != CaseStatus.DRAFT:
            writer.record(case, case.updated, "~", case.decided_by_id or case.author_id)
    return {"business cases": len(cases), "case versions": len(versions), "money lines": len(lines),
            "case history": writer.flush(), "briefs": _briefs(data, max(size.cases // 2, 1), rng)}


def _briefs(data, count, rng):
    tid = data.tenant.pk
    rows = []
    for n in range(count):
        kind = BriefKind.WORKSTREAM if n % 10 == 0 else BriefKind.PROJECT
        status = rng.choice(BriefStatus.values)
        created = spread(rng, data.start, data.today)
        submitted, decided = later_dates(rng, created, data.today, 2)
        brief = Brief(
            tenant_id=tid, title=f"{rng.choice(names.PROJECT_VERBS)} {names.PROJECT_NOUNS[n % 20]} (brief {n + 1})",
            kind=kind, workstream_id=rng.choice(data.workstreams).pk if kind == BriefKind.PROJECT else None,
            workstream_kind="clinical" if kind == BriefKind.WORKSTREAM else "", description=names.text(rng, 40),
            context=names.text(rng, 20), output=names.text(rng, 15), timeframe="April to March",
            cost=Decimal(rng.randint(20, 900) * 1000), status=status, author_id=rng.choice(data.user_ids))
        brief.created, brief.updated = moment(created, rng), moment(decided, rng)
        if status != BriefStatus.DRAFT:
            brief.submitted_by_id, brief.submitted_at = brief.author_id, moment(submitted, rng)
        if status in (BriefStatus.APPROVED, BriefStatus.REJECTED):
            brief.decided_by_id, brief.decided_at = data.personas["delivery"].pk, moment(decided, rng)
            brief.decision_note = "Decided by the Delivery Board."
        rows.append(brief)
    briefs = insert(Brief, rows)
    writer = HistoryWriter(Brief)
    for brief in briefs:
        writer.record(brief, brief.created, "+", brief.author_id, "Generated (load data)")
    writer.flush()
    return len(briefs)
