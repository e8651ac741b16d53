"""What the programme's lifecycle puts on "My work" (``core.registry``, found by ``autodiscover_modules("work")``):
the end-of-stage reports, EIAs and the programme's closure awaiting the person's decision, as their inbox asks them
(``core.notifications.awaiting``: the board's chair and the PMO as its secretary), while the paper still awaits a
board."""

from django.urls import reverse

from core import notifications, registry
from lifecycle.assurance import EIA_AWAITING
from lifecycle.choices import ClosureStatus, EiaStatus, ReportStatus
from lifecycle.models import EndOfStageReport, EqualityImpactAssessment, ProgrammeClosure
from lifecycle.services import CLOSURE_AWAITING, REPORT_AWAITING

REPORT_BOARDS = {ReportStatus.SUBMITTED: "Delivery Board", ReportStatus.DELIVERY_APPROVED: "Partnership Board"}


def decisions(user):
    reports = (notifications.awaiting(user, EndOfStageReport, [REPORT_AWAITING])
               .filter(status__in=list(REPORT_BOARDS)).select_related("stage").order_by("stage__sequence", "pk"))
    eias = (notifications.awaiting(user, EqualityImpactAssessment, [EIA_AWAITING])
            .filter(status=EiaStatus.SIGNED_OFF).select_related("workstream").order_by("signed_off_at", "pk"))
    closures = notifications.awaiting(user, ProgrammeClosure, [CLOSURE_AWAITING]).filter(
        status=ClosureStatus.SUBMITTED)
    items = [registry.WorkItem(f"End-of-stage report: {report.stage}", reverse("lifecycle:report", args=[report.pk]),
                               f"Report for the {REPORT_BOARDS[report.status]}") for report in reports]
    items += [registry.WorkItem(f"Equality impact assessment: {eia.title}", reverse("lifecycle:eia", args=[eia.pk]),
                                "EIA for the Delivery Board", place=str(eia.workstream)) for eia in eias]
    items += [registry.WorkItem("Programme closure", reverse("lifecycle:closure"), "Closure for the Partnership Board")
              for _closure in closures]
    return items


registry.register_work("lifecycle", "Reports and assessments awaiting your decision", decisions, order=40)
