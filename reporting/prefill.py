"""A highlight report pre-filled from the registers: for each dimension the facts and the suggested RAG
(``reporting.suggest``), for a project or a workstream (a workstream's own items and its projects'), as of a
period. Risk movements are counted since the place's previous report (else since the period began).

Only what a whole board may read is counted (no restricted or archived items): a report goes to the SRO and, once
signed off, into the Implementation Group's pack.
"""

import datetime

from django.db.models import Q, Sum
from django.utils import timezone

from benefits import realisation
from benefits import services as benefit_services
from benefits.choices import FINANCIAL_TYPES
from benefits.models import Benefit
from business_cases import money
from business_cases.choices import MoneyKind
from business_cases.models import BusinessCase
from finance import figures
from finance.models import Actual, BudgetLine, FinanceSettings
from plan.models import PlanItem, PlanSettings
from reporting import suggest
from reporting.choices import Dimension
from risks.bands import bands_for
from risks.choices import MoveDirection, MoveStatus, RiskStatus
from risks.models import Risk, RiskMove


def _day(value):
    return f"{value:%-d %b %Y}" if value else ""


def _refs(rows, limit=5):
    shown = ", ".join(rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def _where(workstream, project, project_field="project", workstream_field="workstream"):
    return Q(**{project_field: project}) if project is not None else Q(**{workstream_field: workstream})


def schedule(workstream, project, start, end, today):
    items = list(PlanItem.objects.filter(_where(workstream, project)).order_by("forecast_date", "number"))
    settings = PlanSettings.for_tenant(workstream.tenant_id)
    slips, facts = [], []
    due = [item for item in items if start <= (item.actual_date or item.forecast_date) <= end]
    done = [item for item in due if item.is_complete]
    facts.append(f"{len(due)} item{'s' if len(due) != 1 else ''} due in the period, {len(done)} complete.")
    late, slipped = [], []
    for item in items:
        days_late = (today - item.forecast_date).days if item.is_late and item.forecast_date < today else 0
        if item.is_late and not days_late:
            days_late = 1  # marked late by its owner
        days_slipped = max(item.variance_days or 0, 0) if not item.is_complete else 0
        if days_late or days_slipped:
            slips.append(suggest.Slip(item.ref, days_late, days_slipped, settings.tolerance(item.kind)))
        if days_late:
            late.append(f"{item.ref} ({days_late} day{'s' if days_late != 1 else ''})")
        if days_slipped:
            slipped.append(f"{item.ref} (+{days_slipped} days)")
    if late:
        facts.append(f"Late: {_refs(late)}.")
    if slipped:
        facts.append(f"Slipped past the baseline: {_refs(slipped)}.")
    upcoming = next((item for item in items if not item.is_complete and item.forecast_date > end), None)
    forecast = f"Next: {upcoming.ref} {upcoming.title} on {_day(upcoming.forecast_date)}" if upcoming else ""
    if not items:
        facts.append("No plan items recorded.")
    return {"suggested": suggest.schedule(slips) if items else None, "facts": facts, "forecast": forecast[:200],
            "late": len(late)}


def finance(workstream, project, start, end, today):
    """The finance app's budget, actual to date and forecast outturn for the financial year of the period's end, with
    the partnership's finance RAG (``finance.figures``), where a budget or spend is recorded for the place; else the
    business cases' money profile for that year (``suggest.finance``)."""
    recorded = _recorded_finance(workstream, project, end)
    if recorded is not None:
        return recorded
    year = money.financial_year_of(end)
    cases = (BusinessCase.objects.filter(restricted=False)
             .filter(_where(workstream, project, workstream_field="project__workstream"))
             .annotate(cost_this_year=Sum("money_lines__amount", filter=Q(money_lines__kind=MoneyKind.COST,
                                                                         money_lines__financial_year=year)),
                       cost=Sum("money_lines__amount", filter=Q(money_lines__kind=MoneyKind.COST)))
             .order_by("number"))
    rows = [suggest.CaseMoney(case.ref, case.status, case.cost_this_year or 0) for case in cases
            if case.cost is not None]
    facts = [f"{case.ref} {case.get_status_display().lower()}: £{case.cost_this_year or 0:,.0f} cost profiled in "
             f"{year}" for case in cases if case.cost is not None][:6]
    facts.append("No budget or actual spend is recorded for it in Finance: report any variance in the commentary.")
    return {"suggested": suggest.finance(rows), "facts": facts, "forecast": ""}


def _recorded_finance(workstream, project, end):
    """The finance dimension from Finance's budget lines and actuals (a workstream's include its projects'), as at
    the period's end; None when neither is recorded for the place."""
    where = Q(project=project) if project is not None else Q(workstream=workstream)
    spent = Q(project=project) if project is not None else Q(project__workstream=workstream)
    found = figures.cells(BudgetLine.objects.filter(where), Actual.objects.filter(spent), today=end)
    year = end.year if end.month >= 4 else end.year - 1
    rows = figures.summarise(found, lambda cell: "year" if cell.year == year else None,
                             settings=FinanceSettings.for_tenant(workstream.tenant_id))
    if not rows or not (rows[0].budget or rows[0].actual):
        return None
    row, label = rows[0], figures.year_label(year)
    variance = f"{'+' if row.variance >= 0 else '−'}£{abs(row.variance):,.0f}"
    if row.variance_percent is not None:
        variance += f" ({row.variance_percent:+}%)"
    facts = [f"{label}: budget £{row.budget:,.0f}, actual to date £{row.actual:,.0f}, forecast outturn "
             f"£{row.outturn:,.0f}, variance {variance} (Finance)."]
    return {"suggested": suggest.finance_rag(row.rag), "facts": facts,
            "forecast": f"Outturn £{row.outturn:,.0f} against £{row.budget:,.0f} for {label}"[:200]}


def benefits(workstream, project, start, end, today):
    found = (Benefit.objects.filter(archived=False, restricted=False, type__in=FINANCIAL_TYPES)
             .filter(_where(workstream, project, "scope_project", "scope_workstream"))
             .aggregate(planned=Sum("planned_to_date"), actual=Sum("actual_to_date")))
    thresholds = benefit_services.settings_for(workstream.tenant_id).thresholds
    rag = realisation.rag(found["actual"], found["planned"], thresholds)
    percent = realisation.realisation_percent(found["actual"], found["planned"])
    if percent is None:
        facts = ["No financial benefit has been measured against its profile yet."]
    else:
        facts = [f"£{found['actual']:,.0f} realised to date against £{found['planned']:,.0f} planned ({percent}%)."]
    return {"suggested": suggest.benefits(rag), "facts": facts, "forecast": ""}


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def risks(workstream, project, start, end, today, since):
    mine = Risk.objects.filter(archived=False, restricted=False).filter(_where(workstream, project))
    open_rows = list(mine.filter(status=RiskStatus.OPEN).values_list("pk", "ref", "residual_score",
                                                                     "date_identified"))
    worst = max((score for _, _, score, _ in open_rows), default=None)
    band = bands_for(workstream.tenant_id).rag(worst).value if worst else None
    new = [ref for _, ref, _, identified in open_rows if identified and identified >= since]
    closed = list(mine.filter(status=RiskStatus.CLOSED, closed_on__gte=since).values_list("ref", flat=True))
    escalated = list(RiskMove.objects.filter(risk__in=mine, direction=MoveDirection.ESCALATE,
                                             status=MoveStatus.ACCEPTED, decided_at__gte=_start_of(since))
                     .values_list("risk__ref", flat=True))
    before = {}
    for pk, score in (Risk.history.filter(id__in=[row[0] for row in open_rows], history_date__lt=_start_of(since))
                      .order_by("id", "-history_date").values_list("id", "residual_score")):
        before.setdefault(pk, score)
    rescored = [f"{ref} {before[pk]}→{score}" for pk, ref, score, _ in open_rows
                if before.get(pk) and before[pk] != score]
    facts = [f"{len(open_rows)} open; worst residual score {worst} ({band})." if worst else "No open risks."]
    for label, rows in (("New", new), ("Closed", closed), ("Re-scored", rescored), ("Escalated", escalated)):
        if rows:
            facts.append(f"{label} since {_day(since)}: {_refs(rows)}.")
    return {"suggested": suggest.risks(band, len(escalated)), "facts": facts, "forecast": "",
            "worst": worst}


def resources(workstream, project, start, end, today):
    return {"suggested": None, "facts": ["No register records resources: the author's judgement."], "forecast": ""}


def prefill(workstream, project, start, end, since=None, today=None):
    """{"since": iso date, "dimensions": {dimension: {"suggested", "facts", "forecast"}}} for a report."""
    today = today or timezone.localdate()
    since = since or start
    built = {
        Dimension.SCHEDULE: schedule(workstream, project, start, end, today),
        Dimension.FINANCE: finance(workstream, project, start, end, today),
        Dimension.BENEFITS: benefits(workstream, project, start, end, today),
        Dimension.RISKS: risks(workstream, project, start, end, today, since),
        Dimension.RESOURCES: resources(workstream, project, start, end, today),
    }
    dimensions = {str(key): {"suggested": str(value["suggested"] or ""), "facts": value["facts"],
                             "forecast": value["forecast"]} for key, value in built.items()}
    return {"since": since.isoformat(), "dimensions": dimensions}

