"""Highlight reports: written and submitted by the project manager (a workstream's lead), signed off or returned
by the SRO (PID s3: progress monitoring, reporting and forecasting). Each save refreshes the report's facts and
suggested RAGs from the registers (``reporting.prefill``) until it is signed off, when it is frozen. Services raise
the kernel's domain errors; the API and the pages translate them."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import notifications, rules
from core.exceptions import Invalid, WrongState
from core.tenancy import get_current_tenant
from meetings.models import Meeting
from programme.choices import BodyKind
from reporting import cycle, prefill, suggest
from reporting.choices import DIMENSIONS, ReportStatus
from reporting.models import HighlightReport, ReportingSettings
from reporting.rules import ADD, SIGN_OFF
from reporting.workflows import REPORT

TEXT_FIELDS = ["achievements", "plans_next", "decisions_needed", "escalations"]
EDIT_FIELDS = [
    *[f"{dimension}_{part}" for dimension in DIMENSIONS for part in ("rag", "forecast", "commentary")],
    "overall_rag", "overall_commentary", *TEXT_FIELDS,
]
ROLLED_UP = (ReportStatus.SUBMITTED, ReportStatus.SIGNED_OFF)
AWAITING_SIGN_OFF = "reporting.awaiting_sign_off"


def settings_for(tenant=None):
    return ReportingSettings.for_tenant(tenant or get_current_tenant())


def meeting_dates():
    """The Implementation Group's meeting dates, in order: the reporting cycle's deadlines follow them."""
    return list(Meeting.objects.filter(body__kind=BodyKind.IMPLEMENTATION_GROUP).order_by("date")
                .values_list("date", flat=True))


def due_date(start, settings=None, dates=None):
    settings = settings or settings_for()
    return cycle.due_date(start, settings.cycle_months, settings.due_working_days,
                          meeting_dates() if dates is None else dates, cycle.bank_holidays(settings.bank_holidays))


def current_period(today=None, settings=None):
    """The period whose reports are being written now: the latest that has ended."""
    settings = settings or settings_for()
    return cycle.last_closed_period(today or timezone.localdate(), settings.cycle_months)


def reports_of(project=None, workstream=None):
    if project is not None:
        return HighlightReport.objects.filter(project=project)
    return HighlightReport.objects.filter(workstream=workstream, project__isnull=True)


def previous_report(report):
    """The place's latest signed-off report of an earlier period."""
    return (reports_of(report.project if report.project_id else None, report.workstream)
            .filter(status=ReportStatus.SIGNED_OFF, period_start__lt=report.period_start)
            .order_by("-period_start", "-version").first())


def project_reports(report):
    """A workstream report's projects' reports for its period: the latest version of each."""
    if report.project_id:
        return []
    latest = {}
    for found in (HighlightReport.objects.filter(workstream_id=report.workstream_id, project__isnull=False,
                                                 period_start=report.period_start)
                  .select_related("project").order_by("project__name", "-version")):
        latest.setdefault(found.project_id, found)
    return list(latest.values())


def refresh(report, today=None):
    """Recompute the report's facts and suggested RAGs from the registers (and its projects' reports)."""
    before = previous_report(report)
    since = before.period_end + timezone.timedelta(days=1) if before else report.period_start
    facts = prefill.prefill(report.workstream, report.project, report.period_start, report.period_end, since,
                            today)
    projects = project_reports(report)
    facts["projects"] = [{"ref": found.ref, "project": found.project.name, "status": found.status,
                          "overall": found.overall_rag} for found in projects]
    report.prefill = facts
    for dimension in DIMENSIONS:
        setattr(report, f"{dimension}_suggested", facts["dimensions"][str(dimension)]["suggested"])
    rolled = [found.overall_rag for found in projects if found.status in ROLLED_UP]
    report.overall_suggested = suggest.overall([report.rag_of(d) for d in DIMENSIONS], rolled) or ""
    return report


def new_report(user, project=None, workstream=None, period_start=None, today=None):
    """An unsaved report for the place and period (the current one by default), pre-filled: the author's RAGs
    start at the suggestions (green where there is none) and the forecasts at the registers' next step."""
    settings = settings_for()
    start = cycle.period_start(period_start, settings.cycle_months) if period_start else current_period(
        today, settings)
    report = HighlightReport(tenant=get_current_tenant(), project=project,
                             workstream=project.workstream if project is not None else workstream,
                             period_start=start, period_end=cycle.period_end(start, settings.cycle_months),
                             author=user)
    report.sync_place()
    report.due_date = due_date(start, settings)
    for dimension in DIMENSIONS:
        setattr(report, f"{dimension}_rag", "green")
    refresh(report, today)
    for dimension in DIMENSIONS:
        suggested = getattr(report, f"{dimension}_suggested")
        if suggested:
            setattr(report, f"{dimension}_rag", suggested)
        setattr(report, f"{dimension}_forecast", report.prefill["dimensions"][str(dimension)]["forecast"])
    refresh(report, today)
    report.overall_rag = report.overall_suggested
    return report


def _save(report, user, reason):
    report._history_user = user
    report._change_reason = reason
    report.save()
    return report


