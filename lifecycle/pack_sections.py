"""What the programme's lifecycle puts on agendas and in board packs (PID s3.3, s3.6, s4.6), registered in
``core.registry`` (found by ``autodiscover_modules("pack_sections")``; the programme's own standing
sections live in ``meetings.pack_sections``).

- papers for the Delivery Board: end-of-stage reports submitted to it, and EIAs signed off by their SRO;
- papers for the Partnership Board: end-of-stage reports the Delivery Board approved, and the programme's
  closure once submitted for approval;
- section "Programme lifecycle" (both boards): the stages and where each stands, and lessons learned since.
"""

from django.urls import reverse

from core import registry
from lifecycle.choices import ClosureStatus, EiaStatus, ReportStatus
from lifecycle.models import EndOfStageReport, EqualityImpactAssessment, Lesson, ProgrammeClosure
from programme.choices import BodyKind
from programme.models import Stage

AWAITING_REPORTS = {
    BodyKind.DELIVERY_BOARD: ReportStatus.SUBMITTED,
    BodyKind.PARTNERSHIP_BOARD: ReportStatus.DELIVERY_APPROVED,
}


def _report_paper(report):
    return registry.Paper(
        source="lifecycle.end_of_stage", obj=report, ref=f"EOS-{report.pk:03d}",
        title=f"End-of-stage report: {report.stage}", kind="End-of-stage reports",
        ask="Approve progression to the next stage, or reject", summary=report.changes_delivered[:600],
        link=reverse("lifecycle:report", args=[report.pk]),
        facts=(("Prepared by", str(report.prepared_by or "")),
               ("Plan for the next stage", report.next_stage_plan[:200]), ("Lessons", str(report.lessons.count()))),
    )


def awaiting_reports(body):
    status = AWAITING_REPORTS.get(body.kind)
    if status is None:
        return []
    reports = EndOfStageReport.objects.filter(status=status).select_related("stage", "prepared_by")
    return [_report_paper(report) for report in reports.order_by("stage__sequence")]


def awaiting_eias(body):
    if body.kind != BodyKind.DELIVERY_BOARD:
        return []
    eias = EqualityImpactAssessment.objects.filter(status=EiaStatus.SIGNED_OFF).select_related("workstream")
    papers = []
    for eia in eias.order_by("pk"):
        negative = eia.characteristics.filter(impact="negative").count()
        papers.append(registry.Paper(
            source="lifecycle.eia", obj=eia, ref=f"EIA-{eia.pk:03d}", title=eia.title,
            kind="Equality impact assessments", ask="Approve the EIA and its mitigation plan, or return it",
            summary=(eia.summary or eia.service_change)[:600], link=reverse("lifecycle:eia", args=[eia.pk]),
            facts=(("Workstream", str(eia.workstream)), ("Negative impacts", str(negative)),
                   ("Signed off by", str(eia.signed_off_by or ""))),
        ))
    return papers


def awaiting_closure(body):
    if body.kind != BodyKind.PARTNERSHIP_BOARD:
        return []
    closure = ProgrammeClosure.objects.filter(status=ClosureStatus.SUBMITTED).first()
    if closure is None:
        return []
    return [registry.Paper(
        source="lifecycle.closure", obj=closure, ref="CLOSE", title="Programme closure", kind="Programme closure",
        ask="Approve programme closure", summary=closure.closure_report[:600], link=reverse("lifecycle:closure"),
        facts=(("Post-implementation review", closure.post_implementation_review[:200]),
               ("Redeployment confirmed", "Yes" if closure.redeployment_confirmed else "No")),
    )]


def lifecycle_section(ctx):
    lessons = list(Lesson.objects.filter(created__date__gte=ctx.since).select_related("learned_by")
                   .order_by("-created")[: ctx.max_rows])
    return {"stages": list(Stage.objects.order_by("sequence")), "lessons": lessons}


registry.register_papers("lifecycle.end_of_stage", awaiting_reports, order=10)
registry.register_papers("lifecycle.eia", awaiting_eias, order=40)
registry.register_papers("lifecycle.closure", awaiting_closure, order=5)
registry.register_section("lifecycle", "Programme lifecycle", 25, "lifecycle/pack_section.html", lifecycle_section,
                          bodies=[BodyKind.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD])
