"""Six months of highlight reports for the Urgent Care workstream and its Points of Access project, signed off by
the workstream SRO, consistent with their registers: the mobilisation items slipping (schedule amber, then red when
they went late), benefits realised a little under plan (amber: 88% of the FBC's profile to date), the risk
register's worst residual 16 (amber: sign-off delays and backfilling subject matter experts, which also make
resources amber), and the FBC approved (finance green). For the period just ended, the project's report was
submitted and returned by the SRO, and the workstream's is not written: overdue once its due date has passed.

Dates follow the day the demo is loaded (``core.demo.today``). Idempotent: a place's report for a period already
present is left as it is.
"""

import datetime

from django.utils import timezone

from core import demo
from core.models import User
from programme.models import Project, Workstream
from reporting import cycle, services
from reporting.choices import DIMENSIONS, ReportStatus
from reporting.models import HighlightReport

POA = "Integrating LLR Points of Access"
URGENT_CARE = "Urgent Care"
G, A, R = "green", "amber", "red"
# Oldest first: (schedule, finance, benefits, risks, resources), achievements, plans.
POA_MONTHS = [
    ((G, G, A, A, G), "Skills and capacity assessment started; PMO roles advertised.",
     "Complete the skills assessment; appoint the Programme Manager."),
    ((G, G, A, A, A), "Programme Manager appointed; RAID log set up with the programme board.",
     "Recruit Programme Support and the Change Manager; backfill subject matter experts."),
    ((A, G, G, A, A), "Mobilisation documents approved by the Programme Board.",
     "Standardisation workshops with the County, City and LPT SPA teams."),
    ((A, G, A, A, A), "First standardisation workshops held; baseline of call volumes agreed.",
     "Finish the skills and capacity assessment, now forecast four weeks late."),
    ((A, G, A, A, A), "Standard operating procedures drafted for two of five processes.",
     "Set up the PMO; agree backfill for change champions with the partners."),
    ((R, G, A, A, A), "Benefits baseline and measurement method agreed with finance leads.",
     "Recover the mobilisation items: complete the skills assessment and stand up the PMO."),
]
COMMENTARY = {
    "schedule": {A: "The skills and capacity assessment and the PMO set-up are forecast past their baseline.",
                 R: "Two mobilisation items are now late and past tolerance; recovery plan below."},
    "finance": {G: "Within the approved FBC profile."},
    "benefits": {A: "Cashable savings are 88% of the profile to date: phase 3 migration is behind.",
                 G: "Savings on profile this month."},
    "risks": {A: "Worst residual 16: delay in business case sign-off losing momentum (R-0011)."},
    "resources": {A: "Subject matter experts and change champions are not yet backfilled (R-0012).",
                  G: "Resourced to plan."},
}
RETURN_REASON = "The schedule forecast does not say when the skills and capacity assessment will now complete."


def _user(username):
    return User.objects.filter(username=username).first()


def _overall(rags):
    return R if R in rags else A if A in rags else G


def _report(place_kwargs, start, rags, achievements, plans, author, sro, settings, dates, status):
    end = cycle.period_end(start, settings.cycle_months)
    due = services.due_date(start, settings, dates)
    values = {}
    for dimension, rag in zip(DIMENSIONS, rags, strict=True):
        values[f"{dimension}_rag"] = values[f"{dimension}_suggested"] = rag
        values[f"{dimension}_commentary"] = COMMENTARY[str(dimension)].get(rag, "")
    overall = _overall(rags)
    report = HighlightReport(
        **place_kwargs, period_start=start, period_end=end, due_date=due, status=status, author=author,
        overall_rag=overall, overall_suggested=overall,
        overall_commentary="The worst of the five dimensions." if overall != G else "",
        achievements=achievements, plans_next=plans,
        decisions_needed="" if overall != R else "Agree the recovery of the mobilisation items with the SRO.",
        escalations="" if overall != R else "Backfill of subject matter experts needs the partners' agreement.",
        prefill={"since": start.isoformat(), "dimensions": {
            str(d): {"suggested": rag, "facts": [], "forecast": ""} for d, rag in zip(DIMENSIONS, rags, strict=True)
        }, "projects": []},
        submitted_by=author, submitted_at=min(timezone.make_aware(datetime.datetime.combine(due, datetime.time(10))),
                                              timezone.now() - datetime.timedelta(days=1)),
        **values)
    if status == ReportStatus.SIGNED_OFF:
        report.signed_off_by = sro
        report.signed_off_at = min(report.submitted_at + datetime.timedelta(days=1), timezone.now())
    elif status == ReportStatus.RETURNED:
        report.returned_by, report.returned_at, report.return_reason = sro, report.submitted_at, RETURN_REASON
    report._history_user = author
    report.save()
    return report


def load(partnership):
    project = Project.objects.filter(name=POA).select_related("workstream").first()
    workstream = Workstream.objects.filter(name=URGENT_CARE).first()
    pm, lead, sro = _user("pm.poa.llr"), _user("lead.urgentcare.llr"), _user("sro.urgentcare.llr")
    if project is None or workstream is None or sro is None:
        return
    settings = services.settings_for(partnership)
    dates = services.meeting_dates()
    current = cycle.last_closed_period(demo.today(), settings.cycle_months)
    starts = [current]
    for _ in POA_MONTHS:
        starts.insert(0, cycle.previous_period(starts[0], settings.cycle_months))
    for start, (rags, achievements, plans) in zip(starts[:-1], POA_MONTHS, strict=True):
        if not HighlightReport.objects.filter(project=project, period_start=start).exists():
            _report({"project": project, "workstream": project.workstream}, start, rags, achievements, plans, pm,
                    sro, settings, dates, ReportStatus.SIGNED_OFF)
        if not HighlightReport.objects.filter(workstream=workstream, project__isnull=True,
                                              period_start=start).exists():
            # The workstream's own risk R-0009 (NHS 111 capacity over winter) keeps its risks amber too.
            _report({"workstream": workstream}, start, rags, f"Points of Access: {achievements}",
                    f"Points of Access: {plans}", lead, sro, settings, dates, ReportStatus.SIGNED_OFF)
    if not HighlightReport.objects.filter(project=project, period_start=current).exists():
        rags, achievements, plans = POA_MONTHS[-1]
        _report({"project": project, "workstream": project.workstream}, current, rags,
                "Skills and capacity assessment findings drafted.", plans, pm, sro, settings, dates,
                ReportStatus.RETURNED)