def _check_period_free(report):
    existing = reports_of(report.project if report.project_id else None, report.workstream).filter(
        period_start=report.period_start).order_by("-version").first()
    if existing is None:
        return
    if existing.status == ReportStatus.SIGNED_OFF:
        raise Invalid({"period_start": [f"{report.place}'s report for {existing.period_label} is already signed "
                                        f"off ({existing.ref}): the SRO may reopen it as a new version."]})
    raise Invalid({"period_start": [f"{report.place} already has a report for {existing.period_label} "
                                    f"({existing.ref}, {existing.get_status_display().lower()}): edit that one."]})


def create_report(user, project=None, workstream=None, period_start=None, today=None, **values):
    """Start the place's report for a period with the author's choices over the pre-filled values."""
    if project is None and workstream is None:
        raise Invalid({"project": ["Choose the project (or the workstream) the report is for."]})
    with transaction.atomic():
        report = new_report(user, project, workstream, period_start, today)
        rules.require(user, ADD, report, verb="write a highlight report for")
        _check_period_free(report)
        _apply(report, values)
        refresh(report, today)
        report.full_clean(exclude=["tenant", "author"])
        return _save(report, user, "Written")


def _apply(report, values):
    unknown = sorted(set(values) - set(EDIT_FIELDS))
    if unknown:
        raise Invalid({name: ["This field cannot be set on a highlight report."] for name in unknown})
    for name, value in values.items():
        setattr(report, name, value if value is not None else "")


def _locked(report):
    return HighlightReport.objects.select_for_update(of=("self",)).get(pk=report.pk)


def update_report(report, user, today=None, **values):
    with transaction.atomic():
        report = _locked(report)
        REPORT.check(user, report, "edit")
        _apply(report, values)
        refresh(report, today)
        report.full_clean(exclude=["tenant", "author"])
        return _save(report, user, "Edited")


def _link(report):
    return reverse("reporting:detail", args=[report.pk])


def submit(report, user, today=None):
    """Submit for the SRO's sign-off: the facts are refreshed and every RAG that needs commentary must have it."""
    with transaction.atomic():
        report = _locked(report)
        REPORT.check(user, report, "submit")
        refresh(report, today)
        report.full_clean(exclude=["tenant", "author"])
        report.status = ReportStatus.SUBMITTED
        report.submitted_by, report.submitted_at = user, timezone.now()
        _save(report, user, "Submitted for sign-off")
        notifications.notify_deciders(
            SIGN_OFF, report, f"Highlight report to sign off: {report.place}, {report.period_label}",
            f"{report.ref} was submitted by {user.get_full_name() or user.username}.", link=_link(report),
            kind=AWAITING_SIGN_OFF, exclude=[user])
        return report


def _not_own(report, user, step):
    if user.pk in {report.author_id, report.submitted_by_id}:
        raise Invalid(f"You wrote or submitted {report.ref}, so you cannot {step} it: the SRO must "
                      "(separation of duties).")


def sign_off(report, user):
    with transaction.atomic():
        report = _locked(report)
        _not_own(report, user, "sign off")
        REPORT.check(user, report, "sign_off")
        report.status = ReportStatus.SIGNED_OFF
        report.signed_off_by, report.signed_off_at = user, timezone.now()
        _save(report, user, "Signed off")
        notifications.mark_settled(report, AWAITING_SIGN_OFF)
        notifications.notify([report.author, report.submitted_by], f"{report.ref} was signed off",
                             f"{report.place}, {report.period_label}.", link=_link(report), obj=report,
                             kind="reporting.signed_off")
        return report


def return_report(report, user, reason):
    if not (reason or "").strip():
        raise Invalid({"reason": ["Say why the report is returned, so its author can put it right."]})
    with transaction.atomic():
        report = _locked(report)
        _not_own(report, user, "return")
        REPORT.check(user, report, "return")
        report.status = ReportStatus.RETURNED
        report.returned_by, report.returned_at, report.return_reason = user, timezone.now(), reason.strip()
        _save(report, user, f"Returned: {reason.strip()}")
        notifications.mark_settled(report, AWAITING_SIGN_OFF)
        notifications.notify([report.author, report.submitted_by], f"{report.ref} was returned",
                             reason.strip(), link=_link(report), obj=report, kind="reporting.returned")
        return report


def reopen(report, user, reason, today=None):
    """A signed-off report stays as it was signed off; reopening starts the next version, a draft copy."""
    if not (reason or "").strip():
        raise Invalid({"reason": ["Say why the report is reopened."]})
    with transaction.atomic():
        report = _locked(report)
        REPORT.check(user, report, "reopen")
        if reports_of(report.project if report.project_id else None, report.workstream).filter(
                period_start=report.period_start, version__gt=report.version).exists():
            raise WrongState(f"{report.ref} already has a later version: reopen that one.")
        copy = HighlightReport(tenant=report.tenant, workstream=report.workstream, project=report.project,
                               period_start=report.period_start, period_end=report.period_end,
                               due_date=report.due_date, version=report.version + 1, author=report.author,
                               **{name: getattr(report, name) for name in EDIT_FIELDS})
        refresh(copy, today)
        return _save(copy, user, f"Reopened from {report.ref}: {reason.strip()}")


def period_label(start, settings=None):
    return cycle.period_label(start, (settings or settings_for()).cycle_months)
