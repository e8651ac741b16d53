"""What progress reporting asks of a person, on "My work", and a place's latest report on the workstream and project
pages (``core.registry.register_work`` and ``register_place_panel``, found by ``autodiscover_modules("work")``): the
reports they must write, those awaiting their sign-off, and a place's latest report."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import notifications, registry
from programme.models import Project, Workstream
from reporting import dashboard, services
from reporting.choices import ReportStatus
from reporting.models import HighlightReport

WRITE, SIGN_OFF = "Highlight report to write", "Highlight report to sign off"


def _write_url(place):
    return f"{reverse('reporting:create')}{registry.place_filter(place)}"


def work_for(user, today=None):
    """[{title, url, kind, due, overdue}]: the current period's reports ``user`` writes (as a project's manager or
    a workstream's lead) that are not yet submitted, then the submitted reports awaiting ``user``'s sign-off."""
    today = today or timezone.localdate()
    period = services.current_period(today)
    due = services.due_date(period)
    label = services.period_label(period)
    places = [*Workstream.objects.filter(lead=user).order_by("name"),
              *Project.objects.filter(manager=user).select_related("workstream").order_by("name")]
    current = {}
    for report in (HighlightReport.objects.filter(period_start=period)  # one query, whether the user writes any
                   .filter(Q(project__manager=user) | Q(project__isnull=True, workstream__lead=user))
                   .order_by("version")):
        current[(report.workstream_id, report.project_id)] = report
    items = []
    for place in places:
        key = (place.workstream_id, place.pk) if isinstance(place, Project) else (place.pk, None)
        report = current.get(key)
        if report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.SIGNED_OFF):
            continue
        url = reverse("reporting:detail", args=[report.pk]) if report is not None else _write_url(place)
        returned = report is not None and report.status == ReportStatus.RETURNED
        items.append({"title": f"{place}, {label}" + (" (returned: " + report.return_reason + ")" if returned else ""),
                      "url": url, "kind": WRITE, "due": due, "overdue": today > due and not returned})
    # Awaiting their sign-off: as the inbox asks them (``notify_deciders`` on submission, settled by the decision),
    # while still submitted; one query however many (a permission check per report would cost two each).
    submitted = (notifications.awaiting(user, HighlightReport, [services.AWAITING_SIGN_OFF])
                 .filter(status=ReportStatus.SUBMITTED).select_related("workstream", "project")
                 .order_by("due_date", "number"))
    for report in submitted:
        items.append({"title": f"{report.ref} {report.place}, {report.period_label}",
                      "url": reverse("reporting:detail", args=[report.pk]), "kind": SIGN_OFF,
                      "due": report.due_date, "overdue": False})
    return items


def place_panel(place, user, today=None):
    """The context of a project's or workstream's "latest report" panel: its latest report (any state), its
    latest signed-off one with the five RAGs, the state of the current period's report, and the links."""
    today = today or timezone.localdate()
    project = place if isinstance(place, Project) else None
    workstream = place.workstream if project is not None else place
    reports = services.reports_of(project, workstream).select_related("signed_off_by")
    latest = reports.order_by("-period_start", "-version").first()
    signed = reports.filter(status=ReportStatus.SIGNED_OFF).order_by("-period_start", "-version").first()
    period = services.current_period(today)
    due = services.due_date(period)
    current = reports.filter(period_start=period).order_by("-version").first()
    writer = place.manager_id if project is not None else place.lead_id
    draft = HighlightReport(tenant=place.tenant, project=project, workstream=workstream)
    return {
        "place": place, "latest": latest, "signed_off": signed,
        "dimensions": signed.dimensions() if signed is not None else [],
        "period_label": services.period_label(period), "due": due,
        "state": dashboard.ReportState.LABELS[dashboard.state_of(current, due, today, writer is not None)],
        "list_url": f"{reverse('reporting:list')}{registry.place_filter(place)}",
        "write_url": _write_url(place) if current is None and user.has_perm("reporting.add_highlightreport", draft)
        else "",
    }


def work_items(user):
    return [registry.WorkItem(**item) for item in work_for(user)]


registry.register_work("reporting", "Highlight reports to write or sign off", work_items, order=15)
registry.register_place_panel("reporting", "Latest highlight report", 5, place_panel, "reporting/_place_panel.html")
