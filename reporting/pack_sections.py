"""What progress reporting puts in a board pack and the daily digest, registered in ``core.registry`` (found by
``autodiscover_modules``).

- Dashboard column "Highlight report (latest signed off)", counted towards **Overall**: a workstream's overall RAG
  is its latest signed-off report's, where it has one (``meetings.pack_sections``: the first column counted towards
  Overall that has a RAG decides), the same figure as the live dashboard (``reporting.dashboard``).
- Section "Workstream highlight reports", in the Implementation Group's pack (its agenda's standing item of that
  name): the signed-off reports of the latest period signed off before the meeting, workstreams first, each with
  its five RAGs, achievements, plans, decisions needed and escalations; and the places whose report is missing.
- Reminders: each report overdue (past its due date and not submitted) to whoever writes it, and a count of them
  to the PMO (the daily digest).
"""

from django.urls import reverse

from core import registry, signals
from core.choices import Role
from programme.choices import BodyKind, ProjectStage
from programme.models import Project, RoleAssignment, Workstream
from reporting import cycle, services
from reporting.choices import ReportStatus
from reporting.models import HighlightReport, ReportingSettings

# Submitted in time: a returned report was, and its author has been told why it came back.
SUBMITTED = (ReportStatus.SUBMITTED, ReportStatus.SIGNED_OFF, ReportStatus.RETURNED)


def workstream_cells(ctx):
    """{workstream id: Cell}: the overall RAG of the workstream's latest signed-off report."""
    latest = {}
    for report in (HighlightReport.objects.filter(status=ReportStatus.SIGNED_OFF, project__isnull=True,
                                                  period_end__lt=ctx.today)
                   .order_by("period_start", "version")):
        latest[report.workstream_id] = report
    return {pk: registry.Cell(report.overall_rag, f"{report.ref}, {report.period_label}")
            for pk, report in latest.items()}


def highlight_reports(ctx):
    settings = ReportingSettings.for_tenant(ctx.tenant)
    # The latest period with a report signed off before the meeting (a meeting early in a month gets the month
    # before last when last month's are not signed off yet), else the latest period that has ended.
    period = (HighlightReport.objects.filter(status=ReportStatus.SIGNED_OFF, period_end__lt=ctx.meeting.date)
              .order_by("-period_start").values_list("period_start", flat=True).first()
              or cycle.last_closed_period(ctx.meeting.date, settings.cycle_months))
    latest = {}
    for report in (HighlightReport.objects.filter(status=ReportStatus.SIGNED_OFF, period_start=period)
                   .select_related("workstream", "project", "signed_off_by", "author").order_by("version")):
        latest[(report.workstream_id, report.project_id)] = report
    reports = sorted(latest.values(), key=lambda r: (r.workstream.name, r.project_id is not None,
                                                     r.project.name if r.project_id else ""))
    places = [(ws, None) for ws in Workstream.objects.order_by("name")] + [
        (project.workstream, project) for project in
        Project.objects.exclude(stage=ProjectStage.CLOSED).select_related("workstream").order_by("name")]
    missing = [project or ws for ws, project in places
               if (ws.pk, project.pk if project else None) not in latest]
    return {"reports": reports[:ctx.max_rows], "more": max(0, len(reports) - ctx.max_rows),
            "period": cycle.period_label(period, settings.cycle_months), "missing": missing[:ctx.max_rows],
            "more_missing": max(0, len(missing) - ctx.max_rows)}


def writer_of(place):
    return place.manager if isinstance(place, Project) else place.lead


def overdue(tenant, today):
    """(places, period, due): the places with someone to write their report (a project manager, a workstream
    lead) whose report for the current period is past its due date and was not submitted."""
    settings = ReportingSettings.for_tenant(tenant)
    period = cycle.last_closed_period(today, settings.cycle_months)
    due = services.due_date(period, settings)
    if today <= due:
        return [], period, due
    done = set(HighlightReport.all_tenants.filter(tenant=tenant, period_start=period, status__in=SUBMITTED)
               .values_list("workstream_id", "project_id"))
    places = [ws for ws in Workstream.all_tenants.filter(tenant=tenant, lead__isnull=False).select_related("lead")
              .order_by("name") if (ws.pk, None) not in done]
    places += [project for project in Project.all_tenants.filter(tenant=tenant, manager__isnull=False)
               .exclude(stage=ProjectStage.CLOSED).select_related("manager", "workstream").order_by("name")
               if (project.workstream_id, project.pk) not in done]
    return places, period, due


def overdue_reports(tenant, today):
    places, period, due = overdue(tenant, today)
    label = cycle.period_label(period, ReportingSettings.for_tenant(tenant).cycle_months)
    for place in places:
        yield registry.Reminder(writer_of(place), f"Highlight report for {place}, {label}: due {due:%d %b %Y}",
                                reverse("reporting:create") + _place_query(place))
    if places:
        count = f"{len(places)} highlight report{'s are' if len(places) != 1 else ' is'}"
        pmo = RoleAssignment.all_tenants.filter(tenant=tenant, role=Role.PMO).select_related("user")
        for user in sorted({assignment.user for assignment in pmo}, key=lambda user: user.pk):
            yield registry.Reminder(user, f"{count} overdue for {label} (due {due:%d %b %Y})",
                                    reverse("programme-dashboard"))


def announce_overdue(tenant, today):
    """Tell ``core.signals`` listeners (the outgoing webhooks) of each report overdue now; each report is announced
    under the same key every day, so a listener posts it once. Returns how many are overdue."""
    places, period, due = overdue(tenant, today)
    label = cycle.period_label(period, ReportingSettings.for_tenant(tenant).cycle_months)
    for place in places:
        kind = "project" if isinstance(place, Project) else "workstream"
        signals.highlight_report_overdue.send(
            sender=HighlightReport, place=str(place), period=label, due=due, key=f"{kind}-{place.pk}-{period}",
            link=reverse("reporting:create") + _place_query(place))
    return len(places)


def _place_query(place):
    return f"?project={place.pk}" if isinstance(place, Project) else f"?workstream={place.pk}"


registry.register_dashboard_column("reporting", "Highlight report (latest signed off)", workstream_cells, order=5,
                                   overall=True)
registry.register_section("highlight_reports", "Workstream highlight reports", 22,
                          "reporting/pack_section.html", highlight_reports, bodies={BodyKind.IMPLEMENTATION_GROUP})
registry.register_reminders("reporting.overdue", "Overdue highlight reports", overdue_reports)
