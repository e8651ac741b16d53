"""The demo's programme finance: the Points of Access FBC (seed 004) at the document's own grain, and actuals.

- **Budget**: the baseline the FBC's approval gives (``services.on_business_case_approved``, run by the business
  cases' demo): Tables 6–8, each phase's spend by quarter (2016/17 Q2 to 2018/19 Q1), split between the partners
  per phase as the case's Table 9 split gives it (its points of access grouped by organisation), each partner's
  share of a quarter to the penny and the last partner taking the remainder, so every quarter adds up exactly to
  the table. Each partner's share is a budget line funded by that partner's contribution; capital and revenue are
  not stated (the quarterly tables do not say). The case's money comes from ``business_cases/fixtures`` (never
  ``shared/data`` at run time).
- **Stated totals**: every total the document states for the costs, kept beside the lines: Table 5's phase totals
  and its grand total, Tables 6–8's phase totals, and Table 9's total. The source disagrees with itself (Tables 6–8
  state £2,252,750 in all, Table 5 £2,273,100; Table 9's rows add up to £2,273,100.01), and Table 8's own quarters
  (its columns end at 2018/19 Q1) add up to £224,900 where the same row states £366,750 (phase 3 runs to December
  2018 by s5.2; no later quarter is invented here). The project's finance page
  shows each difference; nothing is "fixed".
- **Dates**: the baseline's financial years move by whole years (the nearest to the demo calendar's shift,
  ``core.demo``) so that quarters stay quarters: 2016/17 becomes the financial year of the same position today.
- **Actuals** (illustrative, not from the source): for each month from the profile's first to the last month ended
  before today, each partner's spend is its budget for the quarter divided by three, moved up or down by a fixed
  pattern of a few per cent (and one partner overspending a phase-1 month by a fifth), so the finance RAG has
  something to show.

Other approved cases' budgets come from their money profiles through ``services.on_business_case_approved``, as
they were approved in the business cases' demo. Idempotent: a project whose demo lines exist is left as it is.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from business_cases.models import BusinessCase
from core import demo
from core.models import Organisation, User
from finance import figures, services
from finance.choices import SpendKind
from finance.models import Actual, BudgetLine, StatedTotal
from programme.models import Project

POA = "Integrating LLR Points of Access"
SOURCE_YEAR = 2016  # the FBC's first financial year, 2016/17
PENNY = Decimal("0.01")

# Totals the document states: (label, phase, amount, source).
STATED = [
    ("Phase 1 Standardisation (Table 5)", 1, "703600", "Table 5, Programme Costs by Phase"),
    ("Phase 2 Integration (Table 5)", 2, "1171200", "Table 5, Programme Costs by Phase"),
    ("Phase 3 Service Migration (Table 5)", 3, "398300", "Table 5, Programme Costs by Phase"),
    ("All phases (Table 5)", None, "2273100", "Table 5, Programme Costs by Phase"),
    ("Phase 1 Standardisation (Table 6)", 1, "707600", "Table 6, Phase 1 spend by quarter"),
    ("Phase 2 Integration (Table 7)", 2, "1178400", "Table 7, Phase 2 spend by quarter"),
    ("Phase 3 Service Migration (Table 8)", 3, "366750", "Table 8, Phase 3 spend by quarter"),
    ("All points of access (Table 9)", None, "2273100", "Table 9, split of costs by point of access"),
]
# An illustrative ledger: per-month factors (cycled), and one overspent month.
PATTERN = [Decimal(f) for f in ("1.00", "0.96", "1.04", "0.98", "1.07", "0.93")]
OVERSPEND = ("LPT", (0, 3), Decimal("1.20"))


def year_shift(partnership):
    """Whole years nearest the demo calendar's shift, so financial years and quarters stay as the source has them."""
    return round(demo.calendar_for(partnership).shift.days / 365.25)


def shift_baseline(lines, pmo, shift):
    """Move the approved baseline's lines by ``shift`` financial years; [(phase, financial year start, quarter,
    organisation code, amount)] of them, for the actuals."""
    rows = []
    for line in lines:
        year = int(line.financial_year[:4]) + shift
        if shift:
            line.financial_year = figures.year_label(year)
            services._save(line, pmo, "Points of Access FBC profile moved to the demo's calendar")
        code = line.funding_source.organisation.code if line.funding_source_id else None
        if line.quarter and code:
            rows.append((line.phase, year, line.quarter, code, line.amount))
    return rows


def months_of(year, quarter):
    first = datetime.date(year + (quarter == 4), figures.QUARTER_START_MONTH[quarter], 1)
    return [first.replace(month=first.month + step) for step in range(3)]


def load(partnership):
    if partnership.slug != "llr":
        return
    poa = Project.objects.filter(name=POA).select_related("workstream").first()
    pmo = User.objects.filter(username="pmo.llr").first()
    if poa is None or pmo is None or StatedTotal.objects.filter(project=poa).exists():
        return
    organisations = {org.code: org for org in Organisation.objects.all()}
    case = BusinessCase.objects.filter(project=poa, title=POA).first()
    shift = year_shift(partnership)
    baseline = (BudgetLine.objects.filter(project=poa, business_case=case, change_request__isnull=True)
                .select_related("funding_source__organisation").order_by("pk"))
    rows = shift_baseline(list(baseline), pmo, shift)
    for label, phase, amount, source in STATED:
        StatedTotal.objects.create(tenant=partnership, project=poa, business_case=case, label=label, phase=phase,
                                   amount=Decimal(amount), source=source)
    _actuals(partnership, poa, pmo, organisations, rows, shift)


def _actuals(partnership, poa, pmo, organisations, rows, shift):
    """Illustrative monthly spend for the months of the profile that have ended."""
    this_month = timezone.localdate().replace(day=1)
    monthly = {}
    for _, year, quarter, code, amount in rows:
        for month in months_of(year, quarter):
            if month < this_month:
                monthly[(code, month)] = monthly.get((code, month), Decimal("0")) + amount / 3
    items = []
    overspent_code, (offset, quarter), factor = OVERSPEND
    overspent_month = months_of(SOURCE_YEAR + offset + shift, quarter)[0]
    for index, ((code, month), amount) in enumerate(sorted(monthly.items(), key=lambda pair: (pair[0][1], pair[0][0]))):
        scale = factor if (code, month) == (overspent_code, overspent_month) else PATTERN[index % len(PATTERN)]
        items.append({"project": poa, "organisation": organisations[code], "month": month,
                      "spend_kind": SpendKind.NOT_STATED, "amount": (amount * scale).quantize(PENNY),
                      "reference": f"DEMO-{code}-{month:%Y%m}"})
    if items:
        services.record_actuals(pmo, items)
    return Actual.objects.filter(project=poa).count()
