"""The issue log (PID s4.4 "Issue Resolution"): events that have happened, and disputes arbitrated upwards."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TenantModel, tenant_history
from risks.choices import ISSUE_LEVELS, DisputeStage, IssuePriority, IssueStatus, Level

from .risk import RegisterItem


class Issue(RegisterItem):
    REF_PREFIX = "I"

    priority = models.CharField(max_length=10, choices=IssuePriority.choices, default=IssuePriority.MEDIUM)
    status = models.CharField(max_length=12, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    resolution = models.TextField(blank=True)
    raised_on = models.DateField(default=timezone.localdate)
    resolved_on = models.DateField(null=True, blank=True)
    dispute_stage = models.CharField(max_length=20, choices=DisputeStage.choices, default=DisputeStage.NONE)
    risk = models.ForeignKey("risks.Risk", on_delete=models.SET_NULL, null=True, blank=True, related_name="issues",
                             help_text="The risk this issue is the materialisation of, if any.")

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "ref"], name="issue_ref_unique_per_tenant",
                                    violation_error_message="Another issue already has this reference."),
            models.UniqueConstraint(fields=["tenant", "number"], name="issue_number_unique_per_tenant",
                                    violation_error_message="Another issue already has this number."),
            models.CheckConstraint(condition=Q(level__in=ISSUE_LEVELS), name="issue_level_is_a_register",
                                   violation_error_message="Choose a register that keeps an issue log."),
            models.CheckConstraint(
                condition=~Q(level=Level.PROJECT, project__isnull=True), name="issue_project_level_has_project",
                    violation_error_message="An issue on a project register must name its project.",
            ),
            models.CheckConstraint(
                condition=~Q(level=Level.WORKSTREAM, workstream__isnull=True),
                name="issue_workstream_level_has_workstream",
                violation_error_message="An issue on a workstream register must name its workstream.",
            ),
        ]

    def perm(self, action):
        from risks.rules import issue_perm

        return issue_perm(action, self.level)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.level not in ISSUE_LEVELS:
            errors["level"] = ["An issue sits on a project, workstream or the programme issue log."]
        self.clean_hierarchy(errors)
        if self.status in (IssueStatus.RESOLVED, IssueStatus.CLOSED) and not (self.resolution or "").strip():
            errors.setdefault("resolution", []).append("Record the resolution before resolving or closing an issue.")
        if errors:
            raise ValidationError(errors)

    def before_save(self):
        if self.status in (IssueStatus.RESOLVED, IssueStatus.CLOSED) and not self.resolved_on:
            self.resolved_on = timezone.localdate()


class IssueEscalation(TenantModel):
    """A recorded step of a dispute up the arbitration ladder."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="escalations")
    from_stage = models.CharField(max_length=20, choices=DisputeStage.choices)
    to_stage = models.CharField(max_length=20, choices=DisputeStage.choices)
    reason = models.TextField()
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["escalated_at", "pk"]

    def __str__(self):
        return f"{self.issue.ref}: {self.get_from_stage_display()} → {self.get_to_stage_display()}"
