"""What the benefits register puts in a board pack and into the review cycle (DOMAIN.md s6 and s8), registered in
``core.registry`` (found by ``autodiscover_modules("pack_sections")``).

- Section "Benefits realisation" (a standing item of both boards, PID s3.4.2): planned against actual with the
  register's own SVG charts (``charts``/``figures``): financial benefits by financial year, realisation by
  strategic objective, and the individual profiles of the few benefits furthest behind plan; then the register
  table, furthest behind first. Charts stay aggregated so a pack of hundreds of benefits stays light;
- dashboard column: each workstream's realisation of its financial benefits to date (for information);
- reminders: owners of benefits whose past periods have a plan but no actual yet;
- handover: the benefits a closing workstream or project hands to a new owner (``services.benefits_to_hand_over``,
  PID s3.6), which the lifecycle app asks for without importing this app.

Restricted and archived benefits are never included.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.urls import reverse

from benefits import charts, figures, realisation, services
from benefits.choices import FINANCIAL_TYPES, RealisationRag
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement
from core import registry
from programme.models import Objective

PROFILES_SHOWN = 3
# Furthest behind first: a board looks at red before green.
RAG_RANK = {RealisationRag.RED: 0, RealisationRag.AMBER: 1, RealisationRag.NOT_MEASURED: 2, RealisationRag.GREEN: 3}


def shared():
    return Benefit.objects.filter(archived=False, restricted=False)


def by_financial_year(benefit_ids):
    """Planned, actual and forecast of the financial benefits summed by UK financial year, as a line chart."""
    totals = defaultdict(lambda: {"planned": Decimal(0), "actual": None, "forecast": Decimal(0)})
    rows = BenefitMeasurement.objects.filter(benefit_id__in=benefit_ids).values_list("period", "planned", "actual",
                                                                                  "forecast")
    for period, planned, actual, forecast in rows.iterator(chunk_size=2000):
        year = totals[realisation.financial_year_of(period)]
        year["planned"] += planned or 0
        year["forecast"] += forecast if forecast is not None else (actual if actual is not None else planned or 0)
        if actual is not None:
            year["actual"] = (year["actual"] or Decimal(0)) + actual
    years = sorted(totals)
    if not years:
        return None
    labels = [realisation.financial_year_label(year) for year in years]
    series = [charts.Series("Planned", "planned", tuple(totals[y]["planned"] for y in years)),
              charts.Series("Actual", "actual", tuple(totals[y]["actual"] for y in years)),
              charts.Series("Forecast", "forecast", tuple(totals[y]["forecast"] for y in years))]
    measured = [y for y in years if totals[y]["actual"] is not None]
    description = (f"Cashable and non-cashable benefits in pounds, {labels[0]} to {labels[-1]}; actuals recorded for "
                   f"{len(measured)} of {len(years)} financial years.")
    svg = charts.line_chart("Financial benefits by financial year", description, labels, series, unit="£",
                            id_prefix="pack-financial-years")
    rows = [[label, charts.format_value(totals[y]["planned"], "£"), charts.format_value(totals[y]["actual"], "£"),
             charts.format_value(totals[y]["forecast"], "£")] for label, y in zip(labels, years, strict=True)]
    return figures.Figure(svg, "Financial benefits by financial year", ["Year", "Planned", "Actual", "Forecast"],
                          rows)


def benefits_section(ctx):
    thresholds = services.settings_for(ctx.tenant).thresholds
    live = shared()
    ranked = list(live.with_rag(thresholds).select_related("owner").order_by("number"))
    ranked.sort(key=lambda benefit: (RAG_RANK.get(benefit.rag, 9), -(benefit.planned_to_date or 0), benefit.number))
    counts = {rag: 0 for rag in RAG_RANK}
    for benefit in ranked:
        counts[benefit.rag] = counts.get(benefit.rag, 0) + 1
    financial = [benefit.pk for benefit in ranked if benefit.type in FINANCIAL_TYPES]
    totals = live.filter(type__in=FINANCIAL_TYPES).aggregate(planned=Sum("planned_to_date"),
                                                             actual=Sum("actual_to_date"), total=Sum("planned_total"))
    tallied = live.prefetch_related("objectives", Prefetch(
        "attributions", queryset=BenefitAttribution.objects.select_related("organisation")))
    objectives, _ = services.dashboard(list(tallied), list(Objective.objects.all()), thresholds)
    behind = [b for b in ranked if b.rag in (RealisationRag.RED, RealisationRag.AMBER)][:PROFILES_SHOWN]
    measurements = defaultdict(list)
    for measurement in BenefitMeasurement.objects.filter(benefit__in=behind).order_by("period"):
        measurements[measurement.benefit_id].append(measurement)
    profiles = [figures.benefit_figure(b, measurements[b.pk], id_prefix=f"pack-benefit-{b.pk}") for b in behind]
    limit = ctx.max_rows
    return {
        "counts": [(RealisationRag(rag).value, RealisationRag(rag).label, n) for rag, n in counts.items()],
        "total": len(ranked),
        "planned": totals["planned"], "actual": totals["actual"], "planned_total": totals["total"],
        "percent": realisation.realisation_percent(totals["actual"], totals["planned"]),
        "overall": RealisationRag(realisation.rag(totals["actual"], totals["planned"], thresholds)),
        "thresholds": thresholds,
        "years": by_financial_year(financial),
        "objectives": figures.tally_figure(objectives, "Realisation by strategic objective", "objective",
                                           "pack-objective-chart"),
        "profiles": profiles,
        "rows": ranked[:limit], "more": max(0, len(ranked) - limit),
    }


def workstream_realisation(ctx):
    thresholds = services.settings_for(ctx.tenant).thresholds
    rows = (shared().filter(type__in=FINANCIAL_TYPES, scope_workstream__isnull=False).values("scope_workstream")
            .annotate(planned=Sum("planned_to_date"), actual=Sum("actual_to_date"), n=Count("pk")))
    cells = {}
    for row in rows:
        rag = realisation.rag(row["actual"], row["planned"], thresholds)
        percent = realisation.realisation_percent(row["actual"], row["planned"])
        text = f"{percent}% of plan, {row['n']} financial" if percent is not None else "not yet measured"
        cells[row["scope_workstream"]] = registry.Cell(None if rag == RealisationRag.NOT_MEASURED else rag, text)
    return cells


def due_by_benefit(measurements, today):
    """{benefit: its periods that have ended with a plan but no actual}, of ``measurements`` (a queryset): what the
    benefit's owner should record. One query."""
    due = (measurements.filter(actual__isnull=True, planned__isnull=False, period__lt=today, benefit__archived=False)
           .select_related("benefit__owner").order_by("benefit__number", "period"))
    by_benefit = defaultdict(list)
    for measurement in due:
        if realisation.period_end(measurement.period, measurement.benefit.period_kind) < today:
            by_benefit[measurement.benefit].append(measurement)
    return by_benefit


def measurements_due(tenant, today):
    """A benefit's periods that have ended with a plan but no actual: its owner should record them."""
    by_benefit = due_by_benefit(BenefitMeasurement.all_tenants.filter(tenant=tenant), today)
    for benefit, periods in by_benefit.items():
        latest = realisation.period_label(periods[-1].period, benefit.period_kind)
        count = len(periods)
        yield registry.Reminder(
            benefit.owner, f"{benefit.ref} {benefit.title}: {count} period{'s' if count != 1 else ''} awaiting an "
                           f"actual (latest {latest})", reverse("benefits:record", args=[benefit.pk]))


registry.register_section("benefits", "Benefits realisation: planned against actual", 40,
                          "packs/sections/benefits.html", benefits_section)
registry.register_dashboard_column("benefits", "Benefits realised to date (financial)", workstream_realisation,
                                   order=20)
registry.register_reminders("benefits.measurements_due", "Benefit measurements due", measurements_due)
registry.register_handover("benefits.benefits", services.benefits_to_hand_over, services.find_benefit,
                           services.hand_over)
