"""The live dashboard and what the board pack and the digest carry: the same Overall figures, the Implementation
Group's highlight reports section, overdue reports chased, and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import registry
from meetings import pack_sections as meeting_sections
from meetings.models import Meeting
from programme.choices import BodyKind
from programme.models import Project
from reporting import dashboard, pack_sections, services
from reporting.choices import ReportStatus
from reporting.models import HighlightReport

pytestmark = pytest.mark.django_db


def context(llr, kind, today):
    meeting = Meeting.objects.filter(body__kind=kind, date__gt=today).select_related("body").order_by("date").first()
    return registry.PackContext(tenant=llr, meeting=meeting, body=meeting.body, since=today, today=today)


def test_the_dashboard_shows_the_demo_reports_and_the_report_states(in_llr, urgent_care, poa):
    rows, period, due = dashboard.build(workstream=urgent_care, today=services.due_date(
        services.current_period()) + datetime.timedelta(days=1))
    head = rows[0]
    assert head.kind == "workstream" and head.overall == "red" and head.trend == "down"
    assert len(head.history) == 6 and head.state == dashboard.ReportState.LATE
    project = next(row for row in rows if row.place == poa)
    assert project.state == dashboard.ReportState.RETURNED and project.late > 0 and project.worst_risk == 16
    others = [row for row in rows if row.kind == "project" and row.place != poa]
    assert others and all(row.state == dashboard.ReportState.NO_WRITER for row in others)


def test_the_filters_narrow_by_objective_and_rag(in_llr, poa):
    objective = poa.objectives.first()
    rows, _, _ = dashboard.build(objective=objective)
    projects = [row.place for row in rows if row.kind == "project"]
    assert poa in projects and all(objective in project.objectives.all() for project in projects)
    red, _, _ = dashboard.build(rag="red")
    assert {row.place.name for row in red if row.overall == "red"} >= {"Urgent Care", poa.name}
    assert all(row.overall == "red" for row in red if row.kind == "project")


def test_the_dashboard_runs_a_constant_number_of_queries(in_llr, persona, llr):
    with CaptureQueriesContext(connection) as before:
        dashboard.build()
    workstream = Project.objects.first().workstream
    for number in range(5):
        Project.objects.create(tenant=llr, workstream=workstream, name=f"Extra project {number}",
                               manager=persona("pm.poa.llr"))
    with CaptureQueriesContext(connection) as after:
        rows, _, _ = dashboard.build()
    assert len(after) == len(before)
    assert sum(row.place.name.startswith("Extra project") for row in rows) == 5


def test_the_pack_overall_comes_from_the_latest_signed_off_report(in_llr, llr, urgent_care, today_after, write,
                                                                  persona, period):
    ctx = context(llr, BodyKind.DELIVERY_BOARD, today_after)
    built = meeting_sections.dashboard(ctx)
    row = next(row for row in built["rows"] if row["workstream"] == urgent_care)
    live = dashboard.build(workstream=urgent_care, today=today_after)[0][0]
    assert row["overall"] == live.overall == "red"  # the demo's latest report
    green = write(user="lead.urgentcare.llr", workstream=urgent_care, **{
        f"{name}_rag": "green" for name in ("schedule", "finance", "benefits", "risks", "resources", "overall")})
    services.sign_off(services.submit(green, persona("lead.urgentcare.llr")), persona("sro.urgentcare.llr"))
    built = meeting_sections.dashboard(ctx)
    row = next(row for row in built["rows"] if row["workstream"] == urgent_care)
    live = dashboard.build(workstream=urgent_care, today=today_after)[0][0]
    assert row["overall"] == live.overall == "green"  # the report's green, not its worst open risk's amber
    others = next(row for row in built["rows"] if row["workstream"].name == "Acute Care")
    assert others["overall"] == (dashboard.build(workstream=others["workstream"])[0][0].overall or "none")


def test_the_implementation_group_pack_carries_the_signed_off_reports(in_llr, llr, persona, write, period, poa):
    report = services.sign_off(services.submit(write(), persona("pm.poa.llr")), persona("sro.urgentcare.llr"))
    meeting = Meeting.objects.filter(body__kind=BodyKind.IMPLEMENTATION_GROUP, date__gt=report.period_end) \
        .select_related("body").order_by("date").first()
    ctx = registry.PackContext(tenant=llr, meeting=meeting, body=meeting.body, since=period, today=meeting.date)
    section = next(section for section in registry.sections(meeting.body) if section.key == "highlight_reports")
    built = section.build(ctx)
    assert report in built["reports"] and section.title == "Workstream highlight reports"
    assert "highlight_reports" not in {s.key for s in registry.sections(
        Meeting.objects.filter(body__kind=BodyKind.DELIVERY_BOARD).first().body)}


def test_overdue_reports_are_chased_and_the_pmo_told(in_llr, llr, poa, period):
    late_day = services.due_date(period) + datetime.timedelta(days=1)
    reminders = list(pack_sections.overdue_reports(llr, late_day))
    recipients = {reminder.recipient.username for reminder in reminders}
    assert {"pm.poa.llr", "lead.urgentcare.llr", "pmo.llr"} <= recipients
    HighlightReport.objects.create(tenant=llr, project=poa, workstream=poa.workstream, period_start=period,
                                   period_end=period, due_date=period, status=ReportStatus.SUBMITTED,
                                   **{f"{name}_rag": "green" for name in
                                      ("schedule", "finance", "benefits", "risks", "resources", "overall")})
    assert "pm.poa.llr" not in {r.recipient.username for r in pack_sections.overdue_reports(llr, late_day)}
    assert list(pack_sections.overdue_reports(llr, services.due_date(period))) == []


@pytest.fixture
def today_after(in_llr):
    return services.due_date(services.current_period()) + datetime.timedelta(days=1)
