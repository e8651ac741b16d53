"""A generated partnership's benefits: owners, objectives, projects, business cases, attribution to partners,
a profile of planned values with actuals to date and forecasts after (monthly over five years for the large
tenant), the position derived from it exactly as the app derives it, and history."""

import datetime
from decimal import Decimal

from benefits import realisation
from benefits.choices import BenefitType, PeriodKind, RealisationStage
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement, derive_scope
from core.models.numbering import ReferenceCounter

from .. import names
from .bulk import HistoryWriter, insert, moment, spread

CENT = Decimal("0.01")
SPLITS = [[Decimal(100)], [Decimal(60), Decimal(40)], [Decimal(50), Decimal(30), Decimal(20)]]


def _profile(data, size, rng):
    kind = PeriodKind.MONTH if size.monthly else PeriodKind.QUARTER
    # Most profiles began years ago and run on past today, so they have actuals to date and forecasts after.
    latest_start = data.today.replace(day=1) - datetime.timedelta(days=30 * (size.benefit_periods * 3 // 4))
    first = realisation.period_start(spread(rng, latest_start - datetime.timedelta(days=365), latest_start), kind)
    periods = [first]
    while len(periods) < size.benefit_periods:
        periods.append(realisation.next_period(periods[-1], kind))
    return kind, periods


def build(data, size, rng):
    tid = data.tenant.pk
    users = data.user_ids
    this_period = data.today.replace(day=1)
    benefits, plans = [], []
    for n in range(size.benefits):
        title, unit = rng.choice(names.BENEFIT_MEASURES)
        kind, periods = _profile(data, size, rng)
        workstream = rng.choice(data.workstreams) if rng.random() < 0.5 else None
        pool = [p for p in data.projects if workstream is None or p.workstream_id == workstream.pk] or data.projects
        projects = rng.sample(pool, min(len(pool), rng.choice([0, 1, 1, 1, 2])))
        level, scope_workstream, scope_project = derive_scope(
            workstream.pk if workstream else None, [(p.pk, p.workstream_id) for p in projects])
        monthly_plan = Decimal(rng.randint(10, 500) * 100)
        points = []
        for period in periods:
            planned = monthly_plan
            if period < this_period:
                actual = (planned * Decimal(rng.randint(60, 115)) / 100).quantize(CENT)
                points.append(realisation.Point(period, planned, actual, None))
            else:
                points.append(realisation.Point(period, planned, None, planned))
        position = realisation.position(points)
        created = moment(periods[0] - datetime.timedelta(days=rng.randint(20, 90)), rng)
        benefit = Benefit(
            tenant_id=tid, number=n + 1, ref=f"B-{n + 1:04d}", title=f"{title} ({n + 1})", description=names.text(rng),
            owner_id=rng.choice(users), type=rng.choice(BenefitType.values), unit=unit, baseline=Decimal(0),
            baseline_date=periods[0], target=position.planned_total, period_kind=kind, profile_start=periods[0],
            profile_end=periods[-1], stage=rng.choice(RealisationStage.values),
            workstream_id=workstream.pk if workstream else None, restricted=rng.random() < 0.03,
            archived=rng.random() < 0.03, level=level, scope_workstream_id=scope_workstream,
            scope_project_id=scope_project, planned_total=position.planned_total,
            planned_to_date=position.planned_to_date, actual_to_date=position.actual_to_date,
            realisation_percent=position.percent, trend=position.trend or "",
            latest_period=position.latest.period if position.latest else None,
            created_by_id=data.personas["pmo"].pk, created=created, updated=created)
        benefits.append(benefit)
        plans.append((points, projects))
    benefits = insert(Benefit, benefits)
    ReferenceCounter.all_tenants.create(tenant_id=tid, kind="B", last=len(benefits))
    return _links_and_measurements(data, benefits, plans, rng)


def _links_and_measurements(data, benefits, plans, rng):
    tid = data.tenant.pk
    objectives, projects, cases = (Benefit.objectives.through, Benefit.projects.through,
                                   Benefit.business_cases.through)
    insert(objectives, [objectives(benefit_id=b.pk, objective_id=o.pk) for b in benefits
                        for o in rng.sample(data.objectives, rng.randint(1, 2))])
    insert(projects, [projects(benefit_id=b.pk, project_id=p.pk) for b, (_, linked) in zip(benefits, plans, strict=True)
                      for p in linked])
    claimed = []
    for benefit in benefits:
        if data.cases and rng.random() < 0.4:
            for case in rng.sample(data.cases, 2 if rng.random() < 0.05 else 1):
                claimed.append(cases(benefit_id=benefit.pk, businesscase_id=case.pk))
    insert(cases, claimed)
    attributions = []
    for benefit in benefits:
        split = rng.choice(SPLITS)
        for organisation, percent in zip(rng.sample(data.organisations, len(split)), split, strict=True):
            attributions.append(BenefitAttribution(tenant_id=tid, benefit_id=benefit.pk,
                                                   organisation_id=organisation.pk, percent=percent))
    insert(BenefitAttribution, attributions)
    writer = HistoryWriter(Benefit)
    measurement_history = HistoryWriter(BenefitMeasurement)
    rows = []
    for benefit, (points, _) in zip(benefits, plans, strict=True):
        writer.record(benefit, benefit.created, "+", benefit.owner_id, "Generated (load data)")
        for point in points:
            recorded = benefit.created  # the plan and forecasts were entered with the benefit
            if point.actual is not None:  # actuals a few days after each period closed
                day = (realisation.period_end(point.period, benefit.period_kind)
                       + datetime.timedelta(days=rng.randint(3, 20)))
                recorded = moment(min(day, data.today), rng)
            rows.append(BenefitMeasurement(
                tenant_id=tid, benefit_id=benefit.pk, period=point.period, planned=point.planned,
                actual=point.actual, forecast=point.forecast, note="", recorded_by_id=benefit.owner_id,
                updated=recorded))
        if len(rows) >= 20_000:
            _measurements(rows, measurement_history)
            rows = []
    _measurements(rows, measurement_history)
    return {"benefits": len(benefits), "measurements": measurement_history.flush(), "benefit history": writer.flush(),
            "attributions": len(attributions)}


def _measurements(rows, history):
    for measurement in insert(BenefitMeasurement, rows):
        history.record(measurement, measurement.updated, "+", measurement.recorded_by_id)
