"""The live programme dashboard: every workstream and project with its latest signed-off RAGs and their trend,
late milestones (the plan), the worst open risk, benefit realisation and the state of its report for the current
period. One fixed set of queries however many workstreams and projects there are.

**Overall**: the overall RAG of the latest signed-off report; where a place has none yet, the band of its worst
open residual risk (the risk register's dashboard column, in the partnership's risk bands, ``risks.bands``).
The board pack's programme dashboard shows the same (``reporting.pack_sections.workstream_cells``).
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Max, Sum
from django.utils import timezone

from benefits import realisation
from benefits import services as benefit_services
from benefits.choices import FINANCIAL_TYPES
from benefits.models import Benefit
from core.tenancy import get_current_tenant
from plan.filtersets import late_q
from plan.models import PlanItem
from programme.choices import ProjectStage
from programme.models import Objective, Project, Workstream
from reporting import cycle, services
from reporting.choices import DIMENSIONS, Rag, ReportStatus
from reporting.models import HighlightReport
from risks import scoring
from risks.bands import bands_for
from risks.choices import RiskStatus
from risks.models import Risk

TREND_REPORTS = 12
# What a row reads of a report (the latest signed-off one, the current period's): not the texts.
REPORT_FIELDS = ["ref", "status", "workstream_id", "project_id", "period_start", "period_end", "version",
                 *(f"{dimension}_rag" for dimension in DIMENSIONS), "overall_rag"]
RANK = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


class ReportState:
    """The state of a place's report for the current period. A place reports once it has someone to write it
    (a project manager, a workstream lead); a report is late when its due date has passed and it is not submitted
    (a returned report was submitted in time: it shows as returned)."""

    SIGNED_OFF, SUBMITTED, RETURNED, IN_PROGRESS, DUE, LATE, NO_WRITER = (
        "signed_off", "submitted", "returned", "in_progress", "due", "late", "no_writer")
    LABELS = {SIGNED_OFF: "Signed off", SUBMITTED: "Submitted", RETURNED: "Returned", IN_PROGRESS: "Being written",
              DUE: "Due", LATE: "Late", NO_WRITER: "No one to write it"}


def trend(previous, latest):
    """"up" (better), "down" (worse) or "level": the latest overall RAG against the one before."""
    if not previous or not latest:
        return None
    change = RANK[Rag(previous)] - RANK[Rag(latest)]
    return "up" if change > 0 else "down" if change < 0 else "level"


@dataclass
class Row:
    kind: str  # "workstream" or "project"
    place: object
    workstream: object
    latest: object = None  # the latest signed-off report
    previous_overall: str | None = None
    history: list = field(default_factory=list)  # the signed-off reports' overall RAGs, oldest first (TREND_REPORTS)
    late: int = 0
    worst_risk: int | None = None
    percent: object = None
    realisation_rag: str | None = None
    state: str = ReportState.DUE
    current: object = None  # the current period's latest report, if any
    risk_bands: object = scoring.DEFAULT_BANDS  # the partnership's (risks.bands)

    @property
    def overall(self):
        if self.latest is not None:
            return self.latest.overall_rag
        return self.risk_band

    @property
    def overall_source(self):
        if self.latest is not None:
            return f"{self.latest.ref}, {self.latest.period_label}"
        return f"worst open risk {self.worst_risk}" if self.worst_risk else ""

    @property
    def trend(self):
        return trend(self.previous_overall, self.latest.overall_rag if self.latest else None)

    @property
    def rags(self):
        return [(str(d), d.label, self.latest.rag_of(d) if self.latest else None) for d in DIMENSIONS]

    @property
    def state_label(self):
        return ReportState.LABELS[self.state]

    @property
    def risk_band(self):
        return self.risk_bands.rag(self.worst_risk).value if self.worst_risk else None


class DashboardFilterForm(forms.Form):
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.all(), required=False,
                                        empty_label="Every workstream")
    objective = forms.ModelChoiceField(queryset=Objective.objects.all(), required=False,
                                       empty_label="Every objective")
    rag = forms.ChoiceField(label="Overall RAG", choices=[("", "Any RAG"), *Rag.choices], required=False)


def state_of(current, due, today, writer=True):
    if current is not None:
        if current.status == ReportStatus.SIGNED_OFF:
            return ReportState.SIGNED_OFF
        if current.status == ReportStatus.SUBMITTED:
            return ReportState.SUBMITTED
        if current.status == ReportStatus.RETURNED:
            return ReportState.RETURNED
    elif not writer:
        return ReportState.NO_WRITER
    if today > due:
        return ReportState.LATE
    return ReportState.IN_PROGRESS if current is not None else ReportState.DUE


def _signed_off_since(start):
    """{(workstream id, project id): [(period start, overall RAG, report id)]} of the signed-off reports since
    ``start``, oldest first: plain values (the trend needs only the overall RAGs; the latest is read whole once)."""
    found = {}
    for pk, workstream, project, period, overall in (
            HighlightReport.objects.filter(status=ReportStatus.SIGNED_OFF, period_start__gte=start)
            .order_by("period_start", "version")
            .values_list("pk", "workstream_id", "project_id", "period_start", "overall_rag")):
        by_period = found.setdefault((workstream, project), {})
        by_period[period] = (period, overall, pk)  # a later version of a period replaces the earlier
    return {key: [by_period[period] for period in sorted(by_period)] for key, by_period in found.items()}


def build(workstream=None, objective=None, rag=None, today=None):
    """(rows, period, due): a row per workstream followed by its projects, for the current period."""
    today = today or timezone.localdate()
    settings = services.settings_for()
    period = services.current_period(today, settings)
    due = services.due_date(period, settings)
    workstreams = list(Workstream.objects.order_by("name"))
    projects = list(Project.objects.exclude(stage=ProjectStage.CLOSED).order_by("name"))
    serving = None if objective is None else set(
        Project.objectives.through.objects.filter(objective=objective).values_list("project_id", flat=True))
    oldest = period
    for _ in range(TREND_REPORTS):
        oldest = cycle.previous_period(oldest, settings.cycle_months)
    history, current = _signed_off_since(oldest), {}
    latest_reports = HighlightReport.objects.only(*REPORT_FIELDS).in_bulk(
        [entries[-1][2] for entries in history.values()])
    for report in HighlightReport.objects.filter(period_start=period).only(*REPORT_FIELDS).order_by("version"):
        current[(report.workstream_id, report.project_id)] = report
    late = {}
    for row in PlanItem.objects.filter(late_q()).values("workstream", "project").annotate(n=Count("pk")):
        late[(row["workstream"], row["project"])] = row["n"]
    risks = {}
    for row in (Risk.objects.filter(archived=False, restricted=False, status=RiskStatus.OPEN)
                .values("workstream", "project").annotate(worst=Max("residual_score"))):
        risks[(row["workstream"], row["project"])] = row["worst"]
    thresholds = benefit_services.settings_for(get_current_tenant()).thresholds
    risk_bands = bands_for(get_current_tenant())
    benefit_rows = {}
    for key in ("scope_workstream", "scope_project"):
        for row in (Benefit.objects.filter(archived=False, restricted=False, type__in=FINANCIAL_TYPES)
                    .exclude(**{f"{key}__isnull": True}).values(key)
                    .annotate(planned=Sum("planned_to_date"), actual=Sum("actual_to_date"))):
            benefit_rows[(key, row[key])] = row

    def make(kind, place, workstream_obj, key, benefit_key):
        ordered = history.get(key, [])[-TREND_REPORTS:]
        row = Row(kind, place, workstream_obj, latest=latest_reports[ordered[-1][2]] if ordered else None,
                  previous_overall=ordered[-2][1] if len(ordered) > 1 else None,
                  history=[overall for _, overall, _ in ordered], risk_bands=risk_bands)
        if kind == "workstream":
            row.late = sum(n for (ws, _), n in late.items() if ws == place.pk)
            row.worst_risk = max((score for (ws, _), score in risks.items() if ws == place.pk), default=None)
        else:
            row.late = late.get(key, 0)
            row.worst_risk = risks.get(key)
        found = benefit_rows.get(benefit_key)
        if found:
            row.percent = realisation.realisation_percent(found["actual"], found["planned"])
            measured = realisation.rag(found["actual"], found["planned"], thresholds)
            row.realisation_rag = measured if measured in Rag.values else None
        row.current = current.get(key)
        writer = place.manager_id if kind == "project" else place.lead_id
        row.state = state_of(row.current, due, today, writer is not None)
        return row

    by_workstream = {}
    for project in projects:
        by_workstream.setdefault(project.workstream_id, []).append(project)
    rows = []
    for ws in workstreams:
        if workstream is not None and ws.pk != workstream.pk:
            continue
        group = [make("project", project, ws, (ws.pk, project.pk), ("scope_project", project.pk))
                 for project in by_workstream.get(ws.pk, [])]
        if serving is not None:
            group = [row for row in group if row.place.pk in serving]
            if not group:
                continue
        head = make("workstream", ws, ws, (ws.pk, None), ("scope_workstream", ws.pk))
        if rag:
            group = [row for row in group if row.overall == rag]
            if head.overall != rag and not group:
                continue
        rows.append(head)
        rows.extend(group)
    return rows, period, due


def tally(rows):
    """{state: count} of the report states, for the PMO's summary."""
    counts = {}
    for row in rows:
        counts[row.state] = counts.get(row.state, 0) + 1
    return [(state, ReportState.LABELS[state], counts[state]) for state in ReportState.LABELS if state in counts]
