"""A generated partnership's highlight reports (issue 17): for every project and workstream, the last twelve monthly
periods signed off by its SRO, each with the five dimensions' RAGs, their suggestions and the overall; for the
period being written now, a mix of submitted, returned, in-progress and not-yet-started reports. The large tenant:
420 places, about 5,500 reports. Numbered ``HR-0001``... with the reference counter moved past them.
"""

import datetime

from core.models.numbering import ReferenceCounter
from reporting import cycle
from reporting.choices import DIMENSIONS, ReportLevel, ReportStatus
from reporting.models import HighlightReport
from reporting.models.report import REF_PREFIX

from .bulk import HistoryWriter, insert, moment

PERIODS = 12
RAGS = ["green"] * 5 + ["amber"] * 3 + ["red"]
CURRENT = [ReportStatus.SUBMITTED, ReportStatus.SUBMITTED, ReportStatus.DRAFT, ReportStatus.RETURNED, None, None]
WORKING_DAYS = 5


def _report(data, rng, number, place, period, status):
    workstream = place if place in data.workstreams else next(w for w in data.workstreams
                                                              if w.pk == place.workstream_id)
    project = None if place in data.workstreams else place
    end = cycle.period_end(period)
    due = cycle.shift_working_days(end, WORKING_DAYS)
    author = project.manager_id if project else workstream.lead_id
    rags = {name: rng.choice(RAGS) for name in DIMENSIONS}
    worst = "red" if "red" in rags.values() else "amber" if "amber" in rags.values() else "green"
    report = HighlightReport(
        tenant_id=data.tenant.pk, number=number, ref=f"{REF_PREFIX}-{number:04d}",
        level=ReportLevel.PROJECT if project else ReportLevel.WORKSTREAM, workstream_id=workstream.pk,
        project_id=project.pk if project else None, period_start=period, period_end=end, due_date=due, version=1,
        status=status, overall_rag=worst, overall_suggested=worst, author_id=author,
        achievements="Generated (load data).", created=moment(end, rng), updated=moment(due, rng))
    for name, rag in rags.items():
        setattr(report, f"{name}_rag", rag)
        setattr(report, f"{name}_suggested", rag if rng.random() < 0.8 else rng.choice(RAGS))
        if rag != "green":
            setattr(report, f"{name}_commentary", "Generated commentary (load data).")
    if status != ReportStatus.DRAFT:
        report.submitted_by_id, report.submitted_at = author, moment(due - datetime.timedelta(days=1), rng)
    if status == ReportStatus.SIGNED_OFF:
        report.signed_off_by_id, report.signed_off_at = workstream.sro_id, moment(due, rng)
    if status == ReportStatus.RETURNED:
        report.returned_by_id, report.returned_at = workstream.sro_id, moment(due, rng)
        report.return_reason = "Say what the finance variance is for."
    return report


def build(data, size, rng):
    current = cycle.last_closed_period(data.today)
    periods = [current]
    while len(periods) < PERIODS + 1:
        periods.insert(0, cycle.previous_period(periods[0]))
    reports = []
    for place in [*data.workstreams, *data.projects]:
        for period in periods[:-1]:
            reports.append(_report(data, rng, len(reports) + 1, place, period, ReportStatus.SIGNED_OFF))
        status = rng.choice(CURRENT)
        if status is not None:
            reports.append(_report(data, rng, len(reports) + 1, place, current, status))
    reports = insert(HighlightReport, reports)
    if reports:
        ReferenceCounter.all_tenants.update_or_create(tenant_id=data.tenant.pk, kind=REF_PREFIX,
                                                      defaults={"last": len(reports)})
    writer = HistoryWriter(HighlightReport)
    for report in reports:
        writer.record(report, report.created, "+", report.author_id, "Generated (load data)")
    writer.flush()
    return {"highlight reports": len(reports)}
