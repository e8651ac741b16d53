"""A generated partnership's programme finance (issue 18): a funding source per partner organisation; for every
project a budget line per UK financial year for five years (the current year and the four before, revenue, from
one partner's contribution) and five years of monthly actual spend from two or three partner organisations (the
large tenant: 400 projects × 60 months × 2.5 partners, about 60,000 actuals); the tolerances row and a history row
per budget line. Months run to the last one begun, so no actual is for a month that has not begun (the model's
rule); one actual per project, organisation, month and kind (the unique constraint)."""

import datetime
from decimal import Decimal

from core.models import Organisation
from finance.choices import FundingKind, Level, SpendKind
from finance.figures import year_label
from finance.models import Actual, BudgetLine, FinanceSettings, FundingSource

from .bulk import HistoryWriter, insert, moment

YEARS = 5
MONTHS = 60


def _months(today):
    """The first days of the last ``MONTHS`` months, the current one included, oldest first."""
    month, found = today.replace(day=1), []
    while len(found) < MONTHS:
        found.insert(0, month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return found


def build(data, size, rng):
    tid, pmo = data.tenant.pk, data.personas["pmo"].pk
    FinanceSettings.all_tenants.get_or_create(tenant_id=tid)
    organisations = list(Organisation.all_tenants.filter(tenant_id=tid).order_by("pk"))
    sources = insert(FundingSource, [
        FundingSource(tenant_id=tid, name=f"{organisation.code} contribution", organisation_id=organisation.pk,
                      kind=FundingKind.PARTNER_CONTRIBUTION) for organisation in organisations])
    current = data.today.year if data.today.month >= 4 else data.today.year - 1
    years = [year_label(start) for start in range(current - YEARS + 1, current + 1)]
    months = _months(data.today)
    lines, actuals = [], []
    for project in data.projects:
        yearly = Decimal(rng.randrange(60_000, 600_000))
        source = sources[rng.randrange(len(sources))] if sources else None
        for year in years:
            lines.append(BudgetLine(
                tenant_id=tid, level=Level.PROJECT, workstream_id=project.workstream_id, project_id=project.pk,
                funding_source_id=source.pk if source else None, financial_year=year, spend_kind=SpendKind.REVENUE,
                amount=yearly, description="Generated (load data).", created=moment(data.start, rng)))
        partners = rng.sample(organisations, min(len(organisations), rng.choice([2, 2, 3])))
        for organisation in partners:
            monthly = yearly / 12 / len(partners)
            for month in months:
                amount = (monthly * Decimal(rng.uniform(0.7, 1.3))).quantize(Decimal("0.01"))
                actuals.append(Actual(tenant_id=tid, project_id=project.pk, organisation_id=organisation.pk,
                                      month=month, spend_kind=SpendKind.REVENUE, amount=amount,
                                      reference=f"GL-{len(actuals) + 1}", created=moment(month, rng)))
    lines = insert(BudgetLine, lines)
    insert(Actual, actuals)
    writer = HistoryWriter(BudgetLine)
    for line in lines:
        writer.record(line, line.created, "+", pmo, "Generated (load data)")
    writer.flush()
    return {"budget lines": len(lines), "actuals": len(actuals)}
