"""Stages, workstreams and the programme closing (PID s3.3, s3.6): the end-of-stage report approved by the
Delivery Board and then the Partnership Board, where a workstream stands in its lifecycle, and the one
``ProgrammeClosure`` of a partnership."""

from django.db import models

from core.models.base import TenantModel, tenant_history
from core.rules import Scope
from lifecycle.choices import ClosureStatus, ReportStatus, WorkstreamStatus

from .actions import Lesson
from .fields import user_field


class EndOfStageReport(TenantModel):
    """The end-of-stage report (PID s3.3): what this stage delivered, the plan for the next, risks, lessons."""

    stage = models.ForeignKey("programme.Stage", on_delete=models.PROTECT, related_name="end_of_stage_reports")
    prepared_by = user_field()
    changes_delivered = models.TextField(blank=True)
    benefits_delivered = models.TextField(blank=True)
    next_stage_plan = models.TextField("plan for the next stage", blank=True)
    risks_summary = models.TextField("risks", blank=True)
    lessons = models.ManyToManyField(Lesson, blank=True, related_name="end_of_stage_reports")
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    delivery_board_decided_by = user_field()
    delivery_board_decided_at = models.DateTimeField(null=True, blank=True)
    partnership_board_decided_by = user_field()
    partnership_board_decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    stage_closed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history(table_name="programme_historicalendofstagereport")

    class Meta:
        db_table = "programme_endofstagereport"  # its name from before it moved here
        ordering = ["stage__sequence", "-pk"]

    def __str__(self):
        return f"End-of-stage report: {self.stage}"

    def parties(self):
        """Who took part in the report, and so may not decide it alone by chair's action (separation of duties)."""
        return {self.prepared_by_id: "prepared"}


class WorkstreamLifecycle(TenantModel):
    """Where a workstream stands in its lifecycle; a workstream without one is taken as active."""

    workstream = models.OneToOneField("programme.Workstream", on_delete=models.PROTECT, related_name="lifecycle")
    status = models.CharField(max_length=20, choices=WorkstreamStatus.choices, default=WorkstreamStatus.ACTIVE)
    started_by = user_field()
    started_at = models.DateTimeField(null=True, blank=True)
    closed_by = user_field()
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_note = models.TextField(blank=True)

    history = tenant_history(table_name="programme_historicalworkstreamlifecycle")

    def __str__(self):
        return f"{self.workstream}: {self.get_status_display()}"

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id)

    class Meta:
        db_table = "programme_workstreamlifecycle"  # its name from before it moved here


class ProgrammeClosure(TenantModel):
    """Closing the Programme (PID s3.6, Appendix 3): one per tenant."""

    status = models.CharField(max_length=12, choices=ClosureStatus.choices, default=ClosureStatus.NOTIFIED)
    notified_by = user_field()
    notified_at = models.DateTimeField(null=True, blank=True)
    closure_report = models.TextField(blank=True)
    post_implementation_review = models.TextField(blank=True)
    review_by = user_field()
    redeployment_confirmed = models.BooleanField(default=False)
    redeployment_note = models.TextField(blank=True)
    redeployment_confirmed_by = user_field()
    submitted_by = user_field()
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = user_field()
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    disbanded_by = user_field()
    disbanded_at = models.DateTimeField(null=True, blank=True)

    history = tenant_history(table_name="programme_historicalprogrammeclosure")

    class Meta:
        db_table = "programme_programmeclosure"  # its name from before it moved here
        constraints = [models.UniqueConstraint(fields=["tenant"], name="one_programme_closure_per_tenant",
                                               violation_error_message=("This programme's closure has already been "
                                                                        "started."))]

    def __str__(self):
        return "Programme closure"

    def parties(self):
        """Who put the closure to the Partnership Board, and so may not decide it alone by chair's action."""
        return {self.submitted_by_id: "submitted"}
